use super::{leave_arguments, update_callback_accounts};
use crate::{
    constants::*, errors::MedshareError, instructions::queue_accounts, state::*,
    ArciumSignerAccount, LeaveStudyCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

queue_accounts! {
    pub struct LeaveStudy for "leave_study" at COMP_DEF_OFFSET_LEAVE_STUDY,
        payer = patient, offset = computation_offset
    {
        #[account(mut)]
        pub patient: Signer<'info>,
        #[account(mut)]
        pub study: Box<Account<'info, Study>>,
        #[account(
            mut,
            seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[membership.shard]],
            bump = shard.bump,
        )]
        pub shard: Box<Account<'info, StudyShard>>,
        #[account(
            mut,
            seeds = [MEMBERSHIP_SEED, study.key().as_ref(), patient.key().as_ref()],
            bump = membership.bump,
        )]
        pub membership: Box<Account<'info, StudyMembership>>,
    }
}

/// Queues the subtraction of the patient's contribution, as the join's tallies before and after
/// give it, from the shard it was added to; possible until the study's reveal is queued.
pub fn queue_leave(ctx: Context<LeaveStudy>, computation_offset: u64) -> Result<()> {
    let accounts = &mut *ctx.accounts;
    require!(
        accounts.study.open_to_leaves(),
        MedshareError::StudyClosedToLeaves
    );
    require!(
        accounts.membership.status == MembershipStatus::Counted,
        MedshareError::NotCounted
    );
    require!(accounts.shard.pending.is_none(), MedshareError::ShardBusy);
    let args = leave_arguments(
        &accounts.shard.key(),
        &accounts.membership,
        &accounts.membership.key(),
    );
    accounts.shard.pending = Some(computation_offset);
    accounts.shard.pending_since = Clock::get()?.slot;
    accounts.membership.status = MembershipStatus::Leaving { computation_offset };

    accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = LeaveStudyCallback::callback_ix(
        computation_offset,
        &accounts.mxe_account,
        &update_callback_accounts(
            &accounts.study.key(),
            &accounts.shard.key(),
            &accounts.membership.key(),
        ),
    )?;
    queue_computation(
        accounts,
        computation_offset,
        args,
        vec![callback],
        1,
        0,
        CALLBACK_CU_LIMIT,
    )?;
    Ok(())
}
