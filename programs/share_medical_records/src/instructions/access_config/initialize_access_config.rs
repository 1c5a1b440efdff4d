use super::apply;
use crate::{constants::*, errors::MedshareError, state::AccessConfig, ID};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

#[derive(Accounts)]
pub struct InitializeAccessConfig<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// Whoever deployed the MXE sets the first authority, so nobody can claim the config first.
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    #[account(
        init,
        payer = payer,
        space = 8 + AccessConfig::INIT_SPACE,
        seeds = [ACCESS_CONFIG_SEED],
        bump,
    )]
    pub access_config: Account<'info, AccessConfig>,
    pub system_program: Program<'info, System>,
}

/// Creates the deployment's access configuration, once.
pub fn initialize_config(
    ctx: Context<InitializeAccessConfig>,
    authority: Pubkey,
    emergency_providers: Vec<Pubkey>,
) -> Result<()> {
    if let Some(mxe_authority) = ctx.accounts.mxe_account.authority {
        require_keys_eq!(
            mxe_authority,
            ctx.accounts.payer.key(),
            MedshareError::NotMxeAuthority
        );
    }
    ctx.accounts.access_config.bump = ctx.bumps.access_config;
    apply(
        &mut ctx.accounts.access_config,
        authority,
        emergency_providers,
    )
}
