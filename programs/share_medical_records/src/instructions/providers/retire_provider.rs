use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct RetireProvider<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(
        mut,
        close = wallet,
        seeds = [PROVIDER_SEED, provider.wallet.as_ref()],
        bump = provider.bump,
        has_one = wallet @ MedshareError::NotProviderWallet,
    )]
    pub provider: Account<'info, ProviderProfile>,
}

/// Closes the provider's profile and returns its rent. No grant or break-glass request passes
/// without it; a request in flight is receipted as delivered after the retirement.
pub fn retire(ctx: Context<RetireProvider>) -> Result<()> {
    emit_event(&ProviderRetired {
        provider: ctx.accounts.provider.wallet,
    });
    Ok(())
}
