//! The Arcium program, run as a native builtin at Arcium's program id.
//!
//! It implements the instructions an MXE program, its users and a cluster node exchange with it
//! (`init_computation_definition`, `queue_computation`, `callback_computation`,
//! `reclaim_expired_computation_fee`) on the real
//! account layouts from `arcium-client`, so an MXE program's account constraints and
//! `verify_output` see exactly what they see on a real cluster. Fees, staking, mempool heaps and
//! address lookup tables are left out: nothing on the MXE side reads them.

mod accounts;
mod callback;
pub mod errors;
mod events;
mod init_comp_def;
pub mod queue;
pub mod reclaim;

use anchor_lang::Discriminator;
use arcium_client::idl::arcium::client::args;
use errors::ArciumError;
use solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, log::sol_log, pubkey::Pubkey,
};

/// Entry point of the local Arcium program.
pub fn process(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let (discriminator, payload) = data
        .split_at_checked(8)
        .ok_or(ArciumError::DeserializationFailed)?;
    if discriminator == args::InitComputationDefinition::DISCRIMINATOR {
        init_comp_def::process(program_id, accounts, accounts::decode(payload)?)
    } else if discriminator == args::QueueComputation::DISCRIMINATOR {
        queue::process(program_id, accounts, accounts::decode(payload)?)
    } else if discriminator == args::CallbackComputation::DISCRIMINATOR {
        callback::process(program_id, accounts, accounts::decode(payload)?)
    } else if discriminator == args::ReclaimExpiredComputationFee::DISCRIMINATOR {
        reclaim::process(program_id, accounts, accounts::decode(payload)?)
    } else {
        sol_log("instruction not supported by the local Arcium program");
        Err(solana_program::program_error::ProgramError::InvalidInstructionData)
    }
}
