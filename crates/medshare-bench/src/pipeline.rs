//! The local pipeline: from queueing a share to the provider holding the decrypted record, for
//! several shares in flight at once, on the embedded chain with the local cluster.

use crate::{stats::percentile, table::Table};
use medshare_sdk::{
    clinic::Clinic,
    connection::EmbeddedConnection,
    record::{example_summary, FieldSet},
};
use solana_signer::Signer;
use std::time::{Duration, Instant};

pub struct Level {
    pub concurrency: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub shares_per_second: f64,
}

pub struct Pipeline {
    pub table: Table,
    pub levels: Vec<Level>,
}

pub async fn measure(concurrency: &[usize]) -> anyhow::Result<Pipeline> {
    let mut clinic = Clinic::open(EmbeddedConnection::in_memory().await?).await?;
    let granted = FieldSet(FieldSet::VITALS.0 | FieldSet::CONDITIONS.0 | FieldSet::MEDICATIONS.0);
    let day = Duration::from_secs(86_400);
    let provider = clinic.provider("Clinic", granted, day).await?;
    let Clinic { mut client, patient } = clinic;
    let summary = example_summary();

    let mut levels = Vec::new();
    for &shares in concurrency {
        let started = Instant::now();
        let mut queued = Vec::with_capacity(shares);
        for _ in 0..shares {
            let sent = Instant::now();
            queued.push((
                client.request_record(&provider.wallet, &patient.wallet.pubkey()).await?,
                sent,
            ));
        }
        // The cluster answers in queue order; each share is done once the provider has decrypted it.
        let mut latencies = Vec::with_capacity(shares);
        for (offset, sent) in queued {
            client.connection().chain().deliver(offset).await?;
            let opened = client.open_disclosure(offset, &provider.key).await?;
            anyhow::ensure!(
                opened.summary == summary.restricted_to(granted),
                "share {offset} decrypted to other values"
            );
            latencies.push(sent.elapsed());
        }
        let total = started.elapsed();
        latencies.sort();
        let level = Level {
            concurrency: shares,
            p50: percentile(&latencies, 50),
            p95: percentile(&latencies, 95),
            shares_per_second: shares as f64 / total.as_secs_f64(),
        };
        println!(
            "  {shares:>3} shares in flight: p50 {} ms, p95 {} ms, {:.1} shares/s",
            level.p50.as_millis(),
            level.p95.as_millis(),
            level.shares_per_second
        );
        levels.push(level);
    }

    let single = levels[0].p50.as_secs_f64();
    let mut table = Table::new(
        "Local pipeline (queue a share -> cluster executes and signs -> callback verified -> provider decrypts)",
        &["shares in flight", "p50 latency", "p95 latency", "p50 / single share", "shares per second"],
    );
    for level in &levels {
        table.row(vec![
            level.concurrency.to_string(),
            format!("{} ms", level.p50.as_millis()),
            format!("{} ms", level.p95.as_millis()),
            format!("{:.1}", level.p50.as_secs_f64() / single),
            format!("{:.1}", level.shares_per_second),
        ]);
    }
    table.note("Embedded chain, one process: all shares are queued first, then the local cluster runs them one after another, as a single node would; latency runs from sending the request to holding the decrypted fields.");
    table.note("The baseline is the single share measured in the same run; with one executing node, latency grows with the queue ahead of a share while throughput stays flat.");
    Ok(Pipeline { table, levels })
}
