use anchor_lang::prelude::*;

/// Where a disclosure stands. It leaves `Queued` exactly once.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DisclosureStatus {
    /// Waiting for the cluster's callback.
    Queued,
    /// The re-encrypted record was delivered in a `RecordShared` event.
    Delivered,
    /// The cluster aborted the computation; nothing was disclosed.
    Failed,
}

/// Durable receipt of one share, kept after logs are pruned. One per computation.
#[account]
#[derive(InitSpace)]
pub struct Disclosure {
    /// Owner wallet of the record that was shared.
    pub patient: Pubkey,
    /// The x25519 key the record is re-encrypted for.
    pub recipient_key: [u8; 32],
    /// Record version at the moment the share was queued (the ciphertexts the cluster received).
    pub record_version: u64,
    pub computation_offset: u64,
    pub status: DisclosureStatus,
    pub queued_at: i64,
    /// Unix time of the callback; 0 while queued.
    pub completed_at: i64,
    pub bump: u8,
}
