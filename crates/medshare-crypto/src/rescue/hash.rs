//! Rescue-Prime (Szepieniec, Ashur, Dhooghe, eprint 2020/1143): Algorithm 1 with the padding
//! of Algorithm 2, a sponge of width 12 (rate 7, capacity 5) truncated to 5 elements.

use super::constants::{hash_round_keys, HASH_HALF_ROUNDS};
use super::{Permutation, Sbox};
use crate::FieldElement;
use std::sync::OnceLock;

const RATE: usize = 7;

struct Params {
    permutation: Permutation<12>,
    round_keys: [[FieldElement; 12]; HASH_HALF_ROUNDS + 1],
}

/// The constants cost a few thousand field operations; compute them once per process.
fn params() -> &'static Params {
    static PARAMS: OnceLock<Params> = OnceLock::new();
    PARAMS.get_or_init(|| Params {
        permutation: Permutation::new(Sbox::Alpha),
        round_keys: hash_round_keys(),
    })
}

/// Hashes `message` to 5 field elements.
pub fn rescue_prime_hash(message: &[FieldElement]) -> [FieldElement; 5] {
    let params = params();
    // Padding: append a 1, then zeros up to a multiple of the rate.
    let padded_len = (message.len() / RATE + 1) * RATE;
    let padded = |k: usize| match message.get(k) {
        Some(&x) => x,
        None if k == message.len() => FieldElement::ONE,
        None => FieldElement::ZERO,
    };
    let mut state = [FieldElement::ZERO; 12];
    for start in (0..padded_len).step_by(RATE) {
        for (i, s) in state.iter_mut().take(RATE).enumerate() {
            *s = *s + padded(start + i);
        }
        state = params.permutation.apply(&state, &params.round_keys);
    }
    std::array::from_fn(|i| state[i])
}
