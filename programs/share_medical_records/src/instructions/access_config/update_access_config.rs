use super::apply;
use crate::{constants::*, errors::MedshareError, state::AccessConfig};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct UpdateAccessConfig<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [ACCESS_CONFIG_SEED],
        bump = access_config.bump,
        has_one = authority @ MedshareError::NotConfigAuthority,
    )]
    pub access_config: Account<'info, AccessConfig>,
}

/// Replaces the break-glass list. Taking a provider off it marks its break-glass disclosures
/// still in flight as delivered after the withdrawal.
pub fn update_config(
    ctx: Context<UpdateAccessConfig>,
    emergency_providers: Vec<Pubkey>,
) -> Result<()> {
    apply(&mut ctx.accounts.access_config, emergency_providers)
}
