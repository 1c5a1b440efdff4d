use super::{abandon_update, settled_update, Update};
use crate::instructions::{failure_reason, settlement_accounts};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct LeaveStudyCallback for "leave_study" at COMP_DEF_OFFSET_LEAVE_STUDY {
        #[account(mut)]
        pub study: Box<Account<'info, Study>>,
        #[account(mut, constraint = shard.study == study.key() @ MedshareError::ShardNotForStudy)]
        pub shard: Box<Account<'info, StudyShard>>,
        #[account(
            mut,
            seeds = [MEMBERSHIP_SEED, study.key().as_ref(), membership.patient.as_ref()],
            bump = membership.bump,
        )]
        pub membership: Box<Account<'info, StudyMembership>>,
    }
}

/// Settles a leave: the shard takes the tally without the contribution. An aborted leave
/// leaves the contribution counted, and the patient may try again.
pub fn settle_leave(
    ctx: Context<LeaveStudyCallback>,
    output: SignedComputationOutputs<LeaveStudyOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let computation_offset = settled_update(
        Update::Leave,
        &accounts.shard,
        &accounts.membership,
        &accounts.computation_account.key(),
        &accounts.mxe_account,
    )?;
    if let SignedComputationOutputs::Failure(_) = output {
        let reason = failure_reason(&accounts.instructions_sysvar);
        let (shard, membership) = (&mut accounts.shard, &mut accounts.membership);
        abandon_update(
            shard,
            membership,
            MembershipStatus::Counted,
            computation_offset,
            reason,
        );
        return Ok(());
    }
    let LeaveStudyOutput { field_0: tally } =
        output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    let shard = &mut accounts.shard;
    shard.tally = tally.into();
    shard.pending = None;
    shard.contributions = shard.contributions.saturating_sub(1);
    let study = &mut accounts.study;
    study.participants = study.participants.saturating_sub(1);
    let membership = &mut accounts.membership;
    membership.status = MembershipStatus::Left;
    membership.left_at = Clock::get()?.unix_timestamp;
    emit_event(&StudyLeft {
        study: study.key(),
        patient: membership.patient,
        computation_offset,
    });
    Ok(())
}
