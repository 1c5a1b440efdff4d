use super::join_arguments;
use crate::{
    constants::*, errors::MedshareError, instructions::queue_accounts, state::*,
    ArciumSignerAccount, JoinStudyCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

queue_accounts! {
    pub struct JoinStudy for "join_study" at COMP_DEF_OFFSET_JOIN_STUDY,
        payer = patient, offset = computation_offset
    {
        /// The record's owner, who alone may enter it in a study. Pays the membership.
        #[account(mut)]
        pub patient: Signer<'info>,
        #[account(seeds = [RECORD_SEED, patient.key().as_ref()], bump = record.bump)]
        pub record: Box<Account<'info, PatientRecord>>,
        #[account(mut)]
        pub study: Box<Account<'info, Study>>,
        #[account(mut, constraint = shard.study == study.key() @ MedshareError::ShardNotForStudy)]
        pub shard: Box<Account<'info, StudyShard>>,
        #[account(
            init_if_needed,
            payer = patient,
            space = 8 + StudyMembership::INIT_SPACE,
            seeds = [MEMBERSHIP_SEED, study.key().as_ref(), patient.key().as_ref()],
            bump,
        )]
        pub membership: Box<Account<'info, StudyMembership>>,
    }
}

/// Queues the addition of the patient's record to a shard of the study's tally, matched or
/// not, so that nothing public says whether it matched. The cluster reads the record, the
/// criteria and the tally from their accounts when it executes; the shard takes no other
/// update meanwhile, and the criteria never change.
pub fn queue_join(
    ctx: Context<JoinStudy>,
    computation_offset: u64,
    protocol_hash: [u8; 32],
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut *ctx.accounts;
    let study = &accounts.study;
    require!(study.enrolling(now), MedshareError::StudyNotEnrolling);
    require!(
        protocol_hash == study.protocol_hash,
        MedshareError::ProtocolMismatch
    );
    let membership = &accounts.membership;
    let first_join = membership.study == Pubkey::default();
    require!(
        first_join || membership.status == MembershipStatus::NotCounted,
        MedshareError::AlreadyInStudy
    );
    let shard = &accounts.shard;
    require!(shard.pending.is_none(), MedshareError::ShardBusy);
    // Joins in flight could all be counted: keep room for each of them.
    let in_flight = (accounts.study.participants as u64) + STUDY_SHARDS as u64;
    require!(
        in_flight <= MAX_STUDY_PARTICIPANTS as u64,
        MedshareError::StudyFull
    );

    let args = join_arguments(
        &accounts.record,
        &accounts.record.key(),
        &accounts.study.key(),
        shard,
        &shard.key(),
    );

    accounts.shard.pending = Some(computation_offset);
    accounts.shard.pending_since = Clock::get()?.slot;
    accounts.membership.set_inner(StudyMembership {
        before: accounts.shard.tally,
        after: EncryptedTally::default(),
        study: accounts.study.key(),
        patient: accounts.patient.key(),
        shard: accounts.shard.index,
        before_written: accounts.shard.written,
        status: MembershipStatus::Joining { computation_offset },
        protocol_hash,
        joined_at: now,
        left_at: 0,
        bump: ctx.bumps.membership,
    });

    accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = JoinStudyCallback::callback_ix(
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

/// The accounts a join's or a leave's callback settles.
pub fn update_callback_accounts(
    study: &Pubkey,
    shard: &Pubkey,
    membership: &Pubkey,
) -> Vec<CallbackAccount> {
    [study, shard, membership]
        .into_iter()
        .map(|pubkey| CallbackAccount {
            pubkey: *pubkey,
            is_writable: true,
        })
        .collect()
}
