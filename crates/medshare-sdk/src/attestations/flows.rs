//! The attestation flows over any chain connection: accredit, attest, revoke, list, send.

use super::{commitment, Diagnosis};
use crate::{
    addresses,
    client::{Client, ClientError, Result},
    connection::Connection,
    instructions::{self, PairRequest, PairSubject},
    sealed_pair::seal_pair,
    Receipt,
};
use anchor_lang::Discriminator;
use medshare_crypto::sealed;
use share_medical_records::{
    state::{Accreditation, Attestation, AttestationSchema},
    DisclosureRequest, Statement,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;

/// Where an attestation account keeps its recipient: after the discriminator and the attester.
const RECIPIENT_OFFSET: usize = 8 + 32;

/// What an attester states beyond the diagnosis.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terms {
    /// Unix time from which it no longer holds.
    pub expires_at: Option<i64>,
    /// An earlier attestation of this attester about the same patient, which this one replaces.
    pub supersedes: Option<Pubkey>,
}

impl<C: Connection> Client<C> {
    pub async fn accredit_provider(
        &mut self,
        authority: &Keypair,
        provider: &Pubkey,
    ) -> Result<Receipt> {
        let accredit = instructions::accredit_provider(&authority.pubkey(), provider);
        self.send(accredit, authority).await
    }

    pub async fn withdraw_accreditation(
        &mut self,
        authority: &Keypair,
        provider: &Pubkey,
    ) -> Result<Receipt> {
        let withdraw = instructions::withdraw_accreditation(&authority.pubkey(), provider);
        self.send(withdraw, authority).await
    }

    /// `attester` (accredited, holding a grant in force from `patient`) attests `diagnosis`:
    /// the body and a fresh salt are sealed to the MXE under a one-time key, bound to the
    /// patient and the new account, and committed to in the clear. Returns its address.
    pub async fn attest(
        &mut self,
        attester: &Keypair,
        patient: &Pubkey,
        diagnosis: &Diagnosis,
        terms: Terms,
    ) -> Result<Pubkey> {
        let accreditation: Option<Accreditation> = self
            .fetch(addresses::accreditation(&attester.pubkey()))
            .await?;
        if accreditation.is_none_or(|accreditation| accreditation.withdrawn_at.is_some()) {
            return Err(ClientError::NotAccredited(attester.pubkey()));
        }
        let id = rand::random::<u64>();
        let address = addresses::attestation(&attester.pubkey(), id);
        let body = diagnosis.packed()?;
        let salt = rand::random::<u128>();
        let binding = sealed::attestation_binding(&patient.to_bytes(), &address.to_bytes());
        let mxe_key = self.mxe_public_key().await?;
        let sealed_body =
            seal_pair([body, salt], &mxe_key, binding).map_err(crate::record::RecordError::from)?;
        let statement = Statement {
            schema: AttestationSchema::Diagnosis,
            expires_at: terms.expires_at,
            commitment: commitment(&address, body, salt),
            sealed_body,
        };
        let attest =
            instructions::attest(&attester.pubkey(), patient, id, statement, terms.supersedes);
        self.send(attest, attester).await?;
        Ok(address)
    }

    /// The attester revokes its attestation; the account stays.
    pub async fn revoke_attestation(
        &mut self,
        attester: &Keypair,
        attestation: &Pubkey,
    ) -> Result<Receipt> {
        let revoke = instructions::revoke_attestation(&attester.pubkey(), attestation);
        self.send(revoke, attester).await
    }

    pub async fn attestation(&mut self, address: &Pubkey) -> Result<Attestation> {
        self.fetch(*address)
            .await?
            .ok_or_else(|| ClientError::NotFound(format!("attestation {address}")))
    }

    /// The attestations about `patient`, revoked ones included, oldest first.
    pub async fn attestations_about(
        &mut self,
        patient: &Pubkey,
    ) -> Result<Vec<(Pubkey, Attestation)>> {
        let filter = Some((RECIPIENT_OFFSET, patient.to_bytes()));
        let mut found: Vec<(Pubkey, Attestation)> =
            self.list(Attestation::DISCRIMINATOR, filter).await?;
        found.sort_by_key(|(address, attestation)| (attestation.created_at, *address));
        Ok(found)
    }

    /// The patient sends an attestation about them to `recipient_key` (a provider's published
    /// key); returns the computation offset.
    pub async fn send_attestation(
        &mut self,
        patient: &Keypair,
        attestation: &Pubkey,
        recipient_key: [u8; 32],
    ) -> Result<u64> {
        let accounts =
            PairRequest::by_patient(&patient.pubkey(), PairSubject::Attestation(*attestation));
        let request = DisclosureRequest::Patient { recipient_key };
        self.request_sealed_pair(patient, accounts, request).await
    }

    /// A provider asks for an attestation's body under its grant from the patient it is about;
    /// returns the computation offset.
    pub async fn request_attestation(
        &mut self,
        provider: &Keypair,
        attestation: &Pubkey,
    ) -> Result<u64> {
        let patient = self.attestation(attestation).await?.recipient;
        let subject = PairSubject::Attestation(*attestation);
        let accounts = PairRequest::under_grant(&provider.pubkey(), &patient, subject);
        self.request_sealed_pair(provider, accounts, DisclosureRequest::Grant)
            .await
    }
}
