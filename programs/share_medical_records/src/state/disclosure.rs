use super::{FieldSet, PurposeOfUse};
use anchor_lang::prelude::*;

/// Why a queued disclosure was not delivered although the cluster computed it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum CancelReason {
    GrantRevoked,
    GrantExpired,
    /// The grant was narrowed and no longer covers the fields computed.
    GrantNarrowed,
    /// The provider rotated its key; the output was encrypted for the retired one.
    ProviderKeyRotated,
    /// The provider was taken off the break-glass list.
    EmergencyAccessWithdrawn,
}

/// Where a disclosure stands. It leaves `Queued` exactly once.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DisclosureStatus {
    /// Waiting for the cluster's callback.
    Queued,
    /// The re-encrypted fields were delivered in a `RecordDisclosed` event.
    Delivered,
    /// The cluster aborted the computation; nothing was disclosed.
    Failed,
    /// The authorization ended while the computation ran; nothing was disclosed.
    Cancelled(CancelReason),
}

/// The justification a provider gives for break-glass access.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum EmergencyJustification {
    PatientUnresponsive,
    LifeThreatening,
    UrgentTreatment,
    PatientCannotConsent,
}

/// What authorized a disclosure.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DisclosureBasis {
    /// The patient sent the record themself.
    Patient,
    /// The provider's grant, by address.
    Grant(Pubkey),
    /// Break-glass access by a listed provider.
    Emergency(EmergencyJustification),
}

/// Durable receipt of one disclosure: one entry of a HIPAA accounting of disclosures, kept after
/// logs are pruned. One per computation.
#[account]
#[derive(InitSpace, Debug)]
pub struct Disclosure {
    /// Owner wallet of the record disclosed.
    pub patient: Pubkey,
    /// Recipient provider's wallet; the default key when the patient sent to a bare x25519 key.
    pub provider: Pubkey,
    /// The wallet that signed the request.
    pub requester: Pubkey,
    /// The x25519 key the fields are re-encrypted for.
    pub recipient_key: [u8; 32],
    pub fields: FieldSet,
    pub purpose: PurposeOfUse,
    pub basis: DisclosureBasis,
    /// Record version at the moment the disclosure was queued (the ciphertexts the cluster got).
    pub record_version: u64,
    pub computation_offset: u64,
    pub status: DisclosureStatus,
    pub queued_at: i64,
    /// Unix time of the callback; 0 while queued.
    pub completed_at: i64,
    pub bump: u8,
}
