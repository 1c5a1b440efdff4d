use super::{build, RESEAL_RECORD_CIRCUIT};
use crate::addresses;
use anchor_lang::system_program;
use share_medical_records::{
    accounts, constants::RECORD_CIPHERTEXTS, instruction, state::PatientRecord,
};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// The encrypted form of a record as the program stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealedRecord {
    pub encryption_key: [u8; 32],
    pub nonce: u128,
    pub ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
}

impl From<&PatientRecord> for SealedRecord {
    /// The sealed contents an account holds, as anyone reading the ledger can copy them.
    fn from(record: &PatientRecord) -> Self {
        Self {
            encryption_key: record.encryption_key,
            nonce: record.nonce,
            ciphertexts: record.ciphertexts,
        }
    }
}

pub fn store_record(owner: &Pubkey, sealed: &SealedRecord) -> Instruction {
    build(
        accounts::StoreRecord {
            owner: *owner,
            record: addresses::record(owner),
            system_program: system_program::ID,
        },
        instruction::StoreRecord {
            encryption_key: sealed.encryption_key,
            nonce: sealed.nonce,
            ciphertexts: sealed.ciphertexts,
        },
    )
}

pub fn update_record(owner: &Pubkey, sealed: &SealedRecord) -> Instruction {
    update_record_at(owner, &addresses::record(owner), sealed)
}

/// `update_record` against an explicit record address (for authorization tests and tools).
pub fn update_record_at(signer: &Pubkey, record: &Pubkey, sealed: &SealedRecord) -> Instruction {
    build(
        accounts::UpdateRecord {
            owner: *signer,
            record: *record,
        },
        instruction::UpdateRecord {
            encryption_key: sealed.encryption_key,
            nonce: sealed.nonce,
            ciphertexts: sealed.ciphertexts,
        },
    )
}

/// Queues the re-encryption of `record_owner`'s record under `new_key`, signed by `signer`.
/// `new_tag` is the record's binding tag for the new key (`record::rotation_tag`); the result
/// is stored under the nonce the program derives from `computation_offset`.
pub fn rotate_record_key(
    signer: &Pubkey,
    record_owner: &Pubkey,
    computation_offset: u64,
    new_key: [u8; 32],
    new_tag: [u8; 32],
) -> Instruction {
    build(
        queue_accounts!(
            accounts::RotateRecordKey {
                owner: *signer,
                record: addresses::record(record_owner),
                rotation: addresses::receipt(computation_offset),
            },
            RESEAL_RECORD_CIRCUIT,
            computation_offset
        ),
        instruction::RotateRecordKey {
            computation_offset,
            new_key,
            new_tag,
        },
    )
}

/// `owner` closes their record and takes its rent back.
pub fn close_record(owner: &Pubkey) -> Instruction {
    build(
        accounts::CloseRecord {
            owner: *owner,
            record: addresses::record(owner),
        },
        instruction::CloseRecord {},
    )
}
