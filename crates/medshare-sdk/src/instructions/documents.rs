use super::build;
use crate::addresses;
use share_medical_records::{accounts, instruction, state::DocumentContents};
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
    let by_provider = uploader != patient;
    build(
        accounts::AddDocument {
            uploader: *uploader,
            provider: by_provider.then(|| addresses::provider(uploader)),
            grant: by_provider.then(|| addresses::grant(patient, uploader)),
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
