//! The indexer's decoder and database alone, into SQLite and, when MEDSHARE_BENCH_POSTGRES names
//! one, PostgreSQL, in batches as the follower writes them; then one patient's accounting read
//! back. Every figure is also given as a ratio to decoding alone, measured in the same run.
//!
//! The events: by default 100,000 (50,000 disclosures, each queued by one transaction and
//! delivered by another) made from the program's event types in the log framing it writes, the
//! patient read back having one a day for a year. With MEDSHARE_BENCH_CAPTURE naming an index
//! that `medshare indexer` wrote from real transactions, those events as logged, replayed with
//! their computation offsets renumbered each round until there are at least 100,000; the patient
//! read back is the first one disclosed. Run with ./scripts/bench-indexer.

use anchor_lang::Event;
use base64::{prelude::BASE64_STANDARD, Engine};
use medshare_indexer::{
    database::{Cursor, Database},
    ingest::{index, FinalizedTransaction, Indexed},
};
use medshare_sdk::events::{decode_event, MedshareEvent};
use share_medical_records::{
    constants::DISCLOSED_CIPHERTEXTS,
    events::{DisclosureQueued, RecordDisclosed},
    state::{DisclosureBasis, DisclosureSubject, FieldSet, PurposeOfUse},
};
use solana_program::pubkey::Pubkey;
use sqlx::Row;
use std::time::{Duration, Instant};

const DISCLOSURES: u64 = 50_000;
/// Transactions per database transaction, as the follower writes them.
const BATCH: usize = 200;
/// The patient whose year is read back: one disclosure a day.
const DAYS: u64 = 365;
const START: i64 = 1_767_225_600; // 2026-01-01

/// At least this many events are replayed from a capture.
const REPLAYED_EVENTS: usize = 100_000;

/// What is written, and whose accounting is read back over which period.
struct Workload {
    transactions: Vec<FinalizedTransaction>,
    patient: String,
    since: i64,
    until: i64,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let workload = match std::env::var("MEDSHARE_BENCH_CAPTURE") {
        Ok(capture) => replayed(&capture).await,
        Err(_) => Workload {
            transactions: transactions(),
            patient: patient(0).to_string(),
            since: START,
            until: START + 366 * 86_400,
        },
    };
    let transactions = &workload.transactions;
    let started = Instant::now();
    let decoded: Vec<Indexed> = transactions.iter().map(index).collect();
    let decoding = started.elapsed();
    let events: usize = decoded.iter().map(|indexed| indexed.events.len()).sum();
    drop(decoded);
    println!(
        "indexer: {events} events in {} transactions",
        transactions.len()
    );
    println!("| step | events/s | ratio to decoding alone |");
    println!("|---|---:|---:|");
    row("decoding alone", events, decoding, decoding);

    let dir = tempfile_dir();
    let sqlite = format!("sqlite://{}/bench.sqlite?mode=rwc", dir.display());
    let mut targets = vec![("SQLite", sqlite)];
    if let Ok(postgres) = std::env::var("MEDSHARE_BENCH_POSTGRES") {
        targets.push(("PostgreSQL", postgres));
    }
    let mut reads = Vec::new();
    for (name, url) in &targets {
        let database = Database::open(url).await.expect("the database opens");
        let started = Instant::now();
        for chunk in transactions.chunks(BATCH) {
            let batch: Vec<(FinalizedTransaction, Indexed)> = chunk
                .iter()
                .map(|transaction| (transaction.clone(), index(transaction)))
                .collect();
            let last = &chunk[chunk.len() - 1];
            let cursor = Cursor {
                signature: last.signature.clone(),
                slot: last.slot,
            };
            database
                .write(&batch, &cursor)
                .await
                .expect("the batch is written");
        }
        row(
            &format!("decoding and writing to {name}"),
            events,
            started.elapsed(),
            decoding,
        );
        reads.push((name, accounting(&database, &workload).await));
    }
    println!();
    println!("| one patient's accounting | disclosures | ms |");
    println!("|---|---:|---:|");
    for (name, (entries, elapsed)) in reads {
        println!(
            "| {name} | {entries} | {:.2} |",
            elapsed.as_secs_f64() * 1e3
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn row(step: &str, events: usize, elapsed: Duration, baseline: Duration) {
    println!(
        "| {step} | {:.0} | {:.1}x |",
        events as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / baseline.as_secs_f64()
    );
}

/// The workload's patient's accounting: how many disclosures, and the median of nine reads.
async fn accounting(database: &Database, workload: &Workload) -> (usize, Duration) {
    let mut times: Vec<Duration> = Vec::new();
    let mut entries = 0;
    for _ in 0..9 {
        let started = Instant::now();
        entries = (database.accounting(&workload.patient, workload.since, workload.until))
            .await
            .expect("the accounting reads")
            .len();
        times.push(started.elapsed());
    }
    times.sort();
    (entries, times[times.len() / 2])
}

/// The transactions of a real index, each with the data lines the program logged, replayed in
/// rounds; each round moves every computation offset, so that it queues and settles
/// disclosures of its own.
async fn replayed(capture: &str) -> Workload {
    let index = Database::open(capture).await.expect("the capture opens");
    let rows = sqlx::query(
        "SELECT signature, slot, block_time, data FROM events ORDER BY slot, signature, position",
    )
    .fetch_all(index.pool())
    .await
    .expect("the capture reads");
    let mut captured: Vec<(String, u64, i64, Vec<Vec<u8>>)> = Vec::new();
    for row in &rows {
        let signature: String = row.get("signature");
        let data = BASE64_STANDARD
            .decode(row.get::<String, _>("data"))
            .expect("captured events are base64");
        match captured.last_mut() {
            Some(last) if last.0 == signature => last.3.push(data),
            _ => captured.push((
                signature,
                row.get::<i64, _>("slot") as u64,
                row.get("block_time"),
                vec![data],
            )),
        }
    }
    let per_round = rows.len().max(1);
    let rounds = REPLAYED_EVENTS.div_ceil(per_round) as u64;
    let mut patient = None;
    let mut transactions = Vec::new();
    for round in 0..rounds {
        for (signature, slot, block_time, events) in &captured {
            let events = events.iter().map(|event| match decode_event(event) {
                Some(MedshareEvent::DisclosureQueued(mut queued)) => {
                    patient.get_or_insert(queued.patient);
                    queued.computation_offset ^= round << 48;
                    queued.data()
                }
                Some(MedshareEvent::RecordDisclosed(mut disclosed)) => {
                    disclosed.computation_offset ^= round << 48;
                    disclosed.data()
                }
                _ => event.clone(),
            });
            transactions.push(FinalizedTransaction {
                signature: format!("{signature}/{round}"),
                slot: *slot,
                block_time: *block_time,
                logs: logged(events),
            });
        }
    }
    Workload {
        transactions,
        patient: patient.expect("the capture holds a disclosure").to_string(),
        since: 0,
        until: i64::MAX,
    }
}

/// A transaction's logs with `events` as the program's data lines.
fn logged(events: impl Iterator<Item = Vec<u8>>) -> Vec<String> {
    let program = share_medical_records::ID.to_string();
    let mut logs = vec![format!("Program {program} invoke [1]")];
    logs.extend(events.map(|event| format!("Program data: {}", BASE64_STANDARD.encode(event))));
    logs.push(format!(
        "Program {program} consumed 41234 of 200000 compute units"
    ));
    logs.push(format!("Program {program} success"));
    logs
}

/// Patient 0 has one disclosure a day; the others share the rest.
fn patient(index: u64) -> Pubkey {
    Pubkey::new_from_array([(index % 251) as u8 + 1; 32])
}

fn transactions() -> Vec<FinalizedTransaction> {
    let provider = Pubkey::new_from_array([200; 32]);
    let mut transactions = Vec::new();
    for offset in 0..DISCLOSURES {
        let patient = if offset < DAYS {
            patient(0)
        } else {
            patient(1 + offset % 250)
        };
        let at = START + (offset % DAYS) as i64 * 86_400;
        let queued = DisclosureQueued {
            patient,
            provider,
            requester: provider,
            recipient_key: [9; 32],
            fields: FieldSet::ALL,
            purpose: PurposeOfUse::Treatment,
            basis: DisclosureBasis::Grant(Pubkey::new_from_array([201; 32])),
            subject: DisclosureSubject::Record { version: 1 },
            computation_offset: offset,
        };
        let delivered = RecordDisclosed {
            patient,
            provider,
            recipient_key: [9; 32],
            fields: FieldSet::ALL,
            record_version: 1,
            output_nonce: u128::from(offset),
            ciphertexts: [[7; 32]; DISCLOSED_CIPHERTEXTS],
            computation_offset: offset,
            consent_changed: None,
        };
        for (kind, event, time) in [("q", queued.data(), at), ("d", delivered.data(), at + 2)] {
            transactions.push(FinalizedTransaction {
                signature: format!("{kind}{offset}"),
                slot: offset,
                block_time: time,
                logs: logged(std::iter::once(event)),
            });
        }
    }
    transactions
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("medshare-indexer-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}
