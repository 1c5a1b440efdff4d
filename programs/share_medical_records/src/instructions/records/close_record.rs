use crate::{constants::*, errors::MedshareError, events::*, state::PatientRecord};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct CloseRecord<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(
        mut,
        close = owner,
        seeds = [RECORD_SEED, record.owner.as_ref()],
        bump = record.bump,
        has_one = owner @ MedshareError::NotRecordOwner,
    )]
    pub record: Account<'info, PatientRecord>,
}

/// Deletes the owner's record and returns its rent. Receipts stay: the accounting of
/// disclosures outlives the record. Every grant must have been closed first, so none can
/// authorize a record the owner creates later. Disclosures already queued carry the
/// ciphertexts they were queued with and are still delivered.
pub fn close_own_record(ctx: Context<CloseRecord>) -> Result<()> {
    let record = &ctx.accounts.record;
    require!(
        record.pending_rotation.is_none(),
        MedshareError::RotationPending
    );
    require!(record.grants == 0, MedshareError::GrantsOutstanding);
    emit_event(&RecordClosed {
        patient: record.owner,
        version: record.version,
    });
    Ok(())
}
