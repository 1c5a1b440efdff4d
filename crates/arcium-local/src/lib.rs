//! A local Arcium network for development and tests.
//!
//! - [`program`]: the Arcium program as a native builtin, on the real account layouts;
//! - [`genesis`]: a one-node cluster serving one MXE program;
//! - [`node`] (feature `node`): the cluster's node, which runs compiled circuits (`build/*.arcis`)
//!   with the MXE's own keys and signs their outputs with the cluster's BLS key, on the chain it
//!   serves: in this process (feature `embedded`) or over JSON-RPC (feature `rpc`);
//! - [`chain`] (feature `embedded`): an in-process Solana runtime with all of the above attached;
//! - [`state`]: what a chain keeps to be resumed in another process.

pub mod arguments;
#[cfg(feature = "embedded")]
pub mod chain;
#[cfg(feature = "node")]
pub mod circuits;
#[cfg(feature = "node")]
pub mod evaluate;
#[cfg(feature = "node")]
pub mod executor;
pub mod genesis;
pub mod keys;
pub mod lighthouse;
pub mod log_data;
pub mod native_entry;
#[cfg(feature = "node")]
pub mod node;
pub mod program;
pub mod state;

#[cfg(feature = "embedded")]
pub use chain::{ChainError, LocalChain};
#[cfg(feature = "node")]
pub use executor::{Outcome, PreparedCallback};
pub use state::{ChainState, ProcessedTransaction};

/// The Lighthouse assertion program, which ends every callback transaction.
pub const LIGHTHOUSE_PROGRAM_ID: solana_program::pubkey::Pubkey =
    solana_program::pubkey::Pubkey::from_str_const("L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95");

/// A processed transaction: its signature and the logs a validator would have written.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub signature: solana_signature::Signature,
    pub logs: Vec<String>,
    /// Bytes of the serialized transaction (Solana's limit is 1,232).
    pub size: usize,
}
