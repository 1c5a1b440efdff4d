use crate::{
    constants::*, errors::MedshareError, events::*, instructions::require_undeliverable, state::*,
    ID,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

#[derive(Accounts)]
pub struct ExpireRotation<'info> {
    #[account(
        mut,
        seeds = [RECEIPT_SEED, rotation.computation_offset.to_le_bytes().as_ref()],
        bump = rotation.bump,
    )]
    pub rotation: Box<Account<'info, KeyRotation>>,
    /// CHECK: the patient's record address, by seeds. A superseded rotation can outlive the
    /// record, so the record is read only if it is still there.
    #[account(mut, seeds = [RECORD_SEED, rotation.patient.as_ref()], bump)]
    pub record: UncheckedAccount<'info>,
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// CHECK: by address; it must hold no data.
    #[account(address = derive_comp_pda!(rotation.computation_offset, mxe_account))]
    pub computation_account: UncheckedAccount<'info>,
}

/// Closes out a key rotation whose computation the cluster dropped, and frees the record for
/// the next one. Anyone may; the record stays sealed as it was.
pub fn close_out_rotation(ctx: Context<ExpireRotation>) -> Result<()> {
    let rotation = &mut ctx.accounts.rotation;
    require!(
        rotation.status == RotationStatus::Queued,
        MedshareError::RotationMismatch
    );
    require_undeliverable(&ctx.accounts.computation_account)?;
    rotation.status = RotationStatus::Expired;
    rotation.completed_at = Clock::get()?.unix_timestamp;
    let offset = rotation.computation_offset;
    let record_info = ctx.accounts.record.to_account_info();
    if let Some(mut record) = PatientRecord::read_if_open(&record_info)? {
        if matches!(record.pending_rotation, Some(pending) if pending.computation_offset == offset)
        {
            record.pending_rotation = None;
            record.write_back(&record_info)?;
        }
    }
    emit_event(&RecordKeyRotationExpired {
        patient: rotation.patient,
        computation_offset: offset,
    });
    Ok(())
}
