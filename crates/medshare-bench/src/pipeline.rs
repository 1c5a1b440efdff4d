//! The local pipeline: from queueing a share to the provider holding the decrypted record, for
//! several shares in flight at once, on the embedded chain with the local cluster.

use crate::{spread::Spread, stats::percentile, table::Table};
use medshare_sdk::{
    clinic::Clinic,
    connection::EmbeddedConnection,
    record::{example_summary, FieldSet},
};
use solana_signer::Signer;
use std::time::{Duration, Instant};

/// Times the whole ladder of concurrency levels is run; figures are given over the rounds.
const ROUNDS: usize = 5;

/// One concurrency level, its figures the median over the rounds.
pub struct Level {
    pub concurrency: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub shares_per_second: f64,
    /// Each round's p50 over the same round's single share.
    pub over_single: Spread,
}

/// One level in one round.
struct Draw {
    p50: Duration,
    p95: Duration,
    shares_per_second: f64,
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
    let Clinic {
        mut client,
        patient,
    } = clinic;
    let expected = example_summary().restricted_to(granted);

    // draws[level][round]
    let mut draws: Vec<Vec<Draw>> = concurrency.iter().map(|_| Vec::new()).collect();
    for round in 1..=ROUNDS {
        for (level, &shares) in concurrency.iter().enumerate() {
            let started = Instant::now();
            let mut queued = Vec::with_capacity(shares);
            for _ in 0..shares {
                let sent = Instant::now();
                let patient = patient.wallet.pubkey();
                queued.push((
                    client.request_record(&provider.wallet, &patient).await?,
                    sent,
                ));
            }
            // The cluster answers in queue order; each share is done once the provider has
            // decrypted it.
            let mut latencies = Vec::with_capacity(shares);
            for (offset, sent) in queued {
                client.connection().chain().deliver(offset).await?;
                let opened = client.open_disclosure(offset, &provider.key).await?;
                anyhow::ensure!(
                    opened.summary == expected,
                    "share {offset} decrypted to other values"
                );
                latencies.push(sent.elapsed());
            }
            let total = started.elapsed();
            latencies.sort();
            let draw = Draw {
                p50: percentile(&latencies, 50),
                p95: percentile(&latencies, 95),
                shares_per_second: shares as f64 / total.as_secs_f64(),
            };
            println!(
                "  round {round}, {shares:>3} shares in flight: p50 {} ms, p95 {} ms, {:.1} shares/s",
                draw.p50.as_millis(),
                draw.p95.as_millis(),
                draw.shares_per_second
            );
            draws[level].push(draw);
        }
    }

    let p50s = |draws: &[Draw]| -> Vec<f64> { draws.iter().map(|d| d.p50.as_secs_f64()).collect() };
    let single = p50s(&draws[0]);
    let median_duration = |seconds: Vec<f64>| Duration::from_secs_f64(Spread::of(seconds).median);
    let levels: Vec<Level> = (concurrency.iter().zip(&draws))
        .map(|(&concurrency, draws)| Level {
            concurrency,
            p50: median_duration(p50s(draws)),
            p95: median_duration(draws.iter().map(|d| d.p95.as_secs_f64()).collect()),
            shares_per_second: Spread::of(draws.iter().map(|d| d.shares_per_second)).median,
            over_single: Spread::of_ratios(&p50s(draws), &single),
        })
        .collect();

    let mut table = Table::new(
        "Local pipeline (queue a share -> cluster executes and signs -> callback verified -> provider decrypts)",
        &["shares in flight", "p50 latency", "p95 latency", "p50 / single share: median (min to max)", "shares per second"],
    );
    for level in &levels {
        table.row(vec![
            level.concurrency.to_string(),
            format!("{} ms", level.p50.as_millis()),
            format!("{} ms", level.p95.as_millis()),
            level.over_single.to_string(),
            format!("{:.1}", level.shares_per_second),
        ]);
    }
    table.note(format!("{ROUNDS} rounds of the whole ladder; latencies and throughput are the median over the rounds, and each round's ratio is taken against the single share of the same round."));
    table.note("Embedded chain, one process: all shares are queued first, then the local cluster runs them one after another, as a single node would; latency runs from sending the request to holding the decrypted fields.");
    table.note("The baseline is the single share measured in the same run; with one executing node, latency grows with the queue ahead of a share while throughput stays flat.");
    Ok(Pipeline { table, levels })
}
