use super::reveal_arguments;
use crate::{
    constants::*, errors::MedshareError, instructions::queue_accounts, state::*,
    ArciumSignerAccount, RevealStudyCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

queue_accounts! {
    pub struct RevealStudy for "reveal_study" at COMP_DEF_OFFSET_REVEAL_STUDY,
        payer = researcher, offset = computation_offset
    {
        #[account(mut)]
        pub researcher: Signer<'info>,
        #[account(mut, has_one = researcher @ MedshareError::NotResearcher)]
        pub study: Box<Account<'info, Study>>,
        #[account(seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[0]], bump = shard_0.bump)]
        pub shard_0: Box<Account<'info, StudyShard>>,
        #[account(seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[1]], bump = shard_1.bump)]
        pub shard_1: Box<Account<'info, StudyShard>>,
        #[account(seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[2]], bump = shard_2.bump)]
        pub shard_2: Box<Account<'info, StudyShard>>,
        #[account(seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[3]], bump = shard_3.bump)]
        pub shard_3: Box<Account<'info, StudyShard>>,
    }
}

/// Queues the study's one reveal, once enrolment is over, no update is in flight and enough
/// patients take part. From then on no contribution changes: the cluster reads the shards
/// when it executes.
pub fn queue_reveal(ctx: Context<RevealStudy>, computation_offset: u64) -> Result<()> {
    let accounts = &mut *ctx.accounts;
    let study = &accounts.study;
    require!(
        !matches!(
            study.status,
            StudyStatus::Revealing { .. } | StudyStatus::Revealed | StudyStatus::Disputed
        ),
        MedshareError::AlreadyRevealed
    );
    require!(
        study.enrolment_over(Clock::get()?.unix_timestamp),
        MedshareError::EnrolmentNotOver
    );
    let shards = [
        &accounts.shard_0,
        &accounts.shard_1,
        &accounts.shard_2,
        &accounts.shard_3,
    ];
    require!(
        shards.iter().all(|shard| shard.pending.is_none()),
        MedshareError::ShardBusy
    );
    require!(
        study.participants >= study.min_participants,
        MedshareError::TooFewParticipants
    );
    let args = reveal_arguments(
        study,
        &study.key(),
        shards.map(|shard| (&***shard, shard.key())),
    );
    accounts.study.status = StudyStatus::Revealing {
        computation_offset,
        queued_slot: Clock::get()?.slot,
    };

    accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = RevealStudyCallback::callback_ix(
        computation_offset,
        &accounts.mxe_account,
        &[CallbackAccount {
            pubkey: accounts.study.key(),
            is_writable: true,
        }],
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
