//! The client side of medshare: addresses, instruction builders, account and event decoding, the
//! clinical summary and its encryption, FHIR, and the flows over any chain connection. The
//! `embedded` feature adds the chain in this process, with the local Arcium cluster.

pub mod accounting;
pub mod addresses;
pub mod attestations;
pub mod client;
pub mod clinic;
pub mod connection;
pub mod documents;
pub mod eligibility;
#[cfg(feature = "embedded")]
pub mod embedded;
pub mod events;
pub mod formats;
pub mod instructions;
pub mod offsets;
pub mod program_errors;
pub mod record;
pub mod research;
pub mod sealed_pair;
pub mod study;

pub use arcium_local::Receipt;
#[cfg(feature = "embedded")]
pub use arcium_local::{ChainError, LocalChain, Outcome};
pub use medshare_crypto::SecretKey;
