use super::{ConsentChange, FieldSet, PurposeOfUse};
use crate::errors::MedshareError;
use anchor_lang::prelude::*;

/// A patient's consent for one provider: which field sets, why, and until when.
/// One per (patient, provider); kept after revocation so receipts can point at it.
#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct Grant {
    pub patient: Pubkey,
    /// The provider's wallet (its profile is the PDA of that wallet).
    pub provider: Pubkey,
    pub fields: FieldSet,
    pub purpose: PurposeOfUse,
    /// Unix time from which the grant no longer authorizes anything.
    pub expires_at: i64,
    /// Unix time of the latest issue: a re-issued grant is a new consent.
    pub issued_at: i64,
    pub updated_at: i64,
    /// Unix time of revocation; `None` while not revoked.
    pub revoked_at: Option<i64>,
    pub bump: u8,
}

impl Grant {
    /// Why the grant does not authorize disclosing `fields` at `now`, if it does not.
    pub fn refusal(&self, fields: FieldSet, now: i64) -> Option<GrantRefusal> {
        if self.revoked_at.is_some() {
            Some(GrantRefusal::Revoked)
        } else if now >= self.expires_at {
            Some(GrantRefusal::Expired)
        } else if !self.fields.contains(fields) {
            Some(GrantRefusal::FieldsNotGranted)
        } else {
            None
        }
    }

    /// Checks that the grant authorizes disclosing `fields` at `now`.
    pub fn authorizes(&self, fields: FieldSet, now: i64) -> Result<()> {
        match self.refusal(fields, now) {
            None => Ok(()),
            Some(GrantRefusal::Revoked) => err!(MedshareError::GrantRevoked),
            Some(GrantRefusal::Expired) => err!(MedshareError::GrantExpired),
            Some(GrantRefusal::FieldsNotGranted) => err!(MedshareError::FieldsNotGranted),
        }
    }

    /// (Re)issues the grant with new terms, clearing any revocation.
    pub fn issue(
        &mut self,
        fields: FieldSet,
        purpose: PurposeOfUse,
        expires_at: i64,
        now: i64,
    ) -> Result<()> {
        require!(fields.is_valid(), MedshareError::InvalidFieldSet);
        require!(expires_at > now, MedshareError::ExpiryNotInFuture);
        self.issued_at = now;
        self.fields = fields;
        self.purpose = purpose;
        self.expires_at = expires_at;
        self.updated_at = now;
        self.revoked_at = None;
        Ok(())
    }

    /// Reduces the grant to a subset of its fields and an expiry no later than its current one.
    pub fn narrow(&mut self, fields: FieldSet, expires_at: i64, now: i64) -> Result<()> {
        self.authorizes(self.fields, now)?;
        require!(fields.is_valid(), MedshareError::InvalidFieldSet);
        require!(
            self.fields.contains(fields) && expires_at <= self.expires_at,
            MedshareError::NotANarrowing
        );
        require!(expires_at > now, MedshareError::ExpiryNotInFuture);
        self.fields = fields;
        self.expires_at = expires_at;
        self.updated_at = now;
        Ok(())
    }

    /// Ends the grant now. A share computed meanwhile is receipted as delivered after it.
    pub fn revoke(&mut self, now: i64) -> Result<()> {
        require!(self.revoked_at.is_none(), MedshareError::GrantRevoked);
        self.revoked_at = Some(now);
        self.updated_at = now;
        Ok(())
    }
}

/// Why a grant does not cover a disclosure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantRefusal {
    Revoked,
    Expired,
    FieldsNotGranted,
}

impl From<GrantRefusal> for ConsentChange {
    fn from(refusal: GrantRefusal) -> Self {
        match refusal {
            GrantRefusal::Revoked => ConsentChange::GrantRevoked,
            GrantRefusal::Expired => ConsentChange::GrantExpired,
            GrantRefusal::FieldsNotGranted => ConsentChange::GrantNarrowed,
        }
    }
}
