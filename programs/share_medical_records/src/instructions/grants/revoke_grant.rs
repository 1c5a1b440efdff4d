use super::ChangeGrant;
use crate::events::*;
use anchor_lang::prelude::*;

/// Revokes the grant at once: no new request passes. One the cluster computes meanwhile is
/// delivered and receipted as delivered after the revocation: its output is public by then.
pub fn revoke(ctx: Context<ChangeGrant>) -> Result<()> {
    let grant = &mut ctx.accounts.grant;
    grant.revoke(Clock::get()?.unix_timestamp)?;
    emit_event(&GrantRevoked {
        patient: grant.patient,
        provider: grant.provider,
    });
    Ok(())
}
