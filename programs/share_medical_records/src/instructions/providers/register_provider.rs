use crate::{constants::*, errors::MedshareError, events::*, keys::check_encryption_key, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct RegisterProvider<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(
        init,
        payer = wallet,
        space = 8 + ProviderProfile::INIT_SPACE,
        seeds = [PROVIDER_SEED, wallet.key().as_ref()],
        bump,
    )]
    pub provider: Account<'info, ProviderProfile>,
    pub system_program: Program<'info, System>,
}

/// Publishes the caller's provider profile (one per wallet).
pub fn register(
    ctx: Context<RegisterProvider>,
    encryption_key: [u8; 32],
    name: String,
    identifier: String,
) -> Result<()> {
    check_encryption_key(&encryption_key)?;
    require!(
        (1..=MAX_PROVIDER_NAME_LEN).contains(&name.len()),
        MedshareError::InvalidProviderName
    );
    require!(
        (1..=MAX_PROVIDER_IDENTIFIER_LEN).contains(&identifier.len()),
        MedshareError::InvalidProviderIdentifier
    );
    let now = Clock::get()?.unix_timestamp;
    let wallet = ctx.accounts.wallet.key();
    ctx.accounts.provider.set_inner(ProviderProfile {
        wallet,
        encryption_key,
        key_version: 1,
        name: name.clone(),
        identifier: identifier.clone(),
        registered_at: now,
        key_rotated_at: now,
        bump: ctx.bumps.provider,
    });
    emit_event(&ProviderRegistered {
        provider: wallet,
        encryption_key,
        name,
        identifier,
    });
    Ok(())
}
