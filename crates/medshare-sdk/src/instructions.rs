//! Instruction builders: one function per program instruction, taking what a caller knows.

use crate::addresses::{self, ArciumAccounts};
use anchor_lang::system_program;
use anchor_lang::{InstructionData, ToAccountMetas};
use arcium_client::pda;
use share_medical_records::{
    accounts, constants::RECORD_CIPHERTEXTS, instruction, ID as PROGRAM_ID,
};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// The encrypted form of a record as the program stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealedRecord {
    pub encryption_key: [u8; 32],
    pub nonce: u128,
    pub ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
}

pub const SHARE_RECORD_CIRCUIT: &str = "share_record";

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
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

/// Registers the `share_record` circuit, hosted at `circuit_url`; signed by the MXE authority.
/// `lut_offset_slot` is the MXE account's field of that name.
pub fn init_share_record_comp_def(
    authority: &Pubkey,
    circuit_url: &str,
    lut_offset_slot: u64,
) -> Instruction {
    let mxe = pda::mxe_acc(&PROGRAM_ID);
    build(
        accounts::InitShareRecordCompDef {
            payer: *authority,
            mxe_account: mxe,
            comp_def_account: addresses::comp_def(SHARE_RECORD_CIRCUIT),
            address_lookup_table: pda::mxe_lut_acc(&PROGRAM_ID, lut_offset_slot),
            lut_program: arcium_anchor::LUT_PROGRAM_ID,
            arcium_program: arcium_client::ARCIUM_PROGRAM_ID,
            system_program: system_program::ID,
        },
        instruction::InitShareRecordCompDef {
            circuit_url: circuit_url.to_string(),
        },
    )
}

/// Queues the re-encryption of `record_owner`'s record for `recipient_key`, signed by `signer`.
pub fn share_record(
    signer: &Pubkey,
    record_owner: &Pubkey,
    computation_offset: u64,
    recipient_key: [u8; 32],
    recipient_nonce: u128,
) -> Instruction {
    let arcium = ArciumAccounts::new(SHARE_RECORD_CIRCUIT, computation_offset);
    build(
        accounts::ShareRecord {
            owner: *signer,
            record: addresses::record(record_owner),
            disclosure: addresses::disclosure(computation_offset),
            sign_pda_account: arcium.sign_pda,
            mxe_account: arcium.mxe,
            mempool_account: arcium.mempool,
            executing_pool: arcium.executing_pool,
            computation_account: arcium.computation,
            comp_def_account: arcium.comp_def,
            cluster_account: arcium.cluster,
            pool_account: arcium.fee_pool,
            clock_account: arcium.clock,
            system_program: system_program::ID,
            arcium_program: arcium.arcium_program,
        },
        instruction::ShareRecord {
            computation_offset,
            recipient_key,
            recipient_nonce,
        },
    )
}
