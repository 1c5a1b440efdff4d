//! `reclaim_expired_computation_fee`: the payer of a computation that expired from the mempool
//! unexecuted closes its account and takes the lamports back. Without the account no callback
//! can ever be delivered, which is what lets an MXE program close out what waited on it.

use super::{
    accounts::{load, load_mxe_and_cluster, nth},
    errors::{ensure, ArciumError},
};
use arcium_client::{
    idl::arcium::{
        accounts::ComputationAccount, client::args::ReclaimExpiredComputationFee,
        types::ComputationStatus,
    },
    pda,
};
use solana_program::{
    account_info::AccountInfo, clock::Clock, entrypoint::ProgramResult, pubkey::Pubkey,
    sysvar::Sysvar,
};

/// How long a queued computation waits in the mempool for a node before it expires.
pub const MEMPOOL_LIFETIME_SLOTS: u64 = 180;

// Accounts, in the order of the Arcium IDL.
const SIGNER: usize = 0;
const MXE: usize = 1;
const CLUSTER: usize = 2;
const COMP: usize = 3;

pub fn process(
    _program_id: &Pubkey,
    accounts: &[AccountInfo],
    args: ReclaimExpiredComputationFee,
) -> ProgramResult {
    let signer = nth(accounts, SIGNER)?;
    ensure(signer.is_signer, ArciumError::InvalidAuthority)?;
    let (mxe, _) = load_mxe_and_cluster(
        nth(accounts, MXE)?,
        nth(accounts, CLUSTER)?,
        &args.mxe_program,
    )?;
    let comp_info = nth(accounts, COMP)?;
    ensure(
        *comp_info.key == pda::computation_acc(mxe.cluster, args.comp_offset),
        ArciumError::InvalidComputationOffset,
    )?;
    let computation: ComputationAccount = load(comp_info, ArciumError::InvalidComputationOffset)?;
    ensure(
        matches!(computation.status, ComputationStatus::Queued)
            && computation.mxe_program_id == args.mxe_program,
        ArciumError::InvalidComputation,
    )?;
    ensure(
        computation.payer == *signer.key,
        ArciumError::InvalidAuthority,
    )?;
    let expires_at = computation.slot.saturating_add(MEMPOOL_LIFETIME_SLOTS);
    ensure(
        Clock::get()?.slot > expires_at,
        ArciumError::ComputationNotExpired,
    )?;

    let lamports = comp_info.lamports();
    **comp_info.try_borrow_mut_lamports()? = 0;
    **signer.try_borrow_mut_lamports()? += lamports;
    comp_info.resize(0)?;
    comp_info.assign(&solana_system_interface::program::ID);
    Ok(())
}
