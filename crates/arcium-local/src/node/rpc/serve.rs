//! The cluster's node at work. New computations are announced by the queue events the chain
//! pushes over its websocket, which name their offsets. A sweep of the chain at start and every
//! [`SWEEP_INTERVAL`] finds any queued while the node was down or its websocket reconnecting,
//! and their offsets are read from medshare's receipts for them, or for computations without a
//! receipt, back from the Arcium program's history in one pass.
//! Announcements keep the cost of a delivery flat as the chain grows: a sweep reads every
//! computation account, and each page of history read costs the node a scan of all it holds.

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
    /// The chain refused the callback of the computation at `address`: it would refuse it
    /// again, so it is not sent again.
    Refused { address: Pubkey, error: NodeError },
    /// A step failed in a way that may pass (the chain did not answer); it is tried again.
    Retrying(NodeError),
}

/// Computations waiting for the cluster, in the order the node learnt of them, with their
/// offsets where known.
#[derive(Default)]
struct Backlog(Vec<(Pubkey, Option<u64>)>);

impl Backlog {
    fn announced(&mut self, offset: u64) {
        let address = pda::computation_acc(CLUSTER_OFFSET, offset);
        match self.0.iter_mut().find(|(waiting, _)| *waiting == address) {
            Some((_, known)) => *known = Some(offset),
            None => self.0.push((address, Some(offset))),
        }
    }

    fn swept(&mut self, queued: impl IntoIterator<Item = Pubkey>) {
        for address in queued {
            if !self.0.iter().any(|(waiting, _)| *waiting == address) {
                self.0.push((address, None));
            }
        }
    }

    /// Drops what is no longer queued on the chain: delivered, or reclaimed after it expired
    /// unexecuted. Without this a reclaimed computation would wait at the front for good.
    fn forget_gone(&mut self, queued: &BTreeSet<Pubkey>) {
        self.0.retain(|(address, _)| queued.contains(address));
    }

    fn unknown_offsets(&self) -> BTreeSet<Pubkey> {
        (self.0.iter())
            .filter(|(_, offset)| offset.is_none())
            .map(|(address, _)| *address)
            .collect()
    }

    /// Fills in the offsets `found`; the ones still unknown are dropped until a sweep finds
    /// them again.
    fn resolve(&mut self, found: &BTreeMap<Pubkey, u64>) {
        for (address, offset) in &mut self.0 {
            if offset.is_none() {
                *offset = found.get(address).copied();
            }
        }
        self.0.retain(|(_, offset)| offset.is_some());
    }

    /// The first `count` with known offsets.
    fn next(&self, count: usize) -> Vec<(Pubkey, u64)> {
        (self.0.iter())
            .filter_map(|(address, offset)| offset.map(|offset| (*address, offset)))
            .take(count)
            .collect()
    }

    fn remove(&mut self, address: &Pubkey) {
        self.0.retain(|(waiting, _)| waiting != address);
    }
}

impl RpcClusterNode {
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
                        Ok(offset) => backlog.announced(offset),
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
                let deliveries = due
                    .into_iter()
                    .map(|(address, offset, account)| async move {
                        let started = Instant::now();
                        let result = self.deliver(offset, account).await;
                        (address, started.elapsed(), result)
                    });
                for (address, elapsed, result) in futures::future::join_all(deliveries).await {
                    match result {
                        Ok(delivery) => {
                            backlog.remove(&address);
                            report(Report::Delivered { delivery, elapsed });
                        }
                        Err(error) if error.is_refusal() => {
                            backlog.remove(&address);
                            refused.insert(address);
                            report(Report::Refused { address, error });
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
        announce: &mpsc::UnboundedSender<Result<u64, NodeError>>,
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
                let _ = announce.send(Ok(offset));
            }
        }
        unsubscribe().await;
        Ok(())
    }

    /// Adds the computations queued on the chain, but for those `refused`, to `backlog`, with
    /// the offsets of those not announced read back from history.
    async fn sweep(
        &self,
        backlog: &mut Backlog,
        refused: &BTreeSet<Pubkey>,
    ) -> Result<(), NodeError> {
        let queued: BTreeSet<Pubkey> = (self.queued().await?.into_iter())
            .map(|(address, _)| address)
            .collect();
        backlog.forget_gone(&queued);
        backlog.swept(
            queued
                .into_iter()
                .filter(|address| !refused.contains(address)),
        );
        let unknown = backlog.unknown_offsets();
        if unknown.is_empty() {
            return Ok(());
        }
        // Receipts first: one query, where the history costs a scan of the node's store a page.
        let mut found = self.offsets_from_receipts(&unknown).await?;
        let missing: BTreeSet<Pubkey> = unknown
            .into_iter()
            .filter(|address| !found.contains_key(address))
            .collect();
        if !missing.is_empty() {
            found.extend(self.offsets_of(&missing).await?);
        }
        backlog.resolve(&found);
        Ok(())
    }

    /// Up to [`IN_FLIGHT`] computations of the backlog that are queued on the chain. Those no
    /// longer queued (delivered before a restart) leave the backlog; those not yet visible
    /// wait for the next round.
    async fn due(
        &self,
        backlog: &mut Backlog,
    ) -> Result<Vec<(Pubkey, u64, ComputationAccount)>, NodeError> {
        let next = backlog.next(IN_FLIGHT);
        if next.is_empty() {
            return Ok(Vec::new());
        }
        let addresses: Vec<Pubkey> = next.iter().map(|(address, _)| *address).collect();
        let mut due = Vec::new();
        for ((address, offset), account) in
            next.into_iter().zip(self.computations(&addresses).await?)
        {
            match account {
                Some(account) if matches!(account.status, ComputationStatus::Queued) => {
                    due.push((address, offset, account))
                }
                Some(_) => backlog.remove(&address),
                None => {}
            }
        }
        Ok(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(offset: u64) -> Pubkey {
        pda::computation_acc(CLUSTER_OFFSET, offset)
    }

    #[test]
    fn a_computation_both_swept_and_announced_waits_once_with_its_offset() {
        let mut backlog = Backlog::default();
        backlog.swept([address(7), address(8)]);
        backlog.announced(8);
        backlog.announced(9);
        backlog.swept([address(9)]);
        assert_eq!(
            backlog.0,
            vec![
                (address(7), None),
                (address(8), Some(8)),
                (address(9), Some(9))
            ]
        );
        assert_eq!(backlog.unknown_offsets(), BTreeSet::from([address(7)]));
    }

    #[test]
    fn a_sweep_forgets_what_is_no_longer_queued() {
        let mut backlog = Backlog::default();
        backlog.announced(1);
        backlog.announced(2);
        backlog.forget_gone(&BTreeSet::from([address(2)]));
        assert_eq!(backlog.0, vec![(address(2), Some(2))]);
    }

    #[test]
    fn offsets_not_found_in_history_leave_the_backlog_until_the_next_sweep() {
        let mut backlog = Backlog::default();
        backlog.swept([address(1), address(2)]);
        backlog.announced(3);
        backlog.resolve(&BTreeMap::from([(address(2), 2)]));
        assert_eq!(
            backlog.0,
            vec![(address(2), Some(2)), (address(3), Some(3))]
        );
    }

    #[test]
    fn the_next_deliveries_are_the_oldest_with_known_offsets() {
        let mut backlog = Backlog::default();
        backlog.announced(5);
        backlog.swept([address(6)]);
        backlog.announced(4);
        backlog.announced(3);
        assert_eq!(backlog.next(2), vec![(address(5), 5), (address(4), 4)]);
        backlog.remove(&address(5));
        assert_eq!(backlog.next(2), vec![(address(4), 4), (address(3), 3)]);
    }
}
