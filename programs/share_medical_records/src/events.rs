//! Events. They are logged as `Program data: <base64(discriminator ++ borsh)>`, Anchor's format.

use crate::constants::RECORD_CIPHERTEXTS;
use anchor_lang::{prelude::*, Event};

/// A record was stored or updated.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordStored {
    pub patient: Pubkey,
    pub version: u64,
    pub nonce: u128,
}

/// A share was queued for the MPC cluster.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareQueued {
    pub patient: Pubkey,
    pub recipient_key: [u8; 32],
    pub record_version: u64,
    pub computation_offset: u64,
}

/// The cluster re-encrypted the record for the recipient; they can decrypt these ciphertexts.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordShared {
    pub patient: Pubkey,
    pub recipient_key: [u8; 32],
    pub record_version: u64,
    pub output_nonce: u128,
    pub ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
    pub computation_offset: u64,
}

/// The cluster reported that the computation did not complete; nothing was disclosed.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareFailed {
    pub patient: Pubkey,
    pub recipient_key: [u8; 32],
    pub record_version: u64,
    pub computation_offset: u64,
    pub reason: String,
}

/// Logs an event through `sol_log_data`, as Anchor's `emit!` does on-chain. Unlike `emit!`,
/// this path reaches the runtime's syscall stubs when the program runs natively, so tests and
/// the embedded runtime see the same `Program data:` lines a validator writes.
pub fn emit_event<E: Event>(event: &E) {
    solana_program::log::sol_log_data(&[&event.data()]);
}
