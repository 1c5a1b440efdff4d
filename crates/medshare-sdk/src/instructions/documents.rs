use super::{build, DISCLOSE_DOCUMENT_KEY_CIRCUIT};
use crate::addresses;
use share_medical_records::{accounts, instruction, state::DocumentContents, DisclosureRequest};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// `uploader` (the patient, or a provider whose grant covers documents) adds document `id` to
/// `patient`'s documents.
pub fn add_document(
    uploader: &Pubkey,
    patient: &Pubkey,
    id: u64,
    contents: DocumentContents,
    emergency_access: bool,
) -> Instruction {
    let grant = (uploader != patient).then(|| addresses::grant(patient, uploader));
    build(
        accounts::AddDocument {
            uploader: *uploader,
            grant,
            document: addresses::document(patient, id),
            system_program: anchor_lang::system_program::ID,
        },
        instruction::AddDocument {
            patient: *patient,
            id,
            contents,
            emergency_access,
        },
    )
}

/// The patient withdraws document `id`.
pub fn withdraw_document(patient: &Pubkey, id: u64) -> Instruction {
    build(
        accounts::WithdrawDocument {
            patient: *patient,
            document: addresses::document(patient, id),
        },
        instruction::WithdrawDocument {},
    )
}

/// Who asks for which document's key, and the accounts backing the request, as for records
/// (`DisclosureAccounts`).
#[derive(Debug, Clone, Copy)]
pub struct DocumentKeyRequest {
    pub requester: Pubkey,
    pub document: Pubkey,
    pub provider: Option<Pubkey>,
    pub grant: Option<Pubkey>,
    pub access_config: Option<Pubkey>,
}

impl DocumentKeyRequest {
    /// The patient sends the key of their own document.
    pub fn by_patient(patient: &Pubkey, document: Pubkey) -> Self {
        DocumentKeyRequest {
            requester: *patient,
            document,
            provider: None,
            grant: None,
            access_config: None,
        }
    }

    /// A provider under its grant from `patient`.
    pub fn under_grant(provider_wallet: &Pubkey, patient: &Pubkey, document: Pubkey) -> Self {
        DocumentKeyRequest {
            requester: *provider_wallet,
            document,
            provider: Some(addresses::provider(provider_wallet)),
            grant: Some(addresses::grant(patient, provider_wallet)),
            access_config: None,
        }
    }

    /// A provider on the break-glass list, for a document the patient opened to it.
    pub fn in_emergency(provider_wallet: &Pubkey, document: Pubkey) -> Self {
        DocumentKeyRequest {
            requester: *provider_wallet,
            document,
            provider: Some(addresses::provider(provider_wallet)),
            grant: None,
            access_config: Some(addresses::access_config()),
        }
    }
}

/// `disclose_document_key`: queues the re-encryption of the document's file key.
pub fn disclose_document_key(
    accounts: &DocumentKeyRequest,
    computation_offset: u64,
    request: DisclosureRequest,
) -> Instruction {
    build(
        queue_accounts!(
            accounts::DiscloseDocumentKey {
                requester: accounts.requester,
                document: accounts.document,
                provider: accounts.provider,
                grant: accounts.grant,
                access_config: accounts.access_config,
                disclosure: addresses::receipt(computation_offset),
            },
            DISCLOSE_DOCUMENT_KEY_CIRCUIT,
            computation_offset
        ),
        instruction::DiscloseDocumentKey {
            computation_offset,
            request,
        },
    )
}
