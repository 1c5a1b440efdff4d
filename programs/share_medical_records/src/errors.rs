use anchor_lang::prelude::*;

/// Numbered from 7000: `arcium-anchor`'s errors, which this program also returns, use 6000-6099.
#[error_code(offset = 7000)]
pub enum MedshareError {
    #[msg("Only the record's owner may do this")]
    NotRecordOwner,
    #[msg("The nonce must be greater than the record's current nonce, so no nonce is ever reused")]
    NonceNotFresh,
    #[msg("The x25519 public key is all zeros, which would make the shared secret public")]
    InvalidEncryptionKey,
    #[msg("This disclosure is not waiting for a callback (already delivered, failed or replayed)")]
    DisclosureNotPending,
    #[msg("The computation account does not belong to this disclosure")]
    ComputationMismatch,
    #[msg("Only the MXE authority may initialise computation definitions")]
    NotMxeAuthority,
    #[msg("The circuit URL is empty or longer than 200 bytes")]
    InvalidCircuitUrl,
}
