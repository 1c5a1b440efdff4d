use super::{announce, UpdateAccessConfig};
use crate::{constants::*, errors::MedshareError, events::*, state::AccessConfig};
use anchor_lang::prelude::*;

/// The authority names its successor; nothing changes until the successor accepts. Proposing
/// again replaces the proposal, and proposing the current authority withdraws it.
pub fn propose_authority(ctx: Context<UpdateAccessConfig>, successor: Pubkey) -> Result<()> {
    let config = &mut ctx.accounts.access_config;
    config.pending_authority = (successor != config.authority).then_some(successor);
    emit_event(&ConfigAuthorityProposed {
        authority: config.authority,
        successor,
    });
    Ok(())
}

#[derive(Accounts)]
pub struct AcceptConfigAuthority<'info> {
    pub successor: Signer<'info>,
    #[account(mut, seeds = [ACCESS_CONFIG_SEED], bump = access_config.bump)]
    pub access_config: Account<'info, AccessConfig>,
}

/// The proposed authority takes over.
pub fn accept_authority(ctx: Context<AcceptConfigAuthority>) -> Result<()> {
    let config = &mut ctx.accounts.access_config;
    require!(
        config.pending_authority == Some(ctx.accounts.successor.key()),
        MedshareError::NotProposedAuthority
    );
    config.authority = ctx.accounts.successor.key();
    config.pending_authority = None;
    announce(config);
    Ok(())
}
