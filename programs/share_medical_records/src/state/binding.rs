//! The binding of a sealed record to its owner and account, as the circuits check it.
//!
//! b = SHA-256(domain ++ owner ++ record address) read little-endian with its top four bits
//! cleared: 252 bits, a field element below p. The patient's client puts b into the record's
//! binding tag (`medshare_crypto::binding`); the program hands the circuits the b of the
//! account it reads, so a copy stored under any other owner or account fails the tag check.

use crate::constants::RECORD_BINDING_DOMAIN;
use anchor_lang::prelude::*;
use solana_program::hash::hashv;

/// b, as the two halves the circuits take (low 128 bits, then the high 124).
pub fn record_binding(owner: &Pubkey, record: &Pubkey) -> (u128, u128) {
    let mut bytes = hashv(&[RECORD_BINDING_DOMAIN, owner.as_ref(), record.as_ref()]).to_bytes();
    bytes[31] &= 0x0f;
    let (low, high) = bytes.split_at(16);
    (
        u128::from_le_bytes(low.try_into().expect("16 bytes")),
        u128::from_le_bytes(high.try_into().expect("16 bytes")),
    )
}
