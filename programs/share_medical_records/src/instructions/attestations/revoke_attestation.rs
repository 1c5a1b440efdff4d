use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct RevokeAttestation<'info> {
    pub attester: Signer<'info>,
    #[account(
        mut,
        seeds = [ATTESTATION_SEED, attestation.attester.as_ref(), attestation.id.to_le_bytes().as_ref()],
        bump = attestation.bump,
        has_one = attester @ MedshareError::NotAttester,
    )]
    pub attestation: Account<'info, Attestation>,
}

/// The attester revokes its attestation: the account stays, with the time, and its body is
/// disclosed no more.
pub fn revoke_own_attestation(ctx: Context<RevokeAttestation>) -> Result<()> {
    let attestation = &mut ctx.accounts.attestation;
    attestation.require_standing()?;
    attestation.revoked_at = Some(Clock::get()?.unix_timestamp);
    emit_event(&AttestationRevoked {
        attestation: attestation.key(),
        attester: attestation.attester,
        recipient: attestation.recipient,
    });
    Ok(())
}
