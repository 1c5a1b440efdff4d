//! The local Arcium cluster's node serving a chain over JSON-RPC, as `medshare localnet` runs it:
//! it finds computations queued for its cluster, runs their circuits and sends the signed
//! callbacks, the way a node of a real cluster watches the chain.

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
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_signature::Signature;
use std::{collections::HashMap, path::PathBuf, sync::Mutex};

/// `ComputationStatus::Queued` as Borsh writes it.
const QUEUED: u8 = 0;

#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    #[error("the chain did not answer: {0}")]
    Rpc(#[from] solana_rpc_client_api::client_error::Error),
    #[error("account {0} does not hold what the cluster expects")]
    Malformed(Pubkey),
    #[error("no computation definition at {0}")]
    MissingDefinition(Pubkey),
}

/// One delivered computation.
pub struct Delivery {
    pub offset: u64,
    pub outcome: Outcome,
    pub signature: Signature,
}

pub struct RpcClusterNode {
    client: RpcClient,
    executor: Executor,
    lookup_table: AddressLookupTableAccount,
    /// Offsets already found, by computation address.
    offsets: Mutex<HashMap<Pubkey, u64>>,
}

impl RpcClusterNode {
    /// A node with the cluster's `keys`, serving the MXE of `mxe_program` on the chain at `url`;
    /// compiled circuits are read under `circuits_root`.
    pub fn new(url: &str, keys: ClusterKeys, mxe_program: Pubkey, circuits_root: PathBuf) -> Self {
        Self {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            executor: Executor::new(keys, CircuitStore::new(circuits_root)),
            lookup_table: genesis::lookup_table_account(&mxe_program),
            offsets: Mutex::default(),
        }
    }

    /// Computations waiting for this cluster, in the order they were queued.
    pub async fn queued(&self) -> Result<Vec<QueuedComputation>, NodeError> {
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
            let Some(offset) = self.offset_of(address).await? else {
                continue;
            };
            let definition_address = pda::computation_definition_acc(
                &account.mxe_program_id,
                account.computation_definition_offset,
            );
            let definition = self.definition(definition_address).await?;
            queued.push(QueuedComputation {
                offset,
                account,
                definition,
            });
        }
        queued.sort_by_key(|computation| {
            (computation.account.slot, computation.account.slot_counter)
        });
        Ok(queued)
    }

    /// Runs one computation and sends its callback.
    pub async fn deliver(&self, computation: QueuedComputation) -> Result<Delivery, NodeError> {
        let node_balance = self
            .client
            .get_balance(&self.executor.node_authority())
            .await?;
        let offset = computation.offset;
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

    /// The offset the computation at `address` was queued under. The account does not hold it;
    /// the Arcium program's queue event in the transaction that created it does.
    async fn offset_of(&self, address: Pubkey) -> Result<Option<u64>, NodeError> {
        if let Some(offset) = self.offsets.lock().unwrap().get(&address) {
            return Ok(Some(*offset));
        }
        for status in self.client.get_signatures_for_address(&address).await? {
            let signature: Signature = status
                .signature
                .parse()
                .map_err(|_| NodeError::Malformed(address))?;
            let logs = confirmed_logs(&self.client, &signature).await?;
            if let Some(offset) = (log_data::queued_offsets(&logs).into_iter())
                .find(|offset| pda::computation_acc(CLUSTER_OFFSET, *offset) == address)
            {
                self.offsets.lock().unwrap().insert(address, offset);
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
