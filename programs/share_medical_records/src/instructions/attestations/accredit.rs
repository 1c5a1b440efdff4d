use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct AccreditProvider<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        seeds = [ACCESS_CONFIG_SEED],
        bump = access_config.bump,
        has_one = authority @ MedshareError::NotConfigAuthority,
    )]
    pub access_config: Account<'info, AccessConfig>,
    /// Only a registered provider is accredited.
    #[account(seeds = [PROVIDER_SEED, provider.wallet.as_ref()], bump = provider.bump)]
    pub provider: Account<'info, ProviderProfile>,
    #[account(
        init_if_needed,
        payer = authority,
        space = 8 + Accreditation::INIT_SPACE,
        seeds = [ACCREDITATION_SEED, provider.wallet.as_ref()],
        bump,
    )]
    pub accreditation: Account<'info, Accreditation>,
    pub system_program: Program<'info, System>,
}

#[derive(Accounts)]
pub struct WithdrawAccreditation<'info> {
    pub authority: Signer<'info>,
    #[account(
        seeds = [ACCESS_CONFIG_SEED],
        bump = access_config.bump,
        has_one = authority @ MedshareError::NotConfigAuthority,
    )]
    pub access_config: Account<'info, AccessConfig>,
    #[account(
        mut,
        seeds = [ACCREDITATION_SEED, accreditation.provider.as_ref()],
        bump = accreditation.bump,
    )]
    pub accreditation: Account<'info, Accreditation>,
}

/// Accredits a provider from now; one whose accreditation was withdrawn starts a new period.
pub fn accredit(ctx: Context<AccreditProvider>) -> Result<()> {
    let accreditation = &mut ctx.accounts.accreditation;
    let is_new = accreditation.provider == Pubkey::default();
    require!(
        is_new || accreditation.withdrawn_at.is_some(),
        MedshareError::AlreadyAccredited
    );
    let now = Clock::get()?.unix_timestamp;
    accreditation.set_inner(Accreditation {
        provider: ctx.accounts.provider.wallet,
        accredited_at: now,
        withdrawn_at: None,
        bump: ctx.bumps.accreditation,
    });
    emit_event(&ProviderAccredited {
        provider: accreditation.provider,
        accredited_at: now,
    });
    Ok(())
}

/// Withdraws a provider's accreditation: it attests no more; what it attested stands, and says
/// when its accreditation began.
pub fn end_accreditation(ctx: Context<WithdrawAccreditation>) -> Result<()> {
    let accreditation = &mut ctx.accounts.accreditation;
    require!(
        accreditation.withdrawn_at.is_none(),
        MedshareError::NotAccredited
    );
    accreditation.withdrawn_at = Some(Clock::get()?.unix_timestamp);
    emit_event(&AccreditationWithdrawn {
        provider: accreditation.provider,
    });
    Ok(())
}
