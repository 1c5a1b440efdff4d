use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct CloseGrant<'info> {
    #[account(mut)]
    pub patient: Signer<'info>,
    #[account(
        mut,
        seeds = [RECORD_SEED, patient.key().as_ref()],
        bump = record.bump,
    )]
    pub record: Account<'info, PatientRecord>,
    #[account(
        mut,
        close = patient,
        seeds = [GRANT_SEED, grant.patient.as_ref(), grant.provider.as_ref()],
        bump = grant.bump,
        has_one = patient @ MedshareError::NotRecordOwner,
    )]
    pub grant: Account<'info, Grant>,
}

/// Closes a revoked or expired grant that no request waits on, and returns its rent to the
/// patient. Receipts keep its address.
pub fn close_ended_grant(ctx: Context<CloseGrant>) -> Result<()> {
    let grant = &ctx.accounts.grant;
    grant.closable(Clock::get()?.unix_timestamp)?;
    let record = &mut ctx.accounts.record;
    record.grants = record.grants.saturating_sub(1);
    emit_event(&GrantClosed {
        patient: grant.patient,
        provider: grant.provider,
    });
    Ok(())
}
