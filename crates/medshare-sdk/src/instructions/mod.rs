//! Instruction builders: one function per program instruction, taking what a caller knows.

/// The accounts struct `$accounts` of an instruction that queues circuit `$circuit` under
/// `$offset`: the fields given, then the Arcium accounts the program's `queue_accounts!`
/// declares. Any field the program adds or renames there fails to compile here.
macro_rules! queue_accounts {
    ($accounts:path { $($field:ident: $value:expr),* $(,)? }, $circuit:expr, $offset:expr) => {{
        use arcium_client::pda;
        use $crate::addresses::{self, CLUSTER_OFFSET};
        use share_medical_records::ID as PROGRAM_ID;
        $accounts {
            $($field: $value,)*
            sign_pda_account: pda::signer_acc(&PROGRAM_ID),
            mxe_account: pda::mxe_acc(&PROGRAM_ID),
            mempool_account: pda::mempool_acc(CLUSTER_OFFSET),
            executing_pool: pda::execpool_acc(CLUSTER_OFFSET),
            computation_account: addresses::computation($offset),
            comp_def_account: addresses::comp_def($circuit),
            cluster_account: pda::cluster_acc(CLUSTER_OFFSET),
            pool_account: pda::fee_pool_acc(),
            clock_account: pda::clock_acc(),
            system_program: anchor_lang::system_program::ID,
            arcium_program: arcium_client::ARCIUM_PROGRAM_ID,
        }
    }};
}

mod attestations;
mod consent;
mod disclosures;
mod documents;
mod expiry;
mod providers;
mod questions;
mod records;
mod sealed_pairs;
mod setup;
mod studies;

pub use attestations::*;
pub use consent::*;
pub use disclosures::*;
pub use documents::*;
pub use expiry::*;
pub use providers::*;
pub use questions::*;
pub use records::*;
pub use sealed_pairs::*;
pub use setup::*;
pub use studies::*;

use anchor_lang::{InstructionData, ToAccountMetas};
use share_medical_records::ID as PROGRAM_ID;
use solana_program::instruction::Instruction;

/// The circuit that discloses a record, whole or in part.
pub const DISCLOSE_RECORD_CIRCUIT: &str = "disclose_record";
/// The circuit that re-encrypts a record under the patient's new key.
pub const RESEAL_RECORD_CIRCUIT: &str = "reseal_record";
/// The circuits of research studies: a join, a leave, the reveal.
pub const JOIN_STUDY_CIRCUIT: &str = "join_study";
pub const LEAVE_STUDY_CIRCUIT: &str = "leave_study";
pub const REVEAL_STUDY_CIRCUIT: &str = "reveal_study";
/// The circuit that re-encrypts a sealed pair for a recipient: a document's file key or an
/// attestation's body.
pub const DISCLOSE_SEALED_PAIR_CIRCUIT: &str = "disclose_sealed_pair";
/// The circuit that answers an eligibility question about a record.
pub const ANSWER_QUESTION_CIRCUIT: &str = "answer_question";
/// Every circuit medshare registers, in the order a deployment registers them.
pub const CIRCUITS: [&str; 7] = [
    DISCLOSE_RECORD_CIRCUIT,
    RESEAL_RECORD_CIRCUIT,
    JOIN_STUDY_CIRCUIT,
    LEAVE_STUDY_CIRCUIT,
    REVEAL_STUDY_CIRCUIT,
    DISCLOSE_SEALED_PAIR_CIRCUIT,
    ANSWER_QUESTION_CIRCUIT,
];

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}
