use super::settle_grant_request;
use crate::{
    constants::*, errors::MedshareError, events::*, instructions::require_undeliverable, state::*,
    ID,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

#[derive(Accounts)]
pub struct ExpireDisclosure<'info> {
    #[account(
        mut,
        seeds = [RECEIPT_SEED, disclosure.computation_offset.to_le_bytes().as_ref()],
        bump = disclosure.bump,
    )]
    pub disclosure: Box<Account<'info, Disclosure>>,
    /// The grant a grant request was queued under, which counts it as waiting.
    #[account(mut)]
    pub grant: Option<Box<Account<'info, Grant>>>,
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// CHECK: by address; it must hold no data.
    #[account(address = derive_comp_pda!(disclosure.computation_offset, mxe_account))]
    pub computation_account: UncheckedAccount<'info>,
}

/// Closes out a queued disclosure whose computation the cluster dropped: anyone may, since it
/// only records what the chain shows. Nothing was disclosed.
pub fn close_out_disclosure(ctx: Context<ExpireDisclosure>) -> Result<()> {
    let disclosure = &mut ctx.accounts.disclosure;
    require!(
        disclosure.status == DisclosureStatus::Queued,
        MedshareError::DisclosureNotPending
    );
    require_undeliverable(&ctx.accounts.computation_account)?;
    settle_grant_request(disclosure, ctx.accounts.grant.as_deref_mut())?;
    disclosure.status = DisclosureStatus::Expired;
    disclosure.completed_at = Clock::get()?.unix_timestamp;
    emit_event(&DisclosureExpired {
        patient: disclosure.patient,
        provider: disclosure.provider,
        computation_offset: disclosure.computation_offset,
    });
    Ok(())
}
