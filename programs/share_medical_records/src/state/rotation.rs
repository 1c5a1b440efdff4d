use anchor_lang::prelude::*;

/// Where a key rotation stands. It leaves `Queued` exactly once.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum RotationStatus {
    Queued,
    /// The record was re-sealed under the new key.
    Resealed,
    /// The record was left as it was; the `RecordKeyRotationAbandoned` event says why.
    Abandoned,
    /// Closed out after the cluster dropped the computation unexecuted (its account is gone):
    /// the record was left as it was.
    Expired,
}

/// Receipt of one key rotation: the record re-sealed for its owner's new key. It claims the
/// computation offset as a disclosure receipt does, so that the nonce derived from the offset
/// encrypts one output only.
#[account]
#[derive(InitSpace, Debug)]
pub struct KeyRotation {
    pub patient: Pubkey,
    pub new_key: [u8; 32],
    /// The record version the cluster re-encrypts.
    pub record_version: u64,
    pub computation_offset: u64,
    pub status: RotationStatus,
    pub queued_at: i64,
    /// Unix time of the callback; 0 while queued.
    pub completed_at: i64,
    pub bump: u8,
}
