use super::ChangeGrant;
use crate::{errors::MedshareError, events::*};
use anchor_lang::prelude::*;

/// Closes a revoked or expired grant and returns its rent to the patient. Receipts keep its
/// address; a request still in flight under it is receipted as delivered after its closing.
pub fn close_ended_grant(ctx: Context<ChangeGrant>) -> Result<()> {
    let grant = &ctx.accounts.grant;
    require!(
        grant.is_closable(Clock::get()?.unix_timestamp),
        MedshareError::GrantStillActive
    );
    emit_event(&GrantClosed {
        patient: grant.patient,
        provider: grant.provider,
    });
    grant.close(ctx.accounts.patient.to_account_info())
}
