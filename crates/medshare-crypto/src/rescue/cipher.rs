//! The Rescue cipher in counter mode, as `RescueCipher` in `@arcium-hq/client` and in Arcis.
//!
//! Block b of the keystream for a 16-byte nonce n (read as a little-endian u128) is
//! Rescue_K([n, b, 0, 0, 0]); ciphertext element i is plaintext i plus keystream element i,
//! mod p. Reusing a nonce under one key reveals differences of plaintexts: the MXE answers
//! with nonce + 1, so a client must pick a fresh random nonce per message.

use super::constants::{cipher_round_constants, CIPHER_HALF_ROUNDS};
use super::{add, rescue_prime_hash, Permutation, Sbox};
use crate::{Error, FieldElement};
use std::sync::OnceLock;

const BLOCK: usize = 5;

struct Params {
    permutation: Permutation<BLOCK>,
    round_constants: [[FieldElement; BLOCK]; CIPHER_HALF_ROUNDS + 1],
}

fn params() -> &'static Params {
    static PARAMS: OnceLock<Params> = OnceLock::new();
    PARAMS.get_or_init(|| Params {
        permutation: Permutation::new(Sbox::AlphaInv),
        round_constants: cipher_round_constants(),
    })
}

/// The cipher key for an x25519 shared secret: NIST SP 800-56C rev. 2 one-step KDF (section 4,
/// option 1) with Rescue-Prime, i.e. `rescue_prime_hash([1, secret mod p, 5])` where 1 is the
/// counter and 5 the output length.
pub fn derive_key(shared_secret: &[u8; 32]) -> [FieldElement; BLOCK] {
    rescue_prime_hash(&[
        FieldElement::ONE,
        FieldElement::from_bytes_mod_order(shared_secret),
        FieldElement::from(BLOCK as u64),
    ])
}

/// Rescue-CTR under one key. Holds the expanded round keys (21 x 5 elements, on the stack).
pub struct RescueCipher {
    round_keys: [[FieldElement; BLOCK]; CIPHER_HALF_ROUNDS + 1],
}

impl RescueCipher {
    /// The cipher a client shares with the MXE whose x25519 exchange gave `shared_secret`.
    pub fn new(shared_secret: &[u8; 32]) -> Self {
        Self::from_key(&derive_key(shared_secret))
    }

    /// A cipher from a raw Rescue key. The key schedule: the round keys are the 21 successive
    /// states of running the permutation on `key` with the round constants as keys.
    pub fn from_key(key: &[FieldElement; BLOCK]) -> Self {
        let Params {
            permutation,
            round_constants,
        } = params();
        let mut round_keys = [add(key, &round_constants[0]); CIPHER_HALF_ROUNDS + 1];
        for round in 0..CIPHER_HALF_ROUNDS {
            round_keys[round + 1] =
                permutation.half_round(&round_keys[round], round, &round_constants[round + 1]);
        }
        Self { round_keys }
    }

    /// Encrypts each element to one 32-byte little-endian ciphertext.
    pub fn encrypt(&self, plaintext: &[FieldElement], nonce: &[u8; 16]) -> Vec<[u8; 32]> {
        plaintext
            .iter()
            .zip(self.keystream(nonce, plaintext.len()))
            .map(|(&p, k)| (p + k).to_bytes())
            .collect()
    }

    /// Decrypts ciphertexts; fails if one is not a canonical field element.
    pub fn decrypt(
        &self,
        ciphertext: &[[u8; 32]],
        nonce: &[u8; 16],
    ) -> Result<Vec<FieldElement>, Error> {
        ciphertext
            .iter()
            .zip(self.keystream(nonce, ciphertext.len()))
            .map(|(c, k)| Ok(FieldElement::from_canonical_bytes(c)? - k))
            .collect()
    }

    /// The first `len` keystream elements for `nonce`.
    pub fn keystream(
        &self,
        nonce: &[u8; 16],
        len: usize,
    ) -> impl Iterator<Item = FieldElement> + '_ {
        let nonce = FieldElement::from(u128::from_le_bytes(*nonce));
        let permutation = &params().permutation;
        (0..len.div_ceil(BLOCK) as u64)
            .flat_map(move |block| {
                let zero = FieldElement::ZERO;
                let counter = [nonce, FieldElement::from(block), zero, zero, zero];
                permutation.apply(&counter, &self.round_keys)
            })
            .take(len)
    }
}
