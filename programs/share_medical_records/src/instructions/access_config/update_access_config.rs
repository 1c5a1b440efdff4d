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

/// Replaces the authority and the break-glass list. Removing a provider also cancels its
/// break-glass disclosures still in flight.
pub fn update_config(
    ctx: Context<UpdateAccessConfig>,
    authority: Pubkey,
    emergency_providers: Vec<Pubkey>,
) -> Result<()> {
    apply(
        &mut ctx.accounts.access_config,
        authority,
        emergency_providers,
    )
}
