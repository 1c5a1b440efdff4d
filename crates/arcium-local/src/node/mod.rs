//! The cluster's node: it reads a queued computation and its definition from the chain it serves,
//! runs the circuit, and signs the callback transaction. It knows Arcium's accounts only, never
//! the programs it serves, and reads the chain through [`ServedChain`]: the embedded chain's
//! banks client ([`banks`]) or a JSON-RPC node ([`rpc`]).

#[cfg(feature = "embedded")]
mod banks;
#[cfg(feature = "rpc")]
pub mod rpc;

use crate::{
    circuits::CircuitStore,
    executor::{self, Executor, Outcome, PreparedCallback, QueuedComputation},
    genesis::{self, CLUSTER_OFFSET},
    keys::ClusterKeys,
    program::reclaim::MEMPOOL_LIFETIME_SLOTS,
};
use anchor_lang::AccountDeserialize;
use arcium_client::{
    idl::arcium::{
        accounts::{ComputationAccount, ComputationDefinitionAccount},
        types::ComputationStatus,
    },
    pda,
};
use solana_account::Account;
use solana_message::AddressLookupTableAccount;
use solana_program::{hash::Hash, pubkey::Pubkey};
use solana_transaction::versioned::VersionedTransaction;
use std::{collections::HashMap, path::PathBuf};

/// What the node reads from the chain it serves. Sending is left to each chain's owner, which
/// records or confirms transactions in its own way.
// One node serves one chain from one task, so the futures need no `Send` bound.
#[allow(async_fn_in_trait)]
pub trait ServedChain {
    type Error;
    async fn account(&self, address: &Pubkey) -> Result<Option<Account>, Self::Error>;
    async fn balance(&self, address: &Pubkey) -> Result<u64, Self::Error>;
    async fn latest_blockhash(&self) -> Result<Hash, Self::Error>;
    async fn slot(&self) -> Result<u64, Self::Error>;
}

#[derive(Debug, thiserror::Error)]
pub enum NodeError<E> {
    #[error(transparent)]
    Chain(E),
    #[error("computation {0} is not waiting for a callback")]
    NotQueued(u64),
    #[error("no account at {0}")]
    MissingAccount(Pubkey),
    #[error("account {0} does not hold what the cluster expects")]
    Malformed(Pubkey),
}

pub struct ClusterNode {
    executor: Executor,
    /// The MXE's address lookup table, which callbacks use.
    lookup_table: AddressLookupTableAccount,
}

impl ClusterNode {
    /// A node with the cluster's `keys`, serving the MXE of `mxe_program`; compiled circuits are
    /// read under `circuits_root`.
    pub fn new(keys: ClusterKeys, mxe_program: &Pubkey, circuits_root: PathBuf) -> Self {
        Self {
            executor: Executor::new(keys, CircuitStore::new(circuits_root)),
            lookup_table: genesis::lookup_table_account(mxe_program),
        }
    }

    pub fn keys(&self) -> &ClusterKeys {
        &self.executor.keys
    }

    pub fn lookup_table(&self) -> &AddressLookupTableAccount {
        &self.lookup_table
    }

    /// The computation queued under `offset`, if it still waits for a callback.
    pub async fn queued<C: ServedChain>(
        &self,
        chain: &C,
        offset: u64,
    ) -> Result<ComputationAccount, NodeError<C::Error>> {
        let address = pda::computation_acc(CLUSTER_OFFSET, offset);
        let slot = chain.slot().await.map_err(NodeError::Chain)?;
        match read::<ComputationAccount, C>(chain, address).await {
            Ok(account)
                if matches!(account.status, ComputationStatus::Queued)
                    && slot <= account.slot.saturating_add(MEMPOOL_LIFETIME_SLOTS) =>
            {
                Ok(account)
            }
            // Delivered, expired from the mempool (reclaimed or not): nothing to deliver, as a
            // cluster's nodes never take a computation the mempool dropped.
            Ok(_) | Err(NodeError::MissingAccount(_)) => Err(NodeError::NotQueued(offset)),
            Err(error) => Err(error),
        }
    }

    /// Runs the computation `account` queued under `offset`, on the accounts its arguments read
    /// by reference as they are now, and builds its callback, with `outcome` overriding the
    /// execution (as a cluster that aborts would).
    pub async fn callback<C: ServedChain>(
        &self,
        chain: &C,
        offset: u64,
        account: ComputationAccount,
        outcome: Option<Outcome>,
    ) -> Result<PreparedCallback, NodeError<C::Error>> {
        let definition: ComputationDefinitionAccount =
            read(chain, executor::definition_address(&account)).await?;
        let node_balance =
            (chain.balance(&self.executor.node_authority()).await).map_err(NodeError::Chain)?;
        let mut referenced = HashMap::new();
        for argument in &account.arguments.accounts {
            if let Some(held) = chain
                .account(&argument.pubkey)
                .await
                .map_err(NodeError::Chain)?
            {
                referenced.insert(argument.pubkey, held.data);
            }
        }
        let computation = QueuedComputation {
            offset,
            account,
            definition,
            referenced,
        };
        Ok(self.executor.prepare(computation, outcome, node_balance))
    }

    /// The callback transaction signed by the node: a v0 transaction naming the MXE's recurring
    /// accounts through its lookup table, as a node of a real cluster sends it.
    pub async fn sign<C: ServedChain>(
        &self,
        chain: &C,
        callback: &PreparedCallback,
    ) -> Result<VersionedTransaction, C::Error> {
        let blockhash = chain.latest_blockhash().await?;
        Ok(self
            .executor
            .callback_transaction(callback, &self.lookup_table, blockhash))
    }
}

/// The Anchor account at `address` on `chain`.
async fn read<T: AccountDeserialize, C: ServedChain>(
    chain: &C,
    address: Pubkey,
) -> Result<T, NodeError<C::Error>> {
    let account = (chain.account(&address).await)
        .map_err(NodeError::Chain)?
        .ok_or(NodeError::MissingAccount(address))?;
    decode(address, &account.data)
}

/// The Anchor account at `address` whose data is `data`.
fn decode<T: AccountDeserialize, E>(address: Pubkey, data: &[u8]) -> Result<T, NodeError<E>> {
    T::try_deserialize(&mut &data[..]).map_err(|_| NodeError::Malformed(address))
}
