//! The cluster's node at work. New computations are announced by the queue events the chain
//! pushes over its websocket, which name their offsets. A sweep of the chain's computation
//! accounts at start and every [`SWEEP_INTERVAL`] finds any queued while the node was down or its
//! websocket reconnecting: each holds the offset it was queued under.
//! Announcements keep the cost of a delivery flat as the chain grows: a sweep reads every
//! computation account.

use super::{Delivery, Error, RpcFailure, RpcNode};
use crate::{log_data, node::NodeError};
use arcium_client::{
    idl::arcium::{accounts::ComputationAccount, types::ComputationStatus},
    ARCIUM_PROGRAM_ID,
};
use futures::StreamExt;
use solana_commitment_config::CommitmentConfig;
use solana_pubsub_client::nonblocking::pubsub_client::PubsubClient;
use solana_rpc_client_api::config::{RpcTransactionLogsConfig, RpcTransactionLogsFilter};
use std::{
    collections::BTreeSet,
    future::Future,
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
    /// The chain refused the callback of the computation queued under `offset`: it would refuse
    /// it again, so it is not sent again.
    Refused { offset: u64, error: Error },
    /// A step failed in a way that may pass (the chain did not answer); it is tried again.
    Retrying(Error),
}

/// The offsets of computations waiting for the cluster, in the order the node learnt of them.
#[derive(Default)]
struct Backlog(Vec<u64>);

impl Backlog {
    fn add(&mut self, offsets: impl IntoIterator<Item = u64>) {
        for offset in offsets {
            if !self.0.contains(&offset) {
                self.0.push(offset);
            }
        }
    }

    /// Drops what is no longer queued on the chain: delivered, or reclaimed after it expired
    /// unexecuted. Without this a reclaimed computation would wait at the front for good.
    fn forget_gone(&mut self, queued: &BTreeSet<u64>) {
        self.0.retain(|offset| queued.contains(offset));
    }

    /// The first `count`.
    fn next(&self, count: usize) -> Vec<u64> {
        self.0.iter().copied().take(count).collect()
    }

    fn remove(&mut self, offset: u64) {
        self.0.retain(|waiting| *waiting != offset);
    }
}

impl RpcNode {
    /// Delivers every computation queued for the cluster until `stop` completes, then returns
    /// once the callbacks in flight are settled; `report` hears of each delivery and failure.
    pub async fn serve(&self, stop: impl Future<Output = ()>, mut report: impl FnMut(Report)) {
        let (announce, mut announcements) = mpsc::unbounded_channel();
        let follow = async {
            loop {
                if let Err(error) = self.follow(&announce).await {
                    // The receiver outlives this future; the send can't fail.
                    let _ = announce.send(Err(error));
                }
                tokio::time::sleep(RECONNECT_DELAY).await;
            }
        };
        let work = async {
            let mut backlog = Backlog::default();
            let mut refused = BTreeSet::new();
            let mut next_sweep = Instant::now();
            let mut stop = std::pin::pin!(stop);
            loop {
                tokio::select! {
                    () = &mut stop => return,
                    () = tokio::time::sleep(POLL_INTERVAL) => {}
                }
                while let Ok(news) = announcements.try_recv() {
                    match news {
                        Ok(offset) => backlog.add([offset]),
                        Err(error) => report(Report::Retrying(error)),
                    }
                }
                if Instant::now() >= next_sweep {
                    next_sweep = Instant::now() + SWEEP_INTERVAL;
                    if let Err(error) = self.sweep(&mut backlog, &refused).await {
                        report(Report::Retrying(error));
                    }
                }
                let due = match self.due(&mut backlog).await {
                    Ok(due) => due,
                    Err(error) => {
                        report(Report::Retrying(error));
                        continue;
                    }
                };
                let deliveries = due.into_iter().map(|(offset, account)| async move {
                    let started = Instant::now();
                    let result = self.deliver(offset, account).await;
                    (offset, started.elapsed(), result)
                });
                for (offset, elapsed, result) in futures::future::join_all(deliveries).await {
                    match result {
                        Ok(delivery) => {
                            backlog.remove(offset);
                            report(Report::Delivered { delivery, elapsed });
                        }
                        Err(error) if error.is_refusal() => {
                            backlog.remove(offset);
                            refused.insert(offset);
                            report(Report::Refused { offset, error });
                        }
                        Err(error) => report(Report::Retrying(error)),
                    }
                }
            }
        };
        tokio::select! {
            () = follow => {}
            () = work => {}
        }
    }

    /// Sends the offset of each computation queued from now on to `announce`, from the logs of
    /// the transactions that mention the Arcium program, until the websocket closes.
    async fn follow(
        &self,
        announce: &mpsc::UnboundedSender<Result<u64, Error>>,
    ) -> Result<(), Error> {
        let subscription_failed = |error| NodeError::Chain(RpcFailure::Subscription(error));
        let websocket =
            (PubsubClient::new(&self.websocket_url).await).map_err(subscription_failed)?;
        let (mut notifications, unsubscribe) = websocket
            .logs_subscribe(
                RpcTransactionLogsFilter::Mentions(vec![ARCIUM_PROGRAM_ID.to_string()]),
                RpcTransactionLogsConfig {
                    commitment: Some(CommitmentConfig::confirmed()),
                },
            )
            .await
            .map_err(subscription_failed)?;
        while let Some(notification) = notifications.next().await {
            if notification.value.err.is_some() {
                continue;
            }
            for offset in log_data::queued_offsets(&notification.value.logs) {
                let _ = announce.send(Ok(offset));
            }
        }
        unsubscribe().await;
        Ok(())
    }

    /// Adds the computations queued on the chain, but for those `refused`, to `backlog`.
    async fn sweep(&self, backlog: &mut Backlog, refused: &BTreeSet<u64>) -> Result<(), Error> {
        let queued = self.queued().await?;
        backlog.forget_gone(&queued.iter().copied().collect());
        backlog.add(
            queued
                .into_iter()
                .filter(|offset| !refused.contains(offset)),
        );
        Ok(())
    }

    /// Up to [`IN_FLIGHT`] computations of the backlog that are queued on the chain. Those no
    /// longer queued (delivered before a restart) leave the backlog; those not yet visible
    /// wait for the next round.
    async fn due(&self, backlog: &mut Backlog) -> Result<Vec<(u64, ComputationAccount)>, Error> {
        let next = backlog.next(IN_FLIGHT);
        if next.is_empty() {
            return Ok(Vec::new());
        }
        let accounts = self.computations(&next).await?;
        let mut due = Vec::new();
        for (offset, account) in next.into_iter().zip(accounts) {
            match account {
                Some(account) if matches!(account.status, ComputationStatus::Queued) => {
                    due.push((offset, account))
                }
                Some(_) => backlog.remove(offset),
                None => {}
            }
        }
        Ok(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_computation_both_swept_and_announced_waits_once() {
        let mut backlog = Backlog::default();
        backlog.add([7, 8]);
        backlog.add([8]);
        backlog.add([9]);
        backlog.add([9]);
        assert_eq!(backlog.0, vec![7, 8, 9]);
    }

    #[test]
    fn a_sweep_forgets_what_is_no_longer_queued() {
        let mut backlog = Backlog::default();
        backlog.add([1, 2]);
        backlog.forget_gone(&BTreeSet::from([2]));
        assert_eq!(backlog.0, vec![2]);
    }

    #[test]
    fn the_next_deliveries_are_the_oldest() {
        let mut backlog = Backlog::default();
        backlog.add([5, 6, 4, 3]);
        assert_eq!(backlog.next(2), vec![5, 6]);
        backlog.remove(5);
        assert_eq!(backlog.next(2), vec![6, 4]);
    }
}
