//! Which x25519 public keys the program accepts for records, profiles, rotations and shares.
//!
//! A key must be a canonical Montgomery u-coordinate (below p = 2^255 - 19) and not a point of
//! small order: with one of those, the x25519 secret the MXE derives is the same whatever the
//! secret key, so anyone could read what is encrypted for it.

use crate::errors::MedshareError;
use anchor_lang::prelude::*;

/// p = 2^255 - 19, little-endian.
const FIELD_MODULUS: [u8; 32] = {
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
};

/// The canonical u-coordinates of the points of order 1, 2, 4 and 8 on Curve25519 and its
/// twist: 0, 1, the two of order 8, and p - 1.
const SMALL_ORDER: [[u8; 32]; 5] = [
    [0; 32],
    {
        let mut one = [0; 32];
        one[0] = 1;
        one
    },
    [
        0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
        0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
        0xb8, 0x00,
    ],
    [
        0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
        0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
        0x11, 0x57,
    ],
    {
        let mut minus_one = FIELD_MODULUS;
        minus_one[0] = 0xec;
        minus_one
    },
];

/// Whether `key` read little-endian is below p.
fn is_canonical(key: &[u8; 32]) -> bool {
    key.iter().rev().cmp(FIELD_MODULUS.iter().rev()).is_lt()
}

/// Refuses a key anyone could decrypt for (`SmallOrderKey`) or that names a point by an
/// alias (`NonCanonicalKey`).
pub fn check_encryption_key(key: &[u8; 32]) -> Result<()> {
    require!(is_canonical(key), MedshareError::NonCanonicalKey);
    require!(!SMALL_ORDER.contains(key), MedshareError::SmallOrderKey);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_at_or_above_p_are_not_canonical() {
        let mut p_plus_one = FIELD_MODULUS;
        p_plus_one[0] = 0xee;
        for key in [FIELD_MODULUS, p_plus_one, [0xff; 32]] {
            assert!(!is_canonical(&key));
        }
        let mut below = [0xff; 32];
        below[31] = 0x3f;
        assert!(is_canonical(&below));
    }
}
