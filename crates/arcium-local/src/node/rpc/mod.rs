//! The cluster's node serving a chain over JSON-RPC, as `medshare localnet` runs it: it finds the
//! computations queued for its cluster, runs their circuits and sends the signed callbacks, the
//! way a node of a real cluster watches the chain. [`RpcNode::serve`] learns of new computations
//! from the queue events the chain pushes over its websocket, and sweeps the chain's computation
//! accounts at start and now and then, for any it was not told of.

mod serve;

pub use serve::Report;

use super::{decode, ClusterNode, NodeError, ServedChain};
use crate::{
    executor::{Outcome, COMPUTATION_STATUS_OFFSET},
    genesis::CLUSTER_OFFSET,
    program::queue::queued_offset,
};
use anchor_lang::Discriminator;
use arcium_client::{idl::arcium::accounts::ComputationAccount, ARCIUM_PROGRAM_ID};
use solana_account::Account;
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_commitment_config::CommitmentConfig;
use solana_program::{hash::Hash, pubkey::Pubkey};
use solana_pubsub_client::nonblocking::pubsub_client::PubsubClientError;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_rpc_client_api::{
    client_error::Error as ClientError,
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig},
    filter::{Memcmp, RpcFilterType},
};
use solana_signature::Signature;

/// `ComputationStatus::Queued` as Borsh writes it.
const QUEUED: u8 = 0;

#[derive(Debug, thiserror::Error)]
pub enum RpcFailure {
    #[error("the chain did not answer: {0}")]
    Rpc(#[from] ClientError),
    #[error("the chain's websocket: {0}")]
    Subscription(#[from] PubsubClientError),
}

pub type Error = NodeError<RpcFailure>;

impl From<ClientError> for Error {
    fn from(error: ClientError) -> Self {
        NodeError::Chain(error.into())
    }
}

impl Error {
    /// Whether the chain itself turned the callback down, so that sending it again would meet
    /// the same answer; anything else (a node that did not answer in time) is worth a retry.
    pub fn is_refusal(&self) -> bool {
        match self {
            NodeError::Chain(RpcFailure::Rpc(error)) => error.get_transaction_error().is_some(),
            NodeError::Chain(RpcFailure::Subscription(_)) => false,
            NodeError::NotQueued(_) | NodeError::MissingAccount(_) | NodeError::Malformed(_) => {
                true
            }
        }
    }
}

impl ServedChain for RpcClient {
    type Error = RpcFailure;

    async fn account(&self, address: &Pubkey) -> Result<Option<Account>, RpcFailure> {
        Ok(
            (self.get_account_with_commitment(address, CommitmentConfig::confirmed()))
                .await?
                .value,
        )
    }

    async fn balance(&self, address: &Pubkey) -> Result<u64, RpcFailure> {
        Ok(self.get_balance(address).await?)
    }

    async fn latest_blockhash(&self) -> Result<Hash, RpcFailure> {
        Ok(self.get_latest_blockhash().await?)
    }

    async fn slot(&self) -> Result<u64, RpcFailure> {
        Ok(self
            .get_slot_with_commitment(CommitmentConfig::confirmed())
            .await?)
    }
}

/// One delivered computation.
pub struct Delivery {
    pub offset: u64,
    pub outcome: Outcome,
    pub signature: Signature,
}

pub struct RpcNode {
    client: RpcClient,
    websocket_url: String,
    node: ClusterNode,
}

impl RpcNode {
    /// `node` serving the chain at `url`, whose websocket is at `websocket_url`.
    pub fn new(url: &str, websocket_url: &str, node: ClusterNode) -> Self {
        Self {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            websocket_url: websocket_url.to_string(),
            node,
        }
    }

    /// The offsets of the computations waiting for this cluster, in the order they were queued.
    /// One query, but one that reads every computation account the Arcium program owns.
    async fn queued(&self) -> Result<Vec<u64>, Error> {
        let status = Memcmp::new_raw_bytes(COMPUTATION_STATUS_OFFSET as usize, vec![QUEUED]);
        let kind = Memcmp::new_raw_bytes(0, ComputationAccount::DISCRIMINATOR.to_vec());
        let config = RpcProgramAccountsConfig {
            filters: Some(vec![
                RpcFilterType::Memcmp(kind),
                RpcFilterType::Memcmp(status),
            ]),
            account_config: RpcAccountInfoConfig {
                encoding: Some(UiAccountEncoding::Base64),
                commitment: Some(CommitmentConfig::confirmed()),
                ..RpcAccountInfoConfig::default()
            },
            ..RpcProgramAccountsConfig::default()
        };
        let accounts = (self.client)
            .get_program_ui_accounts_with_config(&ARCIUM_PROGRAM_ID, config)
            .await?;
        let mut queued = Vec::new();
        for (address, account) in accounts {
            let account: Account = account.decode().ok_or(NodeError::Malformed(address))?;
            // A computation whose account names no offset (queued by an earlier local program)
            // cannot be called back; it must not hold up the others.
            let Some(offset) = queued_offset(CLUSTER_OFFSET, &address, &account.data) else {
                continue;
            };
            let computation: ComputationAccount = decode(address, &account.data)?;
            queued.push(((computation.slot, computation.slot_counter), offset));
        }
        queued.sort();
        Ok(queued.into_iter().map(|(_, offset)| offset).collect())
    }

    /// The computation accounts queued under `offsets`, where they exist yet.
    async fn computations(
        &self,
        offsets: &[u64],
    ) -> Result<Vec<Option<ComputationAccount>>, Error> {
        let addresses: Vec<Pubkey> = (offsets.iter())
            .map(|offset| arcium_client::pda::computation_acc(CLUSTER_OFFSET, *offset))
            .collect();
        let accounts = (self.client)
            .get_multiple_accounts_with_commitment(&addresses, CommitmentConfig::confirmed())
            .await?
            .value;
        (addresses.into_iter().zip(accounts))
            .map(|(address, account)| {
                account
                    .map(|account| decode(address, &account.data))
                    .transpose()
            })
            .collect()
    }

    /// Runs the computation `account` queued under `offset` and sends its callback.
    async fn deliver(&self, offset: u64, account: ComputationAccount) -> Result<Delivery, Error> {
        let callback = (self.node)
            .callback(&self.client, offset, account, None)
            .await?;
        let transaction =
            (self.node.sign(&self.client, &callback).await).map_err(NodeError::Chain)?;
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
}
