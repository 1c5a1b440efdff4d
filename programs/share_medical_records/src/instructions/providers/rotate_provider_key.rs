use crate::{constants::*, errors::MedshareError, events::*, keys::check_encryption_key, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct RotateProviderKey<'info> {
    pub wallet: Signer<'info>,
    #[account(
        mut,
        seeds = [PROVIDER_SEED, provider.wallet.as_ref()],
        bump = provider.bump,
        has_one = wallet @ MedshareError::NotProviderWallet,
    )]
    pub provider: Account<'info, ProviderProfile>,
}

/// Replaces the provider's encryption key. Later disclosures use the new key; one queued for the
/// old key is still delivered to it and receipted as delivered after the rotation, since a
/// rotated key may be a compromised one.
pub fn rotate_encryption_key(
    ctx: Context<RotateProviderKey>,
    encryption_key: [u8; 32],
) -> Result<()> {
    check_encryption_key(&encryption_key)?;
    let provider = &mut ctx.accounts.provider;
    require!(
        encryption_key != provider.encryption_key,
        MedshareError::KeyUnchanged
    );
    provider.encryption_key = encryption_key;
    provider.key_version = provider
        .key_version
        .checked_add(1)
        .ok_or(MedshareError::KeyVersionExhausted)?;
    provider.key_rotated_at = Clock::get()?.unix_timestamp;
    emit_event(&ProviderKeyRotated {
        provider: provider.wallet,
        encryption_key,
        key_version: provider.key_version,
    });
    Ok(())
}
