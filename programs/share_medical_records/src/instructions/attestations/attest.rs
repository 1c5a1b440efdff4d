use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
#[instruction(recipient: Pubkey, id: u64)]
pub struct Attest<'info> {
    #[account(mut)]
    pub attester: Signer<'info>,
    /// The attester's profile: only a registered provider attests, and a retired one no more.
    #[account(seeds = [PROVIDER_SEED, attester.key().as_ref()], bump = provider.bump)]
    pub provider: Account<'info, ProviderProfile>,
    #[account(
        seeds = [ACCREDITATION_SEED, attester.key().as_ref()],
        bump = accreditation.bump,
    )]
    pub accreditation: Account<'info, Accreditation>,
    /// The patient's grant to the attester, which must be in force.
    #[account(
        seeds = [GRANT_SEED, recipient.as_ref(), attester.key().as_ref()],
        bump = grant.bump,
    )]
    pub grant: Account<'info, Grant>,
    /// The earlier attestation this one replaces, if any: marked superseded, so that a
    /// verifier learns it from the account itself.
    #[account(mut)]
    pub superseded: Option<Account<'info, Attestation>>,
    #[account(
        init,
        payer = attester,
        space = 8 + Attestation::INIT_SPACE,
        seeds = [ATTESTATION_SEED, attester.key().as_ref(), id.to_le_bytes().as_ref()],
        bump,
    )]
    pub attestation: Account<'info, Attestation>,
    pub system_program: Program<'info, System>,
}

/// What an attester states; the body itself is sealed, with only its commitment public.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statement {
    pub schema: AttestationSchema,
    pub expires_at: Option<i64>,
    pub commitment: [u8; 32],
    pub sealed_body: SealedPair,
}

/// An accredited provider, holding a grant in force from `recipient`, attests about them.
pub fn attest_about(
    ctx: Context<Attest>,
    recipient: Pubkey,
    id: u64,
    statement: Statement,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let attester = ctx.accounts.attester.key();
    let accreditation = &ctx.accounts.accreditation;
    require!(
        accreditation.withdrawn_at.is_none(),
        MedshareError::NotAccredited
    );
    let grant = &ctx.accounts.grant;
    grant.authorizes(grant.fields, now)?;
    require!(
        statement.commitment != [0; 32] && statement.expires_at.is_none_or(|at| at > now),
        MedshareError::InvalidAttestation
    );
    statement.sealed_body.check()?;
    let new_attestation = ctx.accounts.attestation.key();
    let supersedes = match &mut ctx.accounts.superseded {
        Some(earlier) => {
            require!(
                earlier.attester == attester
                    && earlier.recipient == recipient
                    && earlier.superseded_by.is_none(),
                MedshareError::NotSupersedable
            );
            earlier.superseded_by = Some(new_attestation);
            Some(earlier.key())
        }
        None => None,
    };
    ctx.accounts.attestation.set_inner(Attestation {
        attester,
        recipient,
        id,
        schema: statement.schema,
        attester_accredited_at: accreditation.accredited_at,
        created_at: now,
        expires_at: statement.expires_at,
        revoked_at: None,
        supersedes,
        superseded_by: None,
        commitment: statement.commitment,
        sealed_body: statement.sealed_body,
        bump: ctx.bumps.attestation,
    });
    emit_event(&AttestationCreated {
        attestation: ctx.accounts.attestation.key(),
        attester,
        recipient,
        schema: statement.schema,
        supersedes,
    });
    Ok(())
}
