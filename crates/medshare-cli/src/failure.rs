//! Turning a failure into a sentence a person understands and a documented exit code.

use crate::{identity::IdentityError, keystore::KeystoreError};
use medshare_sdk::{
    client::ClientError, connection::Error as ChainError, program_errors::medshare_error,
    record::fhir::FhirError,
};
use solana_instruction_error::InstructionError;
use solana_transaction_error::TransactionError;
use std::process::ExitCode;

/// The exit codes `medshare --help` documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Other = 1,
    Refused = 3,
    NotFound = 4,
    Undelivered = 5,
    Keys = 6,
    Input = 7,
}

/// Raised by commands for a situation they detected themselves.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

pub fn fail(exit: Exit, message: impl Into<String>) -> anyhow::Error {
    Failure {
        exit,
        message: message.into(),
    }
    .into()
}

/// Prints `error` with its context to stderr and returns its exit code: the context above the
/// first cause [`explain`] knows, then that cause explained.
pub fn report(error: &anyhow::Error) -> ExitCode {
    let mut parts = Vec::new();
    let mut exit = Exit::Other;
    for cause in error.chain() {
        if let Some((known, explanation)) = explain(cause) {
            exit = known;
            parts.push(explanation);
            break;
        }
        parts.push(cause.to_string());
    }
    eprintln!("error: {}", parts.join(": "));
    ExitCode::from(exit as u8)
}

/// The exit code and sentence for one cause, if it is of a kind medshare explains.
fn explain(cause: &(dyn std::error::Error + 'static)) -> Option<(Exit, String)> {
    if let Some(failure) = cause.downcast_ref::<Failure>() {
        return Some((failure.exit, failure.message.clone()));
    }
    if let Some(client) = cause.downcast_ref::<ClientError>() {
        return Some(match client {
            ClientError::Chain(chain) => chain_failure(chain),
            ClientError::NotFound(_) => (Exit::NotFound, client.to_string()),
            ClientError::NotDelivered { .. }
            | ClientError::RotationAbandoned
            | ClientError::StudyUpdateFailed { .. }
            | ClientError::Dropped { .. } => (Exit::Undelivered, client.to_string()),
            ClientError::Record(_) | ClientError::OldFormat { .. } | ClientError::Document(_) => {
                (Exit::Input, client.to_string())
            }
            ClientError::NotAccredited(_) | ClientError::MxeKeyNotPinned { .. } => {
                (Exit::Refused, client.to_string())
            }
            ClientError::MxeKeyMissing | ClientError::OffsetsTaken | ClientError::ShardsBusy => {
                (Exit::Other, client.to_string())
            }
        });
    }
    if let Some(chain) = cause.downcast_ref::<ChainError>() {
        return Some(chain_failure(chain));
    }
    if cause.is::<KeystoreError>() || cause.is::<IdentityError>() {
        return Some((Exit::Keys, cause.to_string()));
    }
    if cause.is::<FhirError>() {
        return Some((Exit::Input, cause.to_string()));
    }
    None
}

fn chain_failure(error: &ChainError) -> (Exit, String) {
    match error {
        ChainError::Transaction { error, logs } => transaction_failure(error, logs),
        ChainError::MissingAccount(_) => (Exit::NotFound, error.to_string()),
        ChainError::Timeout { .. } => (Exit::Undelivered, error.to_string()),
        _ => (Exit::Other, error.to_string()),
    }
}

fn transaction_failure(error: &TransactionError, logs: &[String]) -> (Exit, String) {
    let refused = |message: String| (Exit::Refused, message);
    match error {
        TransactionError::InstructionError(_, InstructionError::Custom(code)) => {
            if let Some(rule) = medshare_error(*code) {
                return refused(format!("the program refused: {rule} (error {code})"));
            }
            if logs.iter().any(|line| line.contains("already in use")) {
                return refused("it already exists on chain".into());
            }
            refused(match code {
                3012 => "an account this needs does not exist on chain".into(),
                2000..=2999 => format!("an account does not satisfy the program's constraints (error {code})"),
                3000..=3999 => format!("an account is not what the program expected (error {code})"),
                _ => format!("the program refused with error {code}"),
            })
        }
        TransactionError::AccountNotFound | TransactionError::InsufficientFundsForFee => (
            Exit::Refused,
            "the wallet has no SOL for the fee: fund it (on a local chain or devnet: `medshare airdrop`)"
                .into(),
        ),
        TransactionError::InstructionError(_, InstructionError::InsufficientFunds) => (
            Exit::Refused,
            "the wallet has too little SOL for the rent of the new account: fund it (`medshare airdrop`)"
                .into(),
        ),
        other => (Exit::Refused, format!("the transaction failed: {other}")),
    }
}
