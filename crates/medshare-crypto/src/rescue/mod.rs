//! The Rescue permutation over GF(2^255 - 19), with the parameters of Arcis and
//! `@arcium-hq/client` (Aly et al., "Design of Symmetric-Key Primitives for Advanced
//! Cryptographic Protocols", ToSC 2020):
//!
//! * S-boxes x^5 and x^(1/5) (5 is the smallest prime not dividing p - 1);
//! * MDS matrix: the Cauchy matrix 1/(i + j), i, j = 1..=m;
//! * round constants from SHAKE256 (see `constants`).
//!
//! It is used twice: as the Rescue-Prime sponge hash that turns an x25519 shared secret into a
//! cipher key ([`rescue_prime_hash`], [`derive_key`]) and as the block function of the CTR-mode
//! [`RescueCipher`].

mod cipher;
mod constants;
mod hash;

pub use cipher::{derive_key, RescueCipher};
pub use hash::rescue_prime_hash;

use crate::FieldElement;

#[derive(Clone, Copy)]
enum Sbox {
    Alpha,
    AlphaInv,
}

impl Sbox {
    fn apply(self, x: FieldElement) -> FieldElement {
        match self {
            Sbox::Alpha => x.square().square() * x,
            Sbox::AlphaInv => fifth_root(x),
        }
    }

    fn other(self) -> Self {
        match self {
            Sbox::Alpha => Sbox::AlphaInv,
            Sbox::AlphaInv => Sbox::Alpha,
        }
    }
}

/// x^(1/5) = x^e with e = 5^-1 mod (p - 1) = 0x4ccc...ccc1 (hex: a 4, sixty-two c's, a 1).
/// Read left to right, one hex digit at a time: start at x^4, then per digit raise to the 16th
/// power and multiply by x^digit. 255 squarings and 64 multiplications.
fn fifth_root(x: FieldElement) -> FieldElement {
    let x4 = x.square().square();
    let x12 = x4.square() * x4;
    let digit =
        |acc: FieldElement, power: FieldElement| acc.square().square().square().square() * power;
    let acc = (0..62).fold(x4, |acc, _| digit(acc, x12));
    digit(acc, x)
}

/// A Rescue permutation of width `M`. Half-rounds alternate S-boxes starting with `first`:
/// the cipher starts with x^(1/5), the hash with x^5.
struct Permutation<const M: usize> {
    mds: [[FieldElement; M]; M],
    first: Sbox,
}

impl<const M: usize> Permutation<M> {
    fn new(first: Sbox) -> Self {
        let mds = std::array::from_fn(|i| {
            std::array::from_fn(|j| FieldElement::from((i + j + 2) as u64).invert())
        });
        Self { mds, first }
    }

    /// Half-round `round` (0-based): S-box on every element, MDS matrix, add `key`.
    fn half_round(
        &self,
        state: &[FieldElement; M],
        round: usize,
        key: &[FieldElement; M],
    ) -> [FieldElement; M] {
        let sbox = if round.is_multiple_of(2) {
            self.first
        } else {
            self.first.other()
        };
        let s = state.map(|x| sbox.apply(x));
        std::array::from_fn(|i| {
            self.mds[i]
                .iter()
                .zip(&s)
                .fold(key[i], |acc, (&m, &x)| acc + m * x)
        })
    }

    /// Adds `keys[0]`, then runs one half-round per remaining key.
    fn apply(&self, state: &[FieldElement; M], keys: &[[FieldElement; M]]) -> [FieldElement; M] {
        let Some((first_key, round_keys)) = keys.split_first() else {
            return *state;
        };
        let start = add(state, first_key);
        round_keys
            .iter()
            .enumerate()
            .fold(start, |s, (round, key)| self.half_round(&s, round, key))
    }
}

fn add<const M: usize>(a: &[FieldElement; M], b: &[FieldElement; M]) -> [FieldElement; M] {
    std::array::from_fn(|i| a[i] + b[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_inv_inverts_alpha() {
        let x = FieldElement::from(0x1234_5678_9abc_def0u64);
        assert_eq!(Sbox::AlphaInv.apply(Sbox::Alpha.apply(x)), x);
        assert_eq!(Sbox::Alpha.apply(Sbox::AlphaInv.apply(x)), x);
    }
}
