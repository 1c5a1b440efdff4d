use super::{build, DISCLOSE_SEALED_PAIR_CIRCUIT};
use crate::addresses;
use share_medical_records::{accounts, instruction, DisclosureRequest};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// What a sealed pair's disclosure is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairSubject {
    /// A document's file key, by the document's address.
    Document(Pubkey),
    /// An attestation's body, by the attestation's address.
    Attestation(Pubkey),
}

/// Who asks for which document key or attestation body, and the accounts backing the request,
/// as for records (`DisclosureAccounts`). `None` leaves an optional account out.
#[derive(Debug, Clone, Copy)]
pub struct PairRequest {
    pub requester: Pubkey,
    pub subject: PairSubject,
    pub provider: Option<Pubkey>,
    pub grant: Option<Pubkey>,
    pub access_config: Option<Pubkey>,
}

impl PairRequest {
    /// The patient sends it to a key of their choice.
    pub fn by_patient(patient: &Pubkey, subject: PairSubject) -> Self {
        PairRequest {
            requester: *patient,
            subject,
            provider: None,
            grant: None,
            access_config: None,
        }
    }

    /// A provider under its grant from `patient`.
    pub fn under_grant(provider_wallet: &Pubkey, patient: &Pubkey, subject: PairSubject) -> Self {
        PairRequest {
            requester: *provider_wallet,
            subject,
            provider: Some(addresses::provider(provider_wallet)),
            grant: Some(addresses::grant(patient, provider_wallet)),
            access_config: None,
        }
    }

    /// A provider on the break-glass list.
    pub fn in_emergency(provider_wallet: &Pubkey, subject: PairSubject) -> Self {
        PairRequest {
            requester: *provider_wallet,
            subject,
            provider: Some(addresses::provider(provider_wallet)),
            grant: None,
            access_config: Some(addresses::access_config()),
        }
    }
}

/// `disclose_sealed_pair`: queues the re-encryption of a document's file key or an
/// attestation's body for the recipient `request` entitles.
pub fn disclose_sealed_pair(
    accounts: &PairRequest,
    computation_offset: u64,
    request: DisclosureRequest,
) -> Instruction {
    let (document_address, attestation_address) = match accounts.subject {
        PairSubject::Document(address) => (Some(address), None),
        PairSubject::Attestation(address) => (None, Some(address)),
    };
    build(
        queue_accounts!(
            accounts::DiscloseSealedPair {
                requester: accounts.requester,
                document: document_address,
                attestation: attestation_address,
                provider: accounts.provider,
                grant: accounts.grant,
                access_config: accounts.access_config,
                disclosure: addresses::receipt(computation_offset),
            },
            DISCLOSE_SEALED_PAIR_CIRCUIT,
            computation_offset
        ),
        instruction::DiscloseSealedPair {
            computation_offset,
            request,
        },
    )
}
