//! Arithmetic modulo p = 2^255 - 19, the field Arcis encrypts over.
//!
//! Built on `fiat-crypto`'s formally verified Curve25519 field code (five 51-bit limbs on the
//! stack): it is about twice as fast as generic Montgomery arithmetic for this prime, never
//! allocates and runs in constant time. The Rescue S-box x^(1/5) is 255 squarings, so the
//! speed of squaring is the speed of the cipher.

use crate::Error;
use fiat_crypto::curve25519_64::{
    fiat_25519_add, fiat_25519_carry, fiat_25519_carry_mul, fiat_25519_carry_square,
    fiat_25519_from_bytes, fiat_25519_loose_field_element as Loose, fiat_25519_opp,
    fiat_25519_relax, fiat_25519_sub, fiat_25519_tight_field_element as Tight, fiat_25519_to_bytes,
};
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

/// An integer modulo p = 2^255 - 19.
#[derive(Clone, Copy)]
pub struct FieldElement(Tight);

impl FieldElement {
    pub const ZERO: Self = Self(Tight([0; 5]));
    pub const ONE: Self = Self(Tight([1, 0, 0, 0, 0]));

    /// Parses 32 little-endian bytes, rejecting integers >= p so that every element has exactly
    /// one encoding (ciphertexts from a circuit or the TS client are always canonical).
    pub fn from_canonical_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let x = Self::from_bytes_mod_order(bytes);
        if x.to_bytes() != *bytes {
            return Err(Error::NonCanonical);
        }
        Ok(x)
    }

    /// Reduces any 32 little-endian bytes modulo p, as the TS client does with an x25519 shared
    /// secret before hashing it.
    pub fn from_bytes_mod_order(bytes: &[u8; 32]) -> Self {
        // fiat's decoder takes 255 bits; bit 255 is worth 2^255 = 19 (mod p).
        let mut low = *bytes;
        low[31] &= 0x7f;
        let mut x = Tight([0; 5]);
        fiat_25519_from_bytes(&mut x, &low);
        Self(x) + Self::from(u64::from(bytes[31] >> 7) * 19)
    }

    /// Reduces 48 little-endian bytes modulo p: how Rescue turns SHAKE256 output into constants
    /// (the 16 extra bytes make the result statistically close to uniform).
    pub(crate) fn from_wide_bytes(bytes: &[u8; 48]) -> Self {
        let mut low = [0u8; 32];
        low.copy_from_slice(&bytes[..32]);
        let mut high = [0u8; 16];
        high.copy_from_slice(&bytes[32..]);
        // 2^256 = 2 * 19 (mod p)
        Self::from_bytes_mod_order(&low) + Self::from(u128::from_le_bytes(high)) * Self::from(38u64)
    }

    /// The canonical 32-byte little-endian encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        fiat_25519_to_bytes(&mut out, &self.0);
        out
    }

    /// Maps a signed integer the way Arcis and the TS client do: a negative v becomes p + v.
    pub fn from_i128(v: i128) -> Self {
        let magnitude = Self::from(v.unsigned_abs());
        if v < 0 {
            -magnitude
        } else {
            magnitude
        }
    }

    pub(crate) fn square(self) -> Self {
        let mut out = Tight([0; 5]);
        fiat_25519_carry_square(&mut out, &self.relax());
        Self(out)
    }

    /// x^(p-2), which is 1/x for x != 0 and 0 for x = 0 (Fermat), so there is no failure case.
    /// Only used to build constants.
    pub(crate) fn invert(self) -> Self {
        // p - 2 = 2^255 - 21 = (2^255 - 1) - 0b10100: bits 0..=254 set except bits 2 and 4.
        (0..255).rev().fold(Self::ONE, |acc, bit| {
            let acc = acc.square();
            if matches!(bit, 2 | 4) {
                acc
            } else {
                acc * self
            }
        })
    }

    fn relax(&self) -> Loose {
        let mut out = Loose([0; 5]);
        fiat_25519_relax(&mut out, &self.0);
        out
    }

    fn carry(loose: &Loose) -> Self {
        let mut out = Tight([0; 5]);
        fiat_25519_carry(&mut out, loose);
        Self(out)
    }
}

impl From<u128> for FieldElement {
    fn from(v: u128) -> Self {
        let mut bytes = [0u8; 32];
        bytes[..16].copy_from_slice(&v.to_le_bytes());
        Self::from_bytes_mod_order(&bytes)
    }
}

impl From<u64> for FieldElement {
    fn from(v: u64) -> Self {
        // 51-bit limbs: a u64 spans the first two.
        Self(Tight([v & ((1 << 51) - 1), v >> 51, 0, 0, 0]))
    }
}

impl From<bool> for FieldElement {
    fn from(v: bool) -> Self {
        Self::from(u64::from(v))
    }
}

impl TryFrom<FieldElement> for u128 {
    type Error = Error;

    fn try_from(v: FieldElement) -> Result<Self, Error> {
        let bytes = v.to_bytes();
        if bytes[16..].iter().any(|&b| b != 0) {
            return Err(Error::OutOfRange);
        }
        let mut low = [0u8; 16];
        low.copy_from_slice(&bytes[..16]);
        Ok(u128::from_le_bytes(low))
    }
}

/// Equality of values; limbs are not a unique representation, canonical bytes are.
impl PartialEq for FieldElement {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

impl Eq for FieldElement {}

impl Add for FieldElement {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        let mut sum = Loose([0; 5]);
        fiat_25519_add(&mut sum, &self.0, &rhs.0);
        Self::carry(&sum)
    }
}

impl Sub for FieldElement {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        let mut difference = Loose([0; 5]);
        fiat_25519_sub(&mut difference, &self.0, &rhs.0);
        Self::carry(&difference)
    }
}

impl Mul for FieldElement {
    type Output = Self;
    fn mul(self, rhs: Self) -> Self {
        let mut out = Tight([0; 5]);
        fiat_25519_carry_mul(&mut out, &self.relax(), &rhs.relax());
        Self(out)
    }
}

impl Neg for FieldElement {
    type Output = Self;
    fn neg(self) -> Self {
        let mut out = Loose([0; 5]);
        fiat_25519_opp(&mut out, &self.0);
        Self::carry(&out)
    }
}

/// Shows the integer in big-endian hex, the way numbers are usually written.
impl fmt::Debug for FieldElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldElement(0x")?;
        self.to_bytes()
            .iter()
            .rev()
            .try_for_each(|b| write!(f, "{b:02x}"))?;
        write!(f, ")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minus_one_bytes() -> [u8; 32] {
        let mut b = [0xff; 32];
        b[0] = 0xec;
        b[31] = 0x7f;
        b
    }

    #[test]
    fn canonical_encoding() {
        let p_minus_one = FieldElement::from_canonical_bytes(&minus_one_bytes()).unwrap();
        assert_eq!(p_minus_one, -FieldElement::ONE);
        assert_eq!(p_minus_one.to_bytes(), minus_one_bytes());
        let mut p = minus_one_bytes();
        p[0] = 0xed;
        assert_eq!(
            FieldElement::from_canonical_bytes(&p),
            Err(Error::NonCanonical)
        );
        assert_eq!(
            FieldElement::from_canonical_bytes(&[0xff; 32]),
            Err(Error::NonCanonical)
        );
        let mut two_to_255 = [0u8; 32];
        two_to_255[31] = 0x80;
        assert_eq!(
            FieldElement::from_canonical_bytes(&two_to_255),
            Err(Error::NonCanonical)
        );
    }

    #[test]
    fn reduction() {
        // 2^256 - 1 = 2p + 37
        assert_eq!(
            FieldElement::from_bytes_mod_order(&[0xff; 32]),
            FieldElement::from(37u64)
        );
        // 2^384 - 1 = (2^128 - 1) * 2^256 + (2^256 - 1) and 2^256 = 38 (mod p)
        let expected =
            FieldElement::from(u128::MAX) * FieldElement::from(38u64) + FieldElement::from(37u64);
        assert_eq!(FieldElement::from_wide_bytes(&[0xff; 48]), expected);
    }

    #[test]
    fn signed_and_integer_conversions() {
        assert_eq!(FieldElement::from_i128(-1), -FieldElement::ONE);
        assert_eq!(
            FieldElement::from_i128(i128::MIN),
            -FieldElement::from(1u128 << 127)
        );
        assert_eq!(u128::try_from(FieldElement::from(u128::MAX)), Ok(u128::MAX));
        assert_eq!(
            u128::try_from(FieldElement::from(u64::MAX)),
            Ok(u128::from(u64::MAX))
        );
        assert_eq!(u128::try_from(-FieldElement::ONE), Err(Error::OutOfRange));
        assert_eq!(FieldElement::from(true), FieldElement::ONE);
    }

    #[test]
    fn arithmetic() {
        let x = FieldElement::from(12345u64);
        assert_eq!(x * x.invert(), FieldElement::ONE);
        assert_eq!(FieldElement::ZERO.invert(), FieldElement::ZERO);
        assert_eq!(x - x, FieldElement::ZERO);
        assert_eq!(x.square(), x * x);
        assert_eq!(-FieldElement::ONE + FieldElement::ONE, FieldElement::ZERO);
        assert_eq!(
            format!("{:?}", FieldElement::from(0xabu64)).len(),
            "FieldElement(0x)".len() + 64
        );
    }
}
