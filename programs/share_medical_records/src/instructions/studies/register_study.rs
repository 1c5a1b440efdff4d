use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

/// What a researcher asks of a study besides its criteria.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StudyTerms {
    pub protocol_hash: [u8; 32],
    pub k: u32,
    /// The reveal's privacy budget in thousandths; 0 for no noise.
    pub epsilon_milli: u32,
    pub min_participants: u32,
    pub enrol_from: i64,
    pub enrol_until: i64,
}

impl StudyTerms {
    fn validate(&self) -> Result<()> {
        require!(
            self.k >= 2
                && self.min_participants >= self.k
                && self.min_participants <= MAX_STUDY_PARTICIPANTS
                && self.enrol_from < self.enrol_until
                && (self.epsilon_milli == 0
                    || (MIN_EPSILON_MILLI..=MAX_EPSILON_MILLI).contains(&self.epsilon_milli)),
            MedshareError::InvalidStudyTerms
        );
        Ok(())
    }
}

#[derive(Accounts)]
#[instruction(id: u64)]
pub struct RegisterStudy<'info> {
    #[account(mut)]
    pub researcher: Signer<'info>,
    #[account(
        init,
        payer = researcher,
        space = 8 + Study::INIT_SPACE,
        seeds = [STUDY_SEED, researcher.key().as_ref(), &id.to_le_bytes()],
        bump,
    )]
    pub study: Box<Account<'info, Study>>,
    #[account(init, payer = researcher, space = 8 + StudyShard::INIT_SPACE,
        seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[0]], bump)]
    pub shard_0: Box<Account<'info, StudyShard>>,
    #[account(init, payer = researcher, space = 8 + StudyShard::INIT_SPACE,
        seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[1]], bump)]
    pub shard_1: Box<Account<'info, StudyShard>>,
    #[account(init, payer = researcher, space = 8 + StudyShard::INIT_SPACE,
        seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[2]], bump)]
    pub shard_2: Box<Account<'info, StudyShard>>,
    #[account(init, payer = researcher, space = 8 + StudyShard::INIT_SPACE,
        seeds = [STUDY_SHARD_SEED, study.key().as_ref(), &[3]], bump)]
    pub shard_3: Box<Account<'info, StudyShard>>,
    pub system_program: Program<'info, System>,
}

/// Registers a study and its shards; it waits for the authority's approval.
pub fn register_new_study(
    ctx: Context<RegisterStudy>,
    id: u64,
    criteria: StudyCriteria,
    terms: StudyTerms,
) -> Result<()> {
    criteria.validate()?;
    terms.validate()?;
    let study_key = ctx.accounts.study.key();
    let researcher = ctx.accounts.researcher.key();
    ctx.accounts.study.set_inner(Study {
        criteria,
        noise_thresholds: noise_thresholds(terms.epsilon_milli),
        researcher,
        id,
        protocol_hash: terms.protocol_hash,
        k: terms.k,
        epsilon_milli: terms.epsilon_milli,
        min_participants: terms.min_participants,
        enrol_from: terms.enrol_from,
        enrol_until: terms.enrol_until,
        status: StudyStatus::Proposed,
        participants: 0,
        results: [0; STUDY_COUNTERS],
        approved_by: Pubkey::default(),
        created_at: Clock::get()?.unix_timestamp,
        revealed_at: 0,
        bump: ctx.bumps.study,
    });
    let accounts = ctx.accounts;
    let shards = [
        (&mut accounts.shard_0, ctx.bumps.shard_0),
        (&mut accounts.shard_1, ctx.bumps.shard_1),
        (&mut accounts.shard_2, ctx.bumps.shard_2),
        (&mut accounts.shard_3, ctx.bumps.shard_3),
    ];
    for (index, (shard, bump)) in shards.into_iter().enumerate() {
        shard.set_inner(StudyShard {
            tally: EncryptedTally::default(),
            study: study_key,
            index: index as u8,
            written: false,
            contributions: 0,
            pending: None,
            pending_since: 0,
            bump,
        });
    }
    emit_event(&StudyRegistered {
        study: study_key,
        researcher,
        protocol_hash: terms.protocol_hash,
        k: terms.k,
        epsilon_milli: terms.epsilon_milli,
    });
    Ok(())
}

#[derive(Accounts)]
pub struct ApproveStudy<'info> {
    pub authority: Signer<'info>,
    #[account(
        seeds = [ACCESS_CONFIG_SEED],
        bump = access_config.bump,
        has_one = authority @ MedshareError::NotConfigAuthority,
    )]
    pub access_config: Box<Account<'info, AccessConfig>>,
    #[account(mut)]
    pub study: Box<Account<'info, Study>>,
}

/// The access configuration's authority (an ethics board in practice) approves a proposed
/// study; from then on patients may join it in its window.
pub fn approve(ctx: Context<ApproveStudy>) -> Result<()> {
    let study = &mut ctx.accounts.study;
    require!(
        study.status == StudyStatus::Proposed,
        MedshareError::StudyNotProposed
    );
    study.status = StudyStatus::Approved;
    study.approved_by = ctx.accounts.authority.key();
    emit_event(&StudyApproved {
        study: study.key(),
        approved_by: study.approved_by,
    });
    Ok(())
}

#[derive(Accounts)]
pub struct CloseStudy<'info> {
    pub researcher: Signer<'info>,
    #[account(mut, has_one = researcher @ MedshareError::NotResearcher)]
    pub study: Box<Account<'info, Study>>,
}

/// The researcher ends enrolment early; patients may still leave until the reveal.
pub fn close_enrolment(ctx: Context<CloseStudy>) -> Result<()> {
    let study = &mut ctx.accounts.study;
    require!(
        study.status == StudyStatus::Approved,
        MedshareError::StudyNotApproved
    );
    study.status = StudyStatus::Closed;
    emit_event(&StudyClosed { study: study.key() });
    Ok(())
}
