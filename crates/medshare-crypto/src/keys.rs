//! x25519 (RFC 7748) key agreement with an MXE, matching `x25519` from `@noble/curves` that
//! `@arcium-hq/client` re-exports: secrets are clamped when used, keys are 32 bytes.

use crate::Error;
use x25519_dalek::{PublicKey, StaticSecret};

/// An x25519 secret key; wiped from memory when dropped.
pub struct SecretKey(StaticSecret);

impl SecretKey {
    /// A fresh key from the operating system's random number generator.
    pub fn generate() -> Self {
        Self(StaticSecret::random())
    }

    /// Any 32 bytes are a valid secret (they are clamped when used).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(StaticSecret::from(bytes))
    }

    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn public_key(&self) -> [u8; 32] {
        PublicKey::from(&self.0).to_bytes()
    }

    /// The shared secret with `their_public`, to feed to [`crate::RescueCipher::new`].
    /// Rejects small-order public keys (all-zero result), as `@noble/curves` does.
    pub fn shared_secret(&self, their_public: &[u8; 32]) -> Result<[u8; 32], Error> {
        let shared = self.0.diffie_hellman(&PublicKey::from(*their_public));
        if !shared.was_contributory() {
            return Err(Error::LowOrderPublicKey);
        }
        Ok(shared.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_is_symmetric() {
        let (a, b) = (SecretKey::generate(), SecretKey::generate());
        assert_eq!(
            a.shared_secret(&b.public_key()),
            b.shared_secret(&a.public_key())
        );
        assert_eq!(
            SecretKey::from_bytes(a.to_bytes()).public_key(),
            a.public_key()
        );
    }

    #[test]
    fn rejects_low_order_point() {
        let a = SecretKey::from_bytes([7; 32]);
        assert_eq!(a.shared_secret(&[0; 32]), Err(Error::LowOrderPublicKey));
    }
}
