//! Round constants, drawn from SHAKE256 exactly as `@arcium-hq/client` (`rescueDesc.ts`) and
//! Arcis (`rescue_desc.rs`) draw them: one XOF stream per domain string, 48 little-endian bytes
//! per element, reduced mod p.

use crate::FieldElement;
use sha3::digest::{ExtendableOutput, Update, XofReader};
use sha3::{Shake256, Shake256Reader};

/// Decimal p, as it appears in the hash domain string.
const P_DECIMAL: &str =
    "57896044618658097711785492504343953926634992332820282019728792003956564819949";

/// Number of cipher half-rounds: 2 * max(l0, l1, 5) = 20 for m = 5 and 128-bit security.
pub(super) const CIPHER_HALF_ROUNDS: usize = 20;
/// Number of hash half-rounds: 8 rounds for m = 12, capacity 5 and 256-bit security.
pub(super) const HASH_HALF_ROUNDS: usize = 16;

struct Stream(Shake256Reader);

impl Stream {
    fn new(domain: &str) -> Self {
        let mut hasher = Shake256::default();
        hasher.update(domain.as_bytes());
        Self(hasher.finalize_xof())
    }

    fn element(&mut self) -> FieldElement {
        let mut bytes = [0u8; 48];
        self.0.read(&mut bytes);
        FieldElement::from_wide_bytes(&bytes)
    }

    fn vector<const M: usize>(&mut self) -> [FieldElement; M] {
        std::array::from_fn(|_| self.element())
    }
}

/// Hash round keys: a zero key (so the sponge permutation has the same shape as the cipher's)
/// followed by one vector per half-round.
pub(super) fn hash_round_keys() -> [[FieldElement; 12]; HASH_HALF_ROUNDS + 1] {
    let mut stream = Stream::new(&format!("Rescue-XLIX({P_DECIMAL},12,5,256)"));
    std::array::from_fn(|r| {
        if r == 0 {
            [FieldElement::ZERO; 12]
        } else {
            stream.vector()
        }
    })
}

/// Cipher round constants: from the stream come a 5x5 matrix `m` (row-major), `c0` and `a`;
/// then RC[0] = c0 and RC[k+1] = m * RC[k] + a. The TS client would redraw `m` if it were
/// singular; it is not (see the test), so no redraw happens.
pub(super) fn cipher_round_constants() -> [[FieldElement; 5]; CIPHER_HALF_ROUNDS + 1] {
    let (m, c0, a) = cipher_seed();
    let mut rc = [c0; CIPHER_HALF_ROUNDS + 1];
    for k in 1..rc.len() {
        rc[k] = std::array::from_fn(|i| {
            m[i].iter()
                .zip(&rc[k - 1])
                .fold(a[i], |acc, (&x, &y)| acc + x * y)
        });
    }
    rc
}

type CipherSeed = ([[FieldElement; 5]; 5], [FieldElement; 5], [FieldElement; 5]);

fn cipher_seed() -> CipherSeed {
    let mut stream = Stream::new("encrypt everything, compute anything");
    let m = std::array::from_fn(|_| stream.vector());
    let c0 = stream.vector();
    let a = stream.vector();
    (m, c0, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string is a multiple of p (Horner's rule in the field itself reads it as 0) with 77
    /// digits; p is the only one, since 2p > 10^77.
    #[test]
    fn decimal_modulus_is_p() {
        let value = P_DECIMAL.bytes().fold(FieldElement::ZERO, |acc, d| {
            acc * FieldElement::from(10u64) + FieldElement::from(u64::from(d - b'0'))
        });
        assert_eq!(value, FieldElement::ZERO);
        assert_eq!(P_DECIMAL.len(), 77);
    }

    /// Gaussian elimination; the TS client redraws the matrix only when this is zero.
    #[test]
    fn cipher_matrix_is_invertible() {
        let (mut m, _, _) = cipher_seed();
        let mut det = FieldElement::ONE;
        for col in 0..5 {
            let Some(pivot) = (col..5).find(|&r| m[r][col] != FieldElement::ZERO) else {
                panic!("singular matrix");
            };
            if pivot != col {
                m.swap(pivot, col);
                det = -det;
            }
            det = det * m[col][col];
            let inv = m[col][col].invert();
            for r in col + 1..5 {
                let factor = m[r][col] * inv;
                for c in col..5 {
                    m[r][c] = m[r][c] - factor * m[col][c];
                }
            }
        }
        assert_ne!(det, FieldElement::ZERO);
    }
}
