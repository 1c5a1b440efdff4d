//! The client side of medshare: addresses, instruction builders, event decoding, the clinical
//! summary and its encryption, the flows over any chain connection, and the embedded local chain.

pub mod addresses;
pub mod client;
pub mod cluster_node;
pub mod connection;
pub mod embedded;
pub mod events;
pub mod formats;
pub mod instructions;
pub mod offsets;
pub mod program_errors;
pub mod record;

pub use arcium_local::{ChainError, LocalChain, Outcome, Receipt};
pub use medshare_crypto::SecretKey;
