use super::{abandon_update, settled_update, Update};
use crate::instructions::{failure_reason, settlement_accounts};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct JoinStudyCallback for "join_study" at COMP_DEF_OFFSET_JOIN_STUDY {
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

/// Settles a join: the shard takes the new tally, and the membership keeps it beside the one
/// before, counted when the record was bound to its owner. An output that does not verify fails the
/// whole transaction; an update the shard no longer waits for changes nothing.
pub fn settle_join(
    ctx: Context<JoinStudyCallback>,
    output: SignedComputationOutputs<JoinStudyOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let computation_offset = settled_update(
        Update::Join,
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
            MembershipStatus::NotCounted,
            computation_offset,
            reason,
        );
        return Ok(());
    }
    let JoinStudyOutput {
        field_0:
            JoinStudyOutputStruct0 {
                field_0: tally,
                field_1: bound,
            },
    } = output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;

    // The tally's counts are unchanged when the record was not bound; its nonce is new.
    let shard = &mut accounts.shard;
    shard.tally = tally.into();
    shard.written = true;
    let membership = &mut accounts.membership;
    if !bound {
        let reason = "RecordNotBound".to_string();
        abandon_update(
            shard,
            membership,
            MembershipStatus::NotBound,
            computation_offset,
            reason,
        );
        return Ok(());
    }
    shard.pending = None;
    shard.contributions = shard
        .contributions
        .checked_add(1)
        .ok_or(MedshareError::StudyFull)?;
    let study = &mut accounts.study;
    study.participants = study
        .participants
        .checked_add(1)
        .ok_or(MedshareError::StudyFull)?;
    membership.after = shard.tally;
    membership.status = MembershipStatus::Counted;
    emit_event(&StudyJoined {
        study: study.key(),
        patient: membership.patient,
        purpose: PurposeOfUse::Research,
        protocol_hash: membership.protocol_hash,
        computation_offset,
    });
    Ok(())
}
