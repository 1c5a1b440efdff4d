//! The local Arcium cluster's node serving a chain over JSON-RPC, as `medshare localnet` runs it:
//! it finds computations queued for its cluster, runs their circuits and sends the signed
//! callbacks, the way a node of a real cluster watches the chain. [`RpcClusterNode::serve`]
//! learns of new computations from the queue events the chain pushes over its websocket, and
//! sweeps the chain for queued ones at start and now and then, for any it was not told of.

mod serve;

pub use serve::Report;

use crate::connection::rpc::{account_query, confirmed_logs};
use anchor_lang::{AccountDeserialize, Discriminator};
use arcium_client::{
    idl::arcium::accounts::{ComputationAccount, ComputationDefinitionAccount},
    pda, ARCIUM_PROGRAM_ID,
};
use arcium_local::{
    circuits::CircuitStore,
    executor::{Executor, Outcome, QueuedComputation, COMPUTATION_STATUS_OFFSET},
    genesis::{self, CLUSTER_OFFSET},
    keys::ClusterKeys,
    log_data,
};
use solana_commitment_config::CommitmentConfig;
use solana_message::AddressLookupTableAccount;
use solana_program::pubkey::Pubkey;
use solana_pubsub_client::nonblocking::pubsub_client::PubsubClientError;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_signature::Signature;
use std::path::PathBuf;

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
        }
    }

    /// Computations waiting for this cluster, by address, in the order they were queued. One
    /// query, but one that reads every computation account the Arcium program owns.
    pub async fn queued(&self) -> Result<Vec<(Pubkey, ComputationAccount)>, NodeError> {
        let config = account_query(
            ComputationAccount::DISCRIMINATOR,
            Some((COMPUTATION_STATUS_OFFSET as usize, &[QUEUED])),
        );
        let accounts = self
            .client
            .get_program_ui_accounts_with_config(&ARCIUM_PROGRAM_ID, config)
            .await?;
        let mut queued = Vec::with_capacity(accounts.len());
        for (address, account) in accounts {
            let data = account.data.decode().ok_or(NodeError::Malformed(address))?;
            let account = ComputationAccount::try_deserialize(&mut data.as_slice())
                .map_err(|_| NodeError::Malformed(address))?;
            queued.push((address, account));
        }
        queued.sort_by_key(|(_, account)| (account.slot, account.slot_counter));
        Ok(queued)
    }

    /// The computation accounts at `addresses`, where they exist yet.
    pub async fn computations(
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
                account
                    .map(|account| {
                        ComputationAccount::try_deserialize(&mut account.data.as_slice())
                            .map_err(|_| NodeError::Malformed(*address))
                    })
                    .transpose()
            })
            .collect()
    }

    /// Runs the computation at `address` and sends its callback. Its `offset`, unless already
    /// known, is read from the transaction that queued it; `None` while that transaction is not
    /// yet visible, so that it is tried again later.
    pub async fn deliver(
        &self,
        address: Pubkey,
        account: ComputationAccount,
        offset: Option<u64>,
    ) -> Result<Option<Delivery>, NodeError> {
        let offset = match offset {
            Some(offset) => offset,
            None => match self.offset_of(address).await? {
                Some(offset) => offset,
                None => return Ok(None),
            },
        };
        let definition = self
            .definition(pda::computation_definition_acc(
                &account.mxe_program_id,
                account.computation_definition_offset,
            ))
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
        Ok(Some(Delivery {
            offset,
            outcome: callback.outcome,
            signature,
        }))
    }

    /// The offset the computation at `address` was queued under. The account does not hold it;
    /// the Arcium program's queue event in the transaction that created it does. Finding that
    /// transaction costs a search of the node's whole history, so it is the fallback for what
    /// a sweep finds.
    async fn offset_of(&self, address: Pubkey) -> Result<Option<u64>, NodeError> {
        for status in self.client.get_signatures_for_address(&address).await? {
            let signature: Signature = status
                .signature
                .parse()
                .map_err(|_| NodeError::Malformed(address))?;
            let logs = confirmed_logs(&self.client, &signature).await?;
            if let Some(offset) = (log_data::queued_offsets(&logs).into_iter())
                .find(|offset| pda::computation_acc(CLUSTER_OFFSET, *offset) == address)
            {
                return Ok(Some(offset));
            }
        }
        Ok(None)
    }

    async fn definition(&self, address: Pubkey) -> Result<ComputationDefinitionAccount, NodeError> {
        let account = self
            .client
            .get_account_with_commitment(&address, CommitmentConfig::confirmed())
            .await?
            .value
            .ok_or(NodeError::MissingDefinition(address))?;
        ComputationDefinitionAccount::try_deserialize(&mut account.data.as_slice())
            .map_err(|_| NodeError::Malformed(address))
    }
}
