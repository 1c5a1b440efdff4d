//! Computation offsets. The receipt and the computation account of a request both derive from
//! its offset, so whoever sends first takes it: a client draws offsets at random and draws again
//! when the one it drew is taken.

use crate::{client::ClientError, connection::Error};
use solana_instruction_error::InstructionError;
use solana_transaction_error::TransactionError;

/// Draws before giving up. A random 64-bit offset is taken only by someone who watched the
/// transaction and front-ran it, so a few draws suffice.
pub const ATTEMPTS: usize = 4;

/// Where offsets come from: random by default, chosen in tests.
pub type OffsetSource = Box<dyn FnMut() -> u64>;

pub fn random() -> OffsetSource {
    Box::new(rand::random)
}

/// System error 0, `AccountAlreadyInUse`, from creating the receipt.
const ACCOUNT_ALREADY_IN_USE: u32 = 0;
/// Arcium's `AlreadyInitializedComputation`, from creating the computation account.
const COMPUTATION_ALREADY_INITIALIZED: u32 = 6203;

/// Whether a request failed only because its offset was taken.
pub fn taken(error: &ClientError) -> bool {
    matches!(
        error,
        ClientError::Chain(Error::Transaction {
            error: TransactionError::InstructionError(_, InstructionError::Custom(code)),
            ..
        }) if *code == ACCOUNT_ALREADY_IN_USE || *code == COMPUTATION_ALREADY_INITIALIZED
    )
}
