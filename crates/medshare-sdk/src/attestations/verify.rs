//! What the recipient of an attestation checks: that it was delivered to its key, names the
//! patient, is neither revoked nor expired, came from an accredited attester, and that the body
//! it decrypted reproduces the commitment on chain.

use super::{commitment, Diagnosis};
use crate::{
    addresses,
    client::{Client, ClientError, Result},
    connection::Connection,
    events::AttestationDisclosed,
    sealed_pair::open_delivered_pair,
    SecretKey,
};
use share_medical_records::state::{
    Accreditation, Attestation, ConsentChange, DisclosureStatus, DisclosureSubject,
};
use solana_program::pubkey::Pubkey;

/// One check of a received attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The disclosure was delivered to the verifier's key, and the body opens with it.
    DeliveredToYourKey,
    /// The attestation is about the patient the disclosure is of (and the one expected).
    NamesThePatient,
    NotRevoked,
    /// No later attestation of the attester replaced it (the program marks the one replaced).
    NotSuperseded,
    NotExpired,
    /// The attester was accredited by the access configuration's authority when it attested.
    AttesterAccredited,
    /// The decrypted body and salt hash to the commitment the attestation account holds.
    MatchesCommitment,
}

impl Check {
    pub fn describe(self) -> &'static str {
        match self {
            Check::DeliveredToYourKey => "delivered to your key",
            Check::NamesThePatient => "names the patient",
            Check::NotRevoked => "not revoked",
            Check::NotSuperseded => "not superseded",
            Check::NotExpired => "not expired",
            Check::AttesterAccredited => "attester accredited when it attested",
            Check::MatchesCommitment => "body matches the on-chain commitment",
        }
    }
}

/// A received attestation and how each check went (`Err` says why it failed).
#[derive(Debug, Clone)]
pub struct Verification {
    pub address: Pubkey,
    pub attestation: Attestation,
    /// The body, when it opened and decodes.
    pub diagnosis: Option<Diagnosis>,
    pub checks: Vec<(Check, std::result::Result<(), String>)>,
}

impl Verification {
    /// The first check that failed, if any.
    pub fn failure(&self) -> Option<(Check, &str)> {
        self.checks
            .iter()
            .find_map(|(check, outcome)| outcome.as_ref().err().map(|why| (*check, why.as_str())))
    }

    /// The evidence document's address, if the body names one.
    pub fn evidence(&self) -> Option<Pubkey> {
        let id = self.diagnosis.as_ref()?.evidence?;
        Some(addresses::document(&self.attestation.recipient, id))
    }
}

fn check(holds: bool, why: impl FnOnce() -> String) -> std::result::Result<(), String> {
    if holds {
        Ok(())
    } else {
        Err(why())
    }
}

impl<C: Connection> Client<C> {
    /// Verifies the attestation disclosure `offset` delivered, decrypting with `key`, as proof
    /// about `patient`: required, since anyone can hand over the offset of another patient's
    /// disclosure as their own.
    pub async fn verify_attestation(
        &mut self,
        offset: u64,
        key: &SecretKey,
        patient: &Pubkey,
    ) -> Result<Verification> {
        let receipt = self.delivered_receipt(offset).await?;
        let DisclosureSubject::Attestation { address } = receipt.subject else {
            return Err(ClientError::NotFound(format!(
                "an attestation in disclosure {offset}, which disclosed {:?}",
                receipt.subject
            )));
        };
        let attestation = self.attestation(&address).await?;
        let delivered = self
            .delivered::<AttestationDisclosed>(&receipt)
            .await?
            .delivered;
        let mxe_key = self.mxe_public_key().await?;
        let opened = open_delivered_pair(
            &delivered.ciphertexts,
            delivered.output_nonce,
            key,
            &mxe_key,
        )
        .map_err(crate::record::RecordError::from)?
        .filter(|_| receipt.recipient_key == key.public_key());
        let now = self.now().await?;
        let accreditation: Option<Accreditation> = self
            .fetch(addresses::accreditation(&attestation.attester))
            .await?;

        let mut checks = vec![(
            Check::DeliveredToYourKey,
            check(opened.is_some(), || {
                "the disclosure was encrypted for another key".to_string()
            }),
        )];
        checks.push((
            Check::NamesThePatient,
            check(
                attestation.recipient == receipt.patient && attestation.recipient == *patient,
                || format!("it is about {}", attestation.recipient),
            ),
        ));
        let revoked_meanwhile =
            receipt.status == DisclosureStatus::DeliveredAfter(ConsentChange::AttestationRevoked);
        checks.push((
            Check::NotRevoked,
            check(
                attestation.revoked_at.is_none() && !revoked_meanwhile,
                || "the attester revoked it".to_string(),
            ),
        ));
        checks.push((
            Check::NotSuperseded,
            match attestation.superseded_by {
                None => Ok(()),
                Some(later) => Err(format!("attestation {later} replaced it")),
            },
        ));
        checks.push((
            Check::NotExpired,
            check(attestation.expires_at.is_none_or(|at| now < at), || {
                "it expired".to_string()
            }),
        ));
        checks.push((
            Check::AttesterAccredited,
            check(
                accreditation.is_some()
                    && attestation.attester_accredited_at <= attestation.created_at,
                || "no accreditation of the attester is on chain".to_string(),
            ),
        ));
        let body = opened
            .filter(|[body, salt]| commitment(&address, *body, *salt) == attestation.commitment);
        checks.push((
            Check::MatchesCommitment,
            check(body.is_some(), || {
                "the decrypted body does not hash to the commitment".to_string()
            }),
        ));
        let diagnosis = body.and_then(|[body, _]| Diagnosis::from_packed(body).ok());
        Ok(Verification {
            address,
            attestation,
            diagnosis,
            checks,
        })
    }
}
