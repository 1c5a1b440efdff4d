//! The local Arcium cluster's node serving a chain over JSON-RPC, as `medshare localnet` runs it:
//! it finds computations queued for its cluster, runs their circuits and sends the signed
//! callbacks, the way a node of a real cluster watches the chain. [`RpcClusterNode::serve`]
//! learns of new computations from the queue events the chain pushes over its websocket, and
//! sweeps the chain for queued ones at start and now and then, for any it was not told of.

mod serve;

pub use serve::Report;

use crate::connection::rpc::{confirmed_logs, program_accounts, QueryError};
use anchor_lang::{AccountDeserialize, Discriminator};
use arcium_client::{
    idl::arcium::accounts::{ComputationAccount, ComputationDefinitionAccount},
    pda, ARCIUM_PROGRAM_ID,
};
use arcium_local::{
    circuits::CircuitStore,
    executor::{self, Executor, Outcome, QueuedComputation, COMPUTATION_STATUS_OFFSET},
    genesis::{self, CLUSTER_OFFSET},
    keys::ClusterKeys,
    log_data,
};
use share_medical_records::state::{Disclosure, DisclosureStatus};
use solana_commitment_config::CommitmentConfig;
use solana_message::AddressLookupTableAccount;
use solana_program::pubkey::Pubkey;
use solana_pubsub_client::nonblocking::pubsub_client::PubsubClientError;
use solana_rpc_client::{
    nonblocking::rpc_client::RpcClient, rpc_client::GetConfirmedSignaturesForAddress2Config,
};
use solana_signature::Signature;
use std::{
    collections::{BTreeMap, BTreeSet},
    path::PathBuf,
};

/// `ComputationStatus::Queued` as Borsh writes it.
const QUEUED: u8 = 0;

#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    #[error("the chain did not answer: {0}")]
    Rpc(#[from] solana_rpc_client_api::client_error::Error),
    #[error("the chain's websocket: {0}")]
    Subscription(#[from] PubsubClientError),
    #[error("account {0} does not hold what the cluster expects")]
    Malformed(Pubkey),
    #[error("no computation definition at {0}")]
    MissingDefinition(Pubkey),
}

impl From<QueryError> for NodeError {
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::Rpc(error) => NodeError::Rpc(error),
            QueryError::Malformed(address) => NodeError::Malformed(address),
        }
    }
}

impl NodeError {
    /// Whether the chain itself turned the callback down, so that sending it again would meet
    /// the same answer; anything else (a node that did not answer in time) is worth a retry.
    pub fn is_refusal(&self) -> bool {
        match self {
            NodeError::Rpc(error) => error.get_transaction_error().is_some(),
            NodeError::Subscription(_) => false,
            NodeError::Malformed(_) | NodeError::MissingDefinition(_) => true,
        }
    }
}

/// One delivered computation.
pub struct Delivery {
    pub offset: u64,
    pub outcome: Outcome,
    pub signature: Signature,
}

pub struct RpcClusterNode {
    client: RpcClient,
    websocket_url: String,
    executor: Executor,
    lookup_table: AddressLookupTableAccount,
    mxe_program: Pubkey,
}

impl RpcClusterNode {
    /// A node with the cluster's `keys`, serving the MXE of `mxe_program` on the chain at `url`
    /// (and its websocket at `websocket_url`); compiled circuits are read under `circuits_root`.
    pub fn new(
        url: &str,
        websocket_url: &str,
        keys: ClusterKeys,
        mxe_program: Pubkey,
        circuits_root: PathBuf,
    ) -> Self {
        Self {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            websocket_url: websocket_url.to_string(),
            executor: Executor::new(keys, CircuitStore::new(circuits_root)),
            lookup_table: genesis::lookup_table_account(&mxe_program),
            mxe_program,
        }
    }

    /// Computations waiting for this cluster, by address, in the order they were queued. One
    /// query, but one that reads every computation account the Arcium program owns.
    async fn queued(&self) -> Result<Vec<(Pubkey, ComputationAccount)>, NodeError> {
        let accounts = program_accounts(
            &self.client,
            &ARCIUM_PROGRAM_ID,
            ComputationAccount::DISCRIMINATOR,
            Some((COMPUTATION_STATUS_OFFSET as usize, &[QUEUED])),
        )
        .await?;
        let mut queued = (accounts.into_iter())
            .map(|(address, account)| Ok((address, decode(address, &account.data)?)))
            .collect::<Result<Vec<(Pubkey, ComputationAccount)>, NodeError>>()?;
        queued.sort_by_key(|(_, account)| (account.slot, account.slot_counter));
        Ok(queued)
    }

    /// The computation accounts at `addresses`, where they exist yet.
    async fn computations(
        &self,
        addresses: &[Pubkey],
    ) -> Result<Vec<Option<ComputationAccount>>, NodeError> {
        let accounts = self
            .client
            .get_multiple_accounts_with_commitment(addresses, CommitmentConfig::confirmed())
            .await?
            .value;
        (addresses.iter().zip(accounts))
            .map(|(address, account)| {
                (account.map(|account| decode(*address, &account.data))).transpose()
            })
            .collect()
    }

    /// Runs the computation queued under `offset` and sends its callback.
    async fn deliver(
        &self,
        offset: u64,
        account: ComputationAccount,
    ) -> Result<Delivery, NodeError> {
        let definition = self
            .definition(executor::definition_address(&account))
            .await?;
        let computation = QueuedComputation {
            offset,
            account,
            definition,
        };
        let node_balance = self
            .client
            .get_balance(&self.executor.node_authority())
            .await?;
        let callback = self.executor.prepare(computation, None, node_balance);
        let blockhash = self.client.get_latest_blockhash().await?;
        let transaction =
            self.executor
                .callback_transaction(&callback, &self.lookup_table, blockhash);
        let signature = self
            .client
            .send_and_confirm_transaction(&transaction)
            .await?;
        Ok(Delivery {
            offset,
            outcome: callback.outcome,
            signature,
        })
    }

    /// The offsets the computations at `wanted` were queued under. The accounts do not hold
    /// them; the Arcium program's queue events do, in the transactions that created them. Those
    /// are found by reading the Arcium program's history back from the newest transaction until
    /// all are found; the ones not found are left out.
    async fn offsets_of(
        &self,
        wanted: &BTreeSet<Pubkey>,
    ) -> Result<BTreeMap<Pubkey, u64>, NodeError> {
        let mut found = BTreeMap::new();
        let mut before = None;
        while found.len() < wanted.len() {
            let config = GetConfirmedSignaturesForAddress2Config {
                before,
                until: None,
                limit: None,
                commitment: Some(CommitmentConfig::confirmed()),
            };
            let page = self
                .client
                .get_signatures_for_address_with_config(&ARCIUM_PROGRAM_ID, config)
                .await?;
            let signatures = (page.iter())
                .map(|status| {
                    let signature: Signature = (status.signature.parse())
                        .map_err(|_| NodeError::Malformed(ARCIUM_PROGRAM_ID))?;
                    Ok((signature, status.err.is_none()))
                })
                .collect::<Result<Vec<_>, NodeError>>()?;
            let Some((last, _)) = signatures.last() else {
                break;
            };
            before = Some(*last);
            for (signature, _) in signatures.iter().filter(|(_, succeeded)| *succeeded) {
                let logs = confirmed_logs(&self.client, signature).await?;
                for offset in log_data::queued_offsets(&logs) {
                    let address = pda::computation_acc(CLUSTER_OFFSET, offset);
                    if wanted.contains(&address) {
                        found.insert(address, offset);
                    }
                }
                if found.len() == wanted.len() {
                    break;
                }
            }
        }
        Ok(found)
    }

    /// The offsets medshare's own receipts name for the computations at `wanted`. They hold even
    /// where the queueing transaction is missing from the node's history, as after a kill:
    /// surfpool stores accounts and transactions apart, so it can keep the one without the
    /// other. A receipt's offset counts only if it derives the computation's address, so no
    /// receipt can point the node at another computation.
    async fn offsets_from_receipts(
        &self,
        wanted: &BTreeSet<Pubkey>,
    ) -> Result<BTreeMap<Pubkey, u64>, NodeError> {
        let accounts = program_accounts(
            &self.client,
            &self.mxe_program,
            Disclosure::DISCRIMINATOR,
            None,
        )
        .await?;
        let mut found = BTreeMap::new();
        for (address, account) in accounts {
            let receipt: Disclosure = decode(address, &account.data)?;
            let computation = pda::computation_acc(CLUSTER_OFFSET, receipt.computation_offset);
            if receipt.status == DisclosureStatus::Queued && wanted.contains(&computation) {
                found.insert(computation, receipt.computation_offset);
            }
        }
        Ok(found)
    }

    async fn definition(&self, address: Pubkey) -> Result<ComputationDefinitionAccount, NodeError> {
        let account = self
            .client
            .get_account_with_commitment(&address, CommitmentConfig::confirmed())
            .await?
            .value
            .ok_or(NodeError::MissingDefinition(address))?;
        decode(address, &account.data)
    }
}

/// The Anchor account at `address` held in `data`.
fn decode<T: AccountDeserialize>(address: Pubkey, data: &[u8]) -> Result<T, NodeError> {
    T::try_deserialize(&mut &data[..]).map_err(|_| NodeError::Malformed(address))
}
