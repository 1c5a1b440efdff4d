use super::apply;
use crate::{
    constants::*,
    instructions::{program_data_address, require_deployment_authority},
    state::AccessConfig,
    ID,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

#[derive(Accounts)]
pub struct InitializeAccessConfig<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// Names the upgrade authority, the deployment's authority where the MXE has none.
    #[account(address = program_data_address())]
    pub program_data: Account<'info, ProgramData>,
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

/// Creates the deployment's access configuration, once; only the deployment's authority may,
/// so nobody can claim it first.
pub fn initialize_config(
    ctx: Context<InitializeAccessConfig>,
    authority: Pubkey,
    emergency_providers: Vec<Pubkey>,
) -> Result<()> {
    require_deployment_authority(
        &ctx.accounts.mxe_account,
        &ctx.accounts.program_data,
        ctx.accounts.payer.key,
    )?;
    let config = &mut ctx.accounts.access_config;
    config.bump = ctx.bumps.access_config;
    config.authority = authority;
    apply(config, emergency_providers)
}
