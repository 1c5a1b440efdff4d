//! The cluster's node at work. New computations are announced by the queue events the chain
//! pushes over its websocket, which name their offsets; a sweep of the chain at start and every
//! [`SWEEP_INTERVAL`] finds any queued while the node was down or its websocket reconnecting.
//! Announcements keep the node's cost per delivery flat as the chain grows: a sweep reads every
//! computation account, and finding an unannounced computation's offset searches the history.

use super::{Delivery, NodeError, RpcClusterNode};
use arcium_client::{
    idl::arcium::{accounts::ComputationAccount, types::ComputationStatus},
    pda, ARCIUM_PROGRAM_ID,
};
use arcium_local::{genesis::CLUSTER_OFFSET, log_data};
use futures::StreamExt;
use solana_commitment_config::CommitmentConfig;
use solana_program::pubkey::Pubkey;
use solana_pubsub_client::nonblocking::pubsub_client::PubsubClient;
use solana_rpc_client_api::config::{RpcTransactionLogsConfig, RpcTransactionLogsFilter};
use std::{
    collections::{BTreeMap, BTreeSet},
    time::{Duration, Instant},
};
use tokio::sync::mpsc;

/// How often the node looks for work.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// How often the node also sweeps the chain for queued computations.
const SWEEP_INTERVAL: Duration = Duration::from_secs(30);
/// The pause before a closed websocket is opened again.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);
/// Most callbacks in flight at once (each may cost the node at most the Lighthouse cap, which
/// its balance covers many times over).
const IN_FLIGHT: usize = 16;

/// What the node has to say as it works.
pub enum Report {
    Delivered {
        delivery: Delivery,
        elapsed: Duration,
    },
    /// The chain refused the callback of the computation at `address`: it would refuse it
    /// again, so it is not sent again.
    Refused { address: Pubkey, error: NodeError },
    /// A step failed in a way that may pass (the chain did not answer); it is tried again.
    Retrying(NodeError),
}

/// A computation ready to be delivered, with its offset if it was announced.
type Due = (Pubkey, ComputationAccount, Option<u64>);

impl RpcClusterNode {
    /// Delivers every computation queued for the cluster, for as long as it is polled;
    /// `report` hears of each delivery and each failure.
    pub async fn serve(&self, mut report: impl FnMut(Report)) {
        let (announce, mut announcements) = mpsc::unbounded_channel();
        let follow = async {
            loop {
                let ended = self.follow(&announce).await;
                // The receiver outlives this future; a send can't fail.
                let _ = announce.send(ended.map(|()| None));
                tokio::time::sleep(RECONNECT_DELAY).await;
            }
        };
        let work = async {
            // Announced and not yet delivered, in the order announced.
            let mut announced: Vec<(Pubkey, u64)> = Vec::new();
            let mut refused = BTreeSet::new();
            let mut next_sweep = Instant::now();
            loop {
                tokio::time::sleep(POLL_INTERVAL).await;
                while let Ok(news) = announcements.try_recv() {
                    match news {
                        Ok(Some(offset)) => {
                            announced.push((pda::computation_acc(CLUSTER_OFFSET, offset), offset))
                        }
                        Ok(None) => {}
                        Err(error) => report(Report::Retrying(error)),
                    }
                }
                let due = if Instant::now() >= next_sweep {
                    next_sweep = Instant::now() + SWEEP_INTERVAL;
                    self.swept(&announced).await
                } else {
                    self.announced_due(&mut announced).await
                };
                let due = match due {
                    Ok(due) => due,
                    Err(error) => {
                        report(Report::Retrying(error));
                        continue;
                    }
                };
                let deliveries = (due.into_iter())
                    .filter(|(address, _, _)| !refused.contains(address))
                    .take(IN_FLIGHT)
                    .map(|(address, account, offset)| async move {
                        let started = Instant::now();
                        let result = self.deliver(address, account, offset).await;
                        (address, started.elapsed(), result)
                    });
                for (address, elapsed, result) in futures::future::join_all(deliveries).await {
                    match result {
                        Ok(Some(delivery)) => {
                            announced.retain(|(waiting, _)| *waiting != address);
                            report(Report::Delivered { delivery, elapsed });
                        }
                        Ok(None) => {}
                        Err(error) if error.is_refusal() => {
                            announced.retain(|(waiting, _)| *waiting != address);
                            refused.insert(address);
                            report(Report::Refused { address, error });
                        }
                        Err(error) => report(Report::Retrying(error)),
                    }
                }
            }
        };
        tokio::join!(follow, work);
    }

    /// Sends the offset of each computation queued from now on to `announce`, from the logs of
    /// the transactions that mention the Arcium program, until the websocket closes.
    async fn follow(
        &self,
        announce: &mpsc::UnboundedSender<Result<Option<u64>, NodeError>>,
    ) -> Result<(), NodeError> {
        let websocket = PubsubClient::new(&self.websocket_url).await?;
        let (mut notifications, unsubscribe) = websocket
            .logs_subscribe(
                RpcTransactionLogsFilter::Mentions(vec![ARCIUM_PROGRAM_ID.to_string()]),
                RpcTransactionLogsConfig {
                    commitment: Some(CommitmentConfig::confirmed()),
                },
            )
            .await?;
        while let Some(notification) = notifications.next().await {
            if notification.value.err.is_some() {
                continue;
            }
            for offset in log_data::queued_offsets(&notification.value.logs) {
                let _ = announce.send(Ok(Some(offset)));
            }
        }
        unsubscribe().await;
        Ok(())
    }

    /// Every queued computation on the chain, with the offsets of those announced.
    async fn swept(&self, announced: &[(Pubkey, u64)]) -> Result<Vec<Due>, NodeError> {
        let offsets: BTreeMap<Pubkey, u64> = announced.iter().copied().collect();
        Ok((self.queued().await?.into_iter())
            .map(|(address, account)| (address, account, offsets.get(&address).copied()))
            .collect())
    }

    /// The first announced computations still queued; those no longer queued (a sweep
    /// delivered them) are forgotten, and those not yet visible wait for the next round.
    async fn announced_due(
        &self,
        announced: &mut Vec<(Pubkey, u64)>,
    ) -> Result<Vec<Due>, NodeError> {
        let next = &announced[..announced.len().min(IN_FLIGHT)];
        if next.is_empty() {
            return Ok(Vec::new());
        }
        let addresses: Vec<Pubkey> = next.iter().map(|(address, _)| *address).collect();
        let accounts = self.computations(&addresses).await?;
        let mut due = Vec::new();
        let mut finished = BTreeSet::new();
        for ((address, offset), account) in next.iter().zip(accounts) {
            match account {
                Some(account) if matches!(account.status, ComputationStatus::Queued) => {
                    due.push((*address, account, Some(*offset)))
                }
                Some(_) => {
                    finished.insert(*address);
                }
                None => {}
            }
        }
        announced.retain(|(address, _)| !finished.contains(address));
        Ok(due)
    }
}
