use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct GrantAccess<'info> {
    #[account(mut)]
    pub patient: Signer<'info>,
    /// Consent is given for a record that exists; it counts its grants.
    #[account(
        mut,
        seeds = [RECORD_SEED, patient.key().as_ref()],
        bump = record.bump,
    )]
    pub record: Account<'info, PatientRecord>,
    /// The provider must be registered: consent is given to a known profile.
    #[account(seeds = [PROVIDER_SEED, provider.wallet.as_ref()], bump = provider.bump)]
    pub provider: Account<'info, ProviderProfile>,
    #[account(
        init_if_needed,
        payer = patient,
        space = 8 + Grant::INIT_SPACE,
        seeds = [GRANT_SEED, patient.key().as_ref(), provider.wallet.as_ref()],
        bump,
    )]
    pub grant: Account<'info, Grant>,
    pub system_program: Program<'info, System>,
}

/// Grants `provider` access to `fields` for `purpose` until `expires_at`. On an existing grant
/// (active, narrowed, expired or revoked) this issues it again with the new terms.
pub fn grant(
    ctx: Context<GrantAccess>,
    fields: FieldSet,
    purpose: PurposeOfUse,
    expires_at: i64,
) -> Result<()> {
    issue(ctx, fields, None, purpose, expires_at)
}

/// Grants `provider`, as a verifier, `questions` about the record (`docs/eligibility.md`):
/// yes-or-no answers and no field. It takes the place of any grant of fields to the provider.
pub fn grant_questions(
    ctx: Context<GrantAccess>,
    questions: QuestionAllowance,
    purpose: PurposeOfUse,
    expires_at: i64,
) -> Result<()> {
    issue(
        ctx,
        FieldSet::ELIGIBILITY,
        Some(questions),
        purpose,
        expires_at,
    )
}

fn issue(
    ctx: Context<GrantAccess>,
    fields: FieldSet,
    questions: Option<QuestionAllowance>,
    purpose: PurposeOfUse,
    expires_at: i64,
) -> Result<()> {
    let grant = &mut ctx.accounts.grant;
    if grant.generation == 0 {
        let record = &mut ctx.accounts.record;
        record.grants = record
            .grants
            .checked_add(1)
            .ok_or(MedshareError::TooManyGrants)?;
    }
    grant.patient = ctx.accounts.patient.key();
    grant.provider = ctx.accounts.provider.wallet;
    grant.bump = ctx.bumps.grant;
    grant.issue(
        fields,
        questions,
        purpose,
        expires_at,
        Clock::get()?.unix_timestamp,
    )?;
    emit_event(&GrantIssued {
        patient: grant.patient,
        provider: grant.provider,
        fields,
        questions: grant.questions,
        purpose,
        expires_at,
        generation: grant.generation,
    });
    Ok(())
}
