//! Follows the program's finalized transactions into the database. Each round pages back from
//! the newest finalized signature to the cursor (the whole history on a first start, the gap
//! after any outage), then fetches and writes those transactions oldest first, a batch per
//! database transaction. A websocket subscription to the program's logs wakes the next round
//! as soon as something happens; without one, rounds run every [`POLL_INTERVAL`].
//!
//! Times come from the receipts the transactions name, while they exist: the program stamps
//! them with its Clock, which the accounting must show (see [`Indexed::stamp`]).
//!
//! Only finalized transactions are indexed: a confirmed one can still be dropped with its fork,
//! and a row the index wrote could then describe nothing on the chain. The price is the
//! finality lag (about 13 s on mainnet).

use crate::{
    database::{Cursor, Database, DatabaseError},
    ingest::{index, FinalizedTransaction, Indexed},
};
use anchor_lang::AccountDeserialize;
use futures::{stream, StreamExt, TryStreamExt};
use medshare_sdk::addresses;
use share_medical_records::state::Disclosure;
use solana_commitment_config::CommitmentConfig;
use solana_pubsub_client::nonblocking::pubsub_client::PubsubClient;
use solana_rpc_client::{
    nonblocking::rpc_client::RpcClient, rpc_client::GetConfirmedSignaturesForAddress2Config,
};
use solana_rpc_client_api::{
    client_error::Error as ClientError,
    config::{RpcTransactionConfig, RpcTransactionLogsConfig, RpcTransactionLogsFilter},
};
use solana_signature::Signature;
use solana_transaction_status_client_types::{
    option_serializer::OptionSerializer, TransactionConfirmationStatus, UiTransactionEncoding,
};
use std::{cell::Cell, collections::HashMap, future::Future, time::Duration};
use tokio::sync::Notify;

/// The longest wait between rounds when no notification comes.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// The pause after a failed round (the node is down, the database refused) before the next.
const RETRY_DELAY: Duration = Duration::from_secs(1);
/// Signatures per `getSignaturesForAddress` page: the most a node returns.
const SIGNATURES_PER_PAGE: usize = 1_000;
/// Transactions written per database transaction.
const BATCH: usize = 200;
/// Accounts per `getMultipleAccounts`: the most a node serves.
const ACCOUNTS_PER_REQUEST: usize = 100;
/// `getTransaction` requests in flight at once.
const IN_FLIGHT: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error("the chain did not answer: {0}")]
    Rpc(#[from] ClientError),
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error("the node returned a malformed signature {0:?}")]
    Malformed(String),
}

/// What the follower has to say as it works.
pub enum Progress {
    /// `count` transactions written; the cursor is now at `cursor`.
    Indexed { count: usize, cursor: Cursor },
    /// A round failed; the next one starts from the cursor.
    Retrying(FollowError),
    /// The websocket could not be opened or closed: rounds run on the timer until it is back.
    NoSubscription(String),
}

pub struct Follower {
    client: RpcClient,
    websocket_url: Option<String>,
    program: solana_program::pubkey::Pubkey,
}

impl Follower {
    /// Follows medshare on the node at `url`, woken by its websocket at `websocket_url` if given.
    pub fn new(url: &str, websocket_url: Option<&str>) -> Self {
        Self {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::finalized()),
            websocket_url: websocket_url.map(str::to_string),
            program: share_medical_records::ID,
        }
    }

    /// Indexes until `stop` completes.
    pub async fn run(
        &self,
        database: &Database,
        stop: impl Future<Output = ()>,
        mut progress: impl FnMut(Progress),
    ) {
        let wake = Notify::new();
        let (notices_tx, mut notices) = tokio::sync::mpsc::unbounded_channel();
        let listen = async {
            let Some(url) = &self.websocket_url else {
                return std::future::pending().await;
            };
            // Said once per outage, not at every attempt to reconnect.
            let mut said = false;
            loop {
                let connected = Cell::new(false);
                let result = self.listen(url, &wake, &connected).await;
                said &= !connected.get();
                if let Err(error) = result {
                    if !said {
                        let _ = notices_tx.send(error);
                        said = true;
                    }
                }
                tokio::time::sleep(RETRY_DELAY).await;
            }
        };
        let work = async {
            loop {
                while let Ok(notice) = notices.try_recv() {
                    progress(Progress::NoSubscription(notice));
                }
                match self.round(database, &mut progress).await {
                    Ok(()) => {
                        let _ = tokio::time::timeout(POLL_INTERVAL, wake.notified()).await;
                    }
                    Err(error) => {
                        progress(Progress::Retrying(error));
                        tokio::time::sleep(RETRY_DELAY).await;
                    }
                }
            }
        };
        tokio::select! {
            () = stop => {}
            () = listen => {}
            () = work => {}
        }
    }

    /// Wakes the follower whenever a transaction mentioning the program is finalized, until the
    /// websocket closes.
    async fn listen(&self, url: &str, wake: &Notify, connected: &Cell<bool>) -> Result<(), String> {
        let websocket = PubsubClient::new(url)
            .await
            .map_err(|error| error.to_string())?;
        let filter = RpcTransactionLogsFilter::Mentions(vec![self.program.to_string()]);
        let config = RpcTransactionLogsConfig {
            commitment: Some(CommitmentConfig::finalized()),
        };
        let (mut notifications, unsubscribe) =
            (websocket.logs_subscribe(filter, config).await).map_err(|error| error.to_string())?;
        connected.set(true);
        while notifications.next().await.is_some() {
            wake.notify_one();
        }
        unsubscribe().await;
        Err("the websocket closed".into())
    }

    /// Indexes every finalized transaction after the cursor.
    pub async fn round(
        &self,
        database: &Database,
        progress: &mut impl FnMut(Progress),
    ) -> Result<(), FollowError> {
        let cursor = database.cursor().await?;
        let pending = self.signatures_after(cursor.as_ref()).await?;
        for chunk in pending.chunks(BATCH) {
            let mut batch: Vec<(FinalizedTransaction, Indexed)> = stream::iter(chunk)
                .map(|(signature, _)| self.transaction(signature))
                .buffered(IN_FLIGHT)
                .try_filter_map(|found| async move { Ok(found) })
                .map_ok(|transaction| {
                    let indexed = index(&transaction);
                    (transaction, indexed)
                })
                .try_collect()
                .await?;
            let receipts = self.receipts(&batch).await?;
            for (_, indexed) in &mut batch {
                indexed.stamp(&receipts);
            }
            // A batch of failed transactions still moves the cursor past them.
            let (last, slot) = chunk.last().expect("chunks are never empty");
            let cursor = Cursor {
                signature: last.to_string(),
                slot: *slot,
            };
            database.write(&batch, &cursor).await?;
            progress(Progress::Indexed {
                count: chunk.len(),
                cursor,
            });
        }
        Ok(())
    }

    /// The receipts of the disclosures `batch` queues or settles that still exist, as finalized.
    async fn receipts(
        &self,
        batch: &[(FinalizedTransaction, Indexed)],
    ) -> Result<HashMap<u64, Disclosure>, FollowError> {
        let offsets: Vec<u64> = (batch.iter())
            .flat_map(|(_, indexed)| indexed.disclosure_offsets())
            .collect();
        let mut receipts = HashMap::new();
        for offsets in offsets.chunks(ACCOUNTS_PER_REQUEST) {
            let addresses: Vec<_> = offsets
                .iter()
                .map(|offset| addresses::receipt(*offset))
                .collect();
            let accounts = (self.client)
                .get_multiple_accounts_with_commitment(&addresses, CommitmentConfig::finalized())
                .await?
                .value;
            for (offset, account) in offsets.iter().zip(accounts) {
                let receipt = account
                    .filter(|account| account.owner == self.program)
                    .and_then(|account| {
                        Disclosure::try_deserialize(&mut account.data.as_slice()).ok()
                    });
                receipts.extend(receipt.map(|receipt| (*offset, receipt)));
            }
        }
        Ok(receipts)
    }

    /// The finalized signatures after `cursor`, oldest first, each with its slot.
    async fn signatures_after(
        &self,
        cursor: Option<&Cursor>,
    ) -> Result<Vec<(Signature, u64)>, FollowError> {
        let until = match cursor {
            Some(cursor) => Some(parse_signature(&cursor.signature)?),
            None => None,
        };
        let mut newest_first = Vec::new();
        let mut before = None;
        loop {
            let config = GetConfirmedSignaturesForAddress2Config {
                before,
                until,
                limit: Some(SIGNATURES_PER_PAGE),
                commitment: Some(CommitmentConfig::finalized()),
            };
            let page = (self.client)
                .get_signatures_for_address_with_config(&self.program, config)
                .await?;
            for status in &page {
                // A node that answers with what is not final yet (the local one does) is not
                // taken at its word: those wait for a later round.
                let finalized = (status.confirmation_status.as_ref())
                    .is_none_or(|status| *status == TransactionConfirmationStatus::Finalized);
                if finalized {
                    newest_first.push((parse_signature(&status.signature)?, status.slot));
                }
            }
            match page.last() {
                Some(oldest) if page.len() == SIGNATURES_PER_PAGE => {
                    before = Some(parse_signature(&oldest.signature)?)
                }
                _ => break,
            }
        }
        newest_first.reverse();
        Ok(newest_first)
    }

    /// What the finalized transaction `signature` (base58) adds to the index; none if it failed.
    /// A node that does not have it as finalized answers with an error.
    pub async fn indexed(&self, signature: &str) -> Result<Option<Indexed>, FollowError> {
        let signature = parse_signature(signature)?;
        Ok((self.transaction(&signature).await?).map(|transaction| index(&transaction)))
    }

    /// The finalized transaction `signature` if it succeeded; a failed one changed nothing.
    async fn transaction(
        &self,
        signature: &Signature,
    ) -> Result<Option<FinalizedTransaction>, FollowError> {
        let config = RpcTransactionConfig {
            encoding: Some(UiTransactionEncoding::Json),
            commitment: Some(CommitmentConfig::finalized()),
            max_supported_transaction_version: Some(0),
        };
        let found = (self.client)
            .get_transaction_with_config(signature, config)
            .await?;
        let Some(meta) = found.transaction.meta else {
            return Ok(None);
        };
        if meta.err.is_some() {
            return Ok(None);
        }
        let logs = match meta.log_messages {
            OptionSerializer::Some(logs) => logs,
            _ => Vec::new(),
        };
        Ok(Some(FinalizedTransaction {
            signature: signature.to_string(),
            slot: found.slot,
            block_time: found.block_time.unwrap_or_default(),
            logs,
        }))
    }
}

fn parse_signature(text: &str) -> Result<Signature, FollowError> {
    text.parse()
        .map_err(|_| FollowError::Malformed(text.to_string()))
}
