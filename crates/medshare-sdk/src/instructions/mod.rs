//! Instruction builders: one function per program instruction, taking what a caller knows.

mod consent;
mod disclosures;
mod expiry;
mod providers;
mod records;
mod setup;

pub use consent::*;
pub use disclosures::*;
pub use expiry::*;
pub use providers::*;
pub use records::*;
pub use setup::*;

use anchor_lang::{InstructionData, ToAccountMetas};
use share_medical_records::ID as PROGRAM_ID;
use solana_program::instruction::Instruction;

/// The circuit that discloses a record, whole or in part.
pub const DISCLOSE_RECORD_CIRCUIT: &str = "disclose_record";
/// The circuit that re-encrypts a record under the patient's new key.
pub const RESEAL_RECORD_CIRCUIT: &str = "reseal_record";

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}
