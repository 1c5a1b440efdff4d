use anchor_lang::prelude::*;

/// Longest display name, in bytes.
pub const MAX_PROVIDER_NAME_LEN: usize = 64;
/// Longest public identifier (an NPI is 10 digits), in bytes.
pub const MAX_PROVIDER_IDENTIFIER_LEN: usize = 32;

/// A provider's public profile; records are re-encrypted for its current `encryption_key`.
#[account]
#[derive(InitSpace)]
pub struct ProviderProfile {
    /// The wallet that registered the profile and alone may change it or request records.
    pub wallet: Pubkey,
    pub encryption_key: [u8; 32],
    /// 1 at registration, +1 on every key rotation.
    pub key_version: u32,
    #[max_len(MAX_PROVIDER_NAME_LEN)]
    pub name: String,
    #[max_len(MAX_PROVIDER_IDENTIFIER_LEN)]
    pub identifier: String,
    pub registered_at: i64,
    pub key_rotated_at: i64,
    pub bump: u8,
}
