use super::ChangeGrant;
use crate::{events::*, state::FieldSet};
use anchor_lang::prelude::*;

/// Keeps only `fields` of the grant, until `expires_at` at the latest.
pub fn narrow(ctx: Context<ChangeGrant>, fields: FieldSet, expires_at: i64) -> Result<()> {
    let grant = &mut ctx.accounts.grant;
    grant.narrow(fields, expires_at, Clock::get()?.unix_timestamp)?;
    emit_event(&GrantNarrowed {
        patient: grant.patient,
        provider: grant.provider,
        fields,
        expires_at,
    });
    Ok(())
}
