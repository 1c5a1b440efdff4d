//! A local Arcium network for development and tests.
//!
//! - [`program`]: the Arcium program as a native builtin, on the real account layouts;
//! - [`genesis`]: a one-node cluster serving one MXE program;
//! - [`executor`]: runs compiled circuits (`build/*.arcis`) with the MXE's own keys and signs
//!   their outputs with the cluster's BLS key;
//! - [`chain`]: an in-process Solana runtime with all of the above attached;
//! - [`state`]: what a chain keeps to be resumed in another process.

pub mod arguments;
#[cfg(feature = "cluster")]
pub mod chain;
#[cfg(feature = "cluster")]
pub mod circuits;
#[cfg(feature = "cluster")]
pub mod evaluate;
#[cfg(feature = "cluster")]
pub mod executor;
pub mod genesis;
pub mod keys;
pub mod lighthouse;
pub mod log_data;
pub mod native_entry;
pub mod program;
pub mod state;

#[cfg(feature = "cluster")]
pub use chain::{ChainError, LocalChain, Receipt};
#[cfg(feature = "cluster")]
pub use executor::{Outcome, PreparedCallback};
#[cfg(feature = "cluster")]
pub use state::{ChainState, ProcessedTransaction};

/// The Lighthouse assertion program, which ends every callback transaction.
pub const LIGHTHOUSE_PROGRAM_ID: solana_program::pubkey::Pubkey =
    solana_program::pubkey::Pubkey::from_str_const("L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95");
