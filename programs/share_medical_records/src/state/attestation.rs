use super::SealedPair;
use crate::errors::MedshareError;
use anchor_lang::prelude::*;

/// What an attestation vouches for, which fixes its body's layout (`docs/attestations.md`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum AttestationSchema {
    /// An ICD-10 diagnosis, the day of treatment, and optionally one of the patient's
    /// documents as evidence.
    Diagnosis,
}

/// A provider's statement about a patient, shaped like an Ethereum Attestation Service record:
/// schema, attester, recipient, times, revocation that keeps the account, and the attestation it
/// supersedes. Its body is health information, so it is sealed to the MXE and only a salted
/// commitment to it is public.
#[account]
#[derive(InitSpace, Debug)]
pub struct Attestation {
    /// The provider's wallet.
    pub attester: Pubkey,
    /// The patient it is about.
    pub recipient: Pubkey,
    /// The attester's client-chosen id, part of the address.
    pub id: u64,
    pub schema: AttestationSchema,
    /// The start of the attester's accreditation, which was in force when it attested.
    pub attester_accredited_at: i64,
    pub created_at: i64,
    /// Unix time from which it no longer holds; `None` for never.
    pub expires_at: Option<i64>,
    /// Unix time the attester revoked it; the account stays.
    pub revoked_at: Option<i64>,
    /// An earlier attestation of the same attester about the same patient that this one replaces.
    pub supersedes: Option<Pubkey>,
    /// The attestation that replaced this one, if any: it no longer holds.
    pub superseded_by: Option<Pubkey>,
    /// SHA-256 over a domain, this account's address, the body and its salt: what a recipient
    /// checks the disclosed body against. The salt keeps low-entropy codes from being guessed.
    pub commitment: [u8; 32],
    /// The body and the salt, bound to the recipient and this account.
    pub sealed_body: SealedPair,
    pub bump: u8,
}

impl Attestation {
    pub fn require_standing(&self) -> Result<()> {
        require!(self.revoked_at.is_none(), MedshareError::AttestationRevoked);
        Ok(())
    }
}
