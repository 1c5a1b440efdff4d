use super::{abandon_update, fail_reveal};
use crate::{constants::*, errors::MedshareError, instructions::require_expired, state::*, ID};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

#[derive(Accounts)]
pub struct ExpireStudyUpdate<'info> {
    #[account(
        mut,
        seeds = [STUDY_SHARD_SEED, membership.study.as_ref(), &[membership.shard]],
        bump = shard.bump,
    )]
    pub shard: Box<Account<'info, StudyShard>>,
    #[account(mut)]
    pub membership: Box<Account<'info, StudyMembership>>,
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// CHECK: by address; it must hold no data.
    pub computation_account: UncheckedAccount<'info>,
}

/// Closes out a join or leave whose computation the cluster dropped or has not answered within
/// the mempool's lifetime: anyone may, since it only records what the chain shows. The shard
/// takes updates again; a join counts nothing, a leave leaves the contribution counted.
pub fn close_out_study_update(ctx: Context<ExpireStudyUpdate>) -> Result<()> {
    let accounts = ctx.accounts;
    let (computation_offset, status) = match accounts.membership.status {
        MembershipStatus::Joining { computation_offset } => {
            (computation_offset, MembershipStatus::NotCounted)
        }
        MembershipStatus::Leaving { computation_offset } => {
            (computation_offset, MembershipStatus::Counted)
        }
        _ => return err!(MedshareError::StudyUpdateSuperseded),
    };
    require!(
        accounts.shard.pending == Some(computation_offset),
        MedshareError::StudyUpdateSuperseded
    );
    require_keys_eq!(
        accounts.computation_account.key(),
        derive_comp_pda!(computation_offset, accounts.mxe_account),
        MedshareError::ComputationMismatch
    );
    require_expired(&accounts.computation_account, accounts.shard.pending_since)?;
    let reason = "Expired".to_string();
    abandon_update(
        &mut accounts.shard,
        &mut accounts.membership,
        status,
        computation_offset,
        reason,
    );
    Ok(())
}

#[derive(Accounts)]
pub struct ExpireReveal<'info> {
    #[account(mut)]
    pub study: Box<Account<'info, Study>>,
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// CHECK: by address; it must hold no data.
    pub computation_account: UncheckedAccount<'info>,
}

/// Closes out a reveal whose computation the cluster dropped or has not answered within the
/// mempool's lifetime; anyone may, and the study can be revealed again.
pub fn close_out_reveal(ctx: Context<ExpireReveal>) -> Result<()> {
    let StudyStatus::Revealing {
        computation_offset,
        queued_slot,
    } = ctx.accounts.study.status
    else {
        return err!(MedshareError::RevealNotPending);
    };
    require_keys_eq!(
        ctx.accounts.computation_account.key(),
        derive_comp_pda!(computation_offset, ctx.accounts.mxe_account),
        MedshareError::ComputationMismatch
    );
    require_expired(&ctx.accounts.computation_account, queued_slot)?;
    fail_reveal(
        &mut ctx.accounts.study,
        computation_offset,
        "Expired".into(),
    );
    Ok(())
}
