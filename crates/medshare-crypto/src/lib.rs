//! Client-side cryptography for medshare, byte-compatible with `@arcium-hq/client` 0.14.1.
//!
//! A client agrees on a key with an Arcium MXE over x25519 ([`keys`]), derives a Rescue key
//! from the shared secret and encrypts field elements with the Rescue cipher in CTR mode
//! ([`rescue`]). Several small integers can share one field element ([`pack`]), exactly as the
//! Arcis `Pack<T>` type lays them out inside a circuit.
//!
//! A record is sealed with a binding tag that ties it to its owner and account ([`sealed`]).
//! Documents (megabytes) are encrypted as an XChaCha20-Poly1305 stream bound to their account
//! and version ([`document`]).
//!
//! Field elements ([`FieldElement`]) are integers modulo p = 2^255 - 19, serialised as 32
//! little-endian bytes.

pub mod document;
mod error;
pub mod field;
pub mod keys;
pub mod pack;
pub mod rescue;
pub mod sealed;

pub use error::Error;
pub use field::FieldElement;
pub use keys::SecretKey;
pub use rescue::RescueCipher;
