use super::{ConsentChange, FieldSet, PurposeOfUse, QuestionAllowance};
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
    /// +1 on every issue, narrowing and revocation. A receipt keeps the generation it was
    /// queued under, so the callback sees any change since.
    pub generation: u64,
    /// Requests queued under the grant and not yet settled or closed out. A grant in use
    /// cannot be closed, so no request outlives the grant it was queued under.
    pub in_flight: u32,
    pub updated_at: i64,
    /// Unix time of revocation; `None` while not revoked.
    pub revoked_at: Option<i64>,
    pub bump: u8,
    /// An eligibility grant's allowance of questions; none for a grant of fields.
    pub questions: QuestionAllowance,
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

    /// (Re)issues the grant with new terms, clearing any revocation: a grant of `fields`, or,
    /// with `questions`, an eligibility grant.
    pub fn issue(
        &mut self,
        fields: FieldSet,
        questions: Option<QuestionAllowance>,
        purpose: PurposeOfUse,
        expires_at: i64,
        now: i64,
    ) -> Result<()> {
        require!(fields.is_valid(), MedshareError::InvalidFieldSet);
        match questions {
            None => require!(
                fields != FieldSet::ELIGIBILITY,
                MedshareError::EligibilityNeedsAllowance
            ),
            Some(allowance) => require!(
                fields == FieldSet::ELIGIBILITY
                    && allowance.terms.is_valid()
                    && allowance.questions_left > 0,
                MedshareError::EligibilityNeedsAllowance
            ),
        }
        require!(expires_at > now, MedshareError::ExpiryNotInFuture);
        self.advance()?;
        self.questions = questions.unwrap_or_default();
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
        self.advance()?;
        self.fields = fields;
        self.expires_at = expires_at;
        self.updated_at = now;
        Ok(())
    }

    /// Ends the grant now. A share computed meanwhile is receipted as delivered after it.
    pub fn revoke(&mut self, now: i64) -> Result<()> {
        require!(self.revoked_at.is_none(), MedshareError::GrantRevoked);
        self.advance()?;
        self.revoked_at = Some(now);
        self.updated_at = now;
        Ok(())
    }

    /// Whether the patient may close the grant: it authorizes nothing any more and no request
    /// waits on it.
    pub fn closable(&self, now: i64) -> Result<()> {
        require!(
            self.revoked_at.is_some() || now >= self.expires_at,
            MedshareError::GrantStillActive
        );
        require!(self.in_flight == 0, MedshareError::GrantInUse);
        Ok(())
    }

    /// A request was queued under the grant.
    pub fn queue_request(&mut self) -> Result<()> {
        self.in_flight = self
            .in_flight
            .checked_add(1)
            .ok_or(MedshareError::TooManyRequestsInFlight)?;
        Ok(())
    }

    /// A request queued under the grant was settled or closed out.
    pub fn settle_request(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    fn advance(&mut self) -> Result<()> {
        self.generation = self
            .generation
            .checked_add(1)
            .ok_or(MedshareError::GenerationExhausted)?;
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
