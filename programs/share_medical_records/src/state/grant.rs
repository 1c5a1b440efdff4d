use super::{ConsentChange, FieldSet, PurposeOfUse};
use crate::errors::MedshareError;
use anchor_lang::prelude::*;

/// Room for grant changes within one slot in the generation counter (see [`Grant::advance`]).
const GENERATIONS_PER_SLOT: u64 = 1 << 16;

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
    /// Slot of the latest issue: a grant authorizes only a record created no later.
    pub issued_slot: u64,
    /// Changes with every issue, narrowing and revocation, and never repeats at this address
    /// (see [`Grant::advance`]). A receipt keeps the generation it was queued under.
    pub generation: u64,
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
        clock: &Clock,
    ) -> Result<()> {
        let now = clock.unix_timestamp;
        require!(fields.is_valid(), MedshareError::InvalidFieldSet);
        require!(expires_at > now, MedshareError::ExpiryNotInFuture);
        self.advance(clock.slot)?;
        self.issued_at = now;
        self.issued_slot = clock.slot;
        self.fields = fields;
        self.purpose = purpose;
        self.expires_at = expires_at;
        self.updated_at = now;
        self.revoked_at = None;
        Ok(())
    }

    /// Reduces the grant to a subset of its fields and an expiry no later than its current one.
    pub fn narrow(&mut self, fields: FieldSet, expires_at: i64, clock: &Clock) -> Result<()> {
        let now = clock.unix_timestamp;
        self.authorizes(self.fields, now)?;
        require!(fields.is_valid(), MedshareError::InvalidFieldSet);
        require!(
            self.fields.contains(fields) && expires_at <= self.expires_at,
            MedshareError::NotANarrowing
        );
        require!(expires_at > now, MedshareError::ExpiryNotInFuture);
        self.advance(clock.slot)?;
        self.fields = fields;
        self.expires_at = expires_at;
        self.updated_at = now;
        Ok(())
    }

    /// Ends the grant now. A share computed meanwhile is receipted as delivered after it.
    pub fn revoke(&mut self, clock: &Clock) -> Result<()> {
        require!(self.revoked_at.is_none(), MedshareError::GrantRevoked);
        self.advance(clock.slot)?;
        self.revoked_at = Some(clock.unix_timestamp);
        self.updated_at = clock.unix_timestamp;
        Ok(())
    }

    /// Whether the patient may close the grant: it authorizes nothing any more.
    pub fn is_closable(&self, now: i64) -> bool {
        self.revoked_at.is_some() || now >= self.expires_at
    }

    /// Moves to the next generation. A grant's first generation is (slot + 1) * 2^16 and each
    /// change takes max(previous + 1, slot * 2^16), so a grant closed and issued again at the
    /// same address starts above every generation its predecessor had (unless that one changed
    /// 2^16 times within a slot), and a request queued under the predecessor never matches.
    fn advance(&mut self, slot: u64) -> Result<()> {
        let base = |slot: u64| slot.checked_mul(GENERATIONS_PER_SLOT);
        let next = if self.generation == 0 {
            slot.checked_add(1).and_then(base)
        } else {
            self.generation
                .checked_add(1)
                .zip(base(slot))
                .map(|(next, floor)| next.max(floor))
        };
        self.generation = next.ok_or(MedshareError::GenerationExhausted)?;
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
