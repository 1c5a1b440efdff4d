use crate::{constants::*, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct WithdrawDocument<'info> {
    pub patient: Signer<'info>,
    #[account(
        mut,
        seeds = [DOCUMENT_SEED, patient.key().as_ref(), document.id.to_le_bytes().as_ref()],
        bump = document.bump,
    )]
    pub document: Account<'info, Document>,
}

/// Withdraws a document: its key is disclosed no more. What was disclosed before stays
/// disclosed; the account stays for the receipts that name it.
pub fn withdraw_patient_document(ctx: Context<WithdrawDocument>) -> Result<()> {
    let document = &mut ctx.accounts.document;
    document.require_available()?;
    document.withdrawn_at = Some(Clock::get()?.unix_timestamp);
    emit_event(&DocumentWithdrawn {
        patient: document.patient,
        document: document.key(),
    });
    Ok(())
}
