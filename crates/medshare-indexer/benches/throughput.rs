//! The indexer's decoder and database alone: 100,000 events (50,000 disclosures, each queued by
//! one transaction and delivered by another) in the bytes and log framing the program writes,
//! decoded and written in batches as the follower writes them, into SQLite and, when
//! MEDSHARE_BENCH_POSTGRES names one, PostgreSQL; then one patient's year of accounting read
//! back. Every figure is also given as a ratio to decoding alone, measured in the same run.
//! Run with ./scripts/bench-indexer.

use anchor_lang::Event;
use base64::{prelude::BASE64_STANDARD, Engine};
use medshare_indexer::{
    database::{Cursor, Database},
    ingest::{index, FinalizedTransaction, Indexed},
};
use share_medical_records::{
    constants::DISCLOSED_CIPHERTEXTS,
    events::{DisclosureQueued, RecordDisclosed},
    state::{DisclosureBasis, DisclosureSubject, FieldSet, PurposeOfUse},
};
use solana_program::pubkey::Pubkey;
use std::time::{Duration, Instant};

const DISCLOSURES: u64 = 50_000;
/// Transactions per database transaction, as the follower writes them.
const BATCH: usize = 200;
/// The patient whose year is read back: one disclosure a day.
const DAYS: u64 = 365;
const START: i64 = 1_767_225_600; // 2026-01-01

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let transactions = transactions();
    let events = transactions.len();
    println!(
        "indexer: {events} events in {} transactions",
        transactions.len()
    );

    let started = Instant::now();
    let decoded: Vec<Indexed> = transactions.iter().map(index).collect();
    let decoding = started.elapsed();
    assert_eq!(
        decoded
            .iter()
            .map(|indexed| indexed.events.len())
            .sum::<usize>(),
        events
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
        reads.push((name, year_of_accounting(&database).await));
    }
    println!();
    println!("| one patient's year ({DAYS} disclosures among {DISCLOSURES}) | ms |");
    println!("|---|---:|");
    for (name, elapsed) in reads {
        println!("| {name} | {:.2} |", elapsed.as_secs_f64() * 1e3);
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

/// The median of nine reads of the patient's accounting for 2026.
async fn year_of_accounting(database: &Database) -> Duration {
    let patient = patient(0).to_string();
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..9 {
        let started = Instant::now();
        let entries = (database.accounting(&patient, START, START + 366 * 86_400))
            .await
            .expect("the accounting reads");
        times.push(started.elapsed());
        assert_eq!(entries.len() as u64, DAYS);
    }
    times.sort();
    times[times.len() / 2]
}

/// Patient 0 has one disclosure a day; the others share the rest.
fn patient(index: u64) -> Pubkey {
    Pubkey::new_from_array([(index % 251) as u8 + 1; 32])
}

fn transactions() -> Vec<FinalizedTransaction> {
    let program = share_medical_records::ID.to_string();
    let logs = |event: Vec<u8>| {
        vec![
            format!("Program {program} invoke [1]"),
            format!("Program data: {}", BASE64_STANDARD.encode(event)),
            format!("Program {program} consumed 41234 of 200000 compute units"),
            format!("Program {program} success"),
        ]
    };
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
                logs: logs(event),
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
