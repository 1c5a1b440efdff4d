//! How a client reaches a chain. [`Connection`] is the few things medshare asks of one; Solana
//! JSON-RPC ([`RpcConnection`]: a local node, devnet or mainnet) and, with the `embedded`
//! feature, the chain in this process (`EmbeddedConnection`) both provide them, so every flow in
//! [`crate::client`] runs on either.

#[cfg(feature = "embedded")]
mod embedded;
mod rpc;

#[cfg(feature = "embedded")]
pub use embedded::EmbeddedConnection;
pub use rpc::RpcConnection;

use crate::Receipt;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program::{instruction::Instruction, pubkey::Pubkey};
use solana_transaction_error::TransactionError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The chain processed the transaction and it failed; `logs` say where.
    #[error("transaction failed: {error}")]
    Transaction {
        error: TransactionError,
        logs: Vec<String>,
    },
    #[error("cannot reach the chain: {0}")]
    Unreachable(String),
    #[error("no account at {0}")]
    MissingAccount(Pubkey),
    #[error("account {0} does not hold the expected data")]
    Malformed(Pubkey),
    #[error("the local ledger: {0}")]
    Ledger(String),
    #[error("the cluster has not answered computation {offset} after {seconds} s")]
    Timeout { offset: u64, seconds: u64 },
}

/// What medshare's flows need from a chain.
// The CLI and tests drive one connection at a time on a current-thread runtime, so the futures
// need no `Send` bound.
#[allow(async_fn_in_trait)]
pub trait Connection {
    /// Signs with `signers` (the first pays), sends, and waits until the transaction is
    /// confirmed; the receipt holds its logs.
    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Receipt, Error>;

    async fn account(&mut self, address: Pubkey) -> Result<Option<Account>, Error>;

    /// Accounts of medshare's program whose data starts with `discriminator` and holds
    /// `bytes` at `offset` (the `getProgramAccounts` query with a memcmp filter).
    async fn program_accounts(
        &mut self,
        discriminator: &[u8],
        filter: Option<(usize, &[u8])>,
    ) -> Result<Vec<(Pubkey, Account)>, Error>;

    /// The logs of the newest confirmed transaction that named `address` and whose logs
    /// `wanted` accepts, read back page after page however many transactions name the address:
    /// anyone can send transactions naming any account, and no number of them hides one.
    async fn find_transaction_logs(
        &mut self,
        address: Pubkey,
        wanted: impl FnMut(&[String]) -> bool,
    ) -> Result<Option<Vec<String>>, Error>;

    /// Funds `recipient` from the chain's faucet (local chains and devnet only).
    async fn airdrop(&mut self, recipient: Pubkey, lamports: u64) -> Result<(), Error>;

    /// Lets queued computations progress: the embedded cluster runs them now; a real cluster
    /// works on its own, so there this only waits a moment.
    async fn settle(&mut self) -> Result<(), Error>;

    /// Where this connection leads, for people: a URL or the ledger's directory.
    fn describe(&self) -> String;
}

/// Whether `account` matches a query for accounts of `program` (as in
/// [`Connection::program_accounts`]).
fn matches_query(
    account: &Account,
    program: &Pubkey,
    discriminator: &[u8],
    filter: Option<(usize, &[u8])>,
) -> bool {
    account.owner == *program
        && account.data.starts_with(discriminator)
        && filter.is_none_or(|(offset, bytes)| {
            account.data.get(offset..offset + bytes.len()) == Some(bytes)
        })
}
