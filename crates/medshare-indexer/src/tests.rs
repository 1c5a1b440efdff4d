//! The index from transactions made up here, in an in-memory SQLite: what is written, what is
//! set aside, what a replay leaves, and paging. Against real chains and PostgreSQL: the
//! command line's tests/indexer.rs.

use crate::{
    database::{Cursor, Database},
    ingest::{index, FinalizedTransaction, Indexed},
    query::DisclosureFilter,
};
use anchor_lang::Event;
use base64::{prelude::BASE64_STANDARD, Engine};
use share_medical_records::{
    events::{DisclosureQueued, QuestionAnswered, RecordDisclosed},
    state::{ConsentChange, DisclosureBasis, DisclosureSubject, FieldSet, PurposeOfUse},
};
use solana_program::pubkey::Pubkey;
use sqlx::Row;

const OTHER_PROGRAM: &str = "Other111111111111111111111111111111111111111";

fn logged_by(program: &str, events: &[Vec<u8>]) -> Vec<String> {
    let mut logs = vec![format!("Program {program} invoke [1]")];
    logs.extend(
        (events.iter()).map(|data| format!("Program data: {}", BASE64_STANDARD.encode(data))),
    );
    logs.push(format!("Program {program} success"));
    logs
}

fn transaction(
    signature: &str,
    block_time: i64,
    logs: Vec<String>,
) -> (FinalizedTransaction, Indexed) {
    let transaction = FinalizedTransaction {
        signature: signature.to_string(),
        slot: block_time as u64,
        block_time,
        logs,
    };
    let indexed = index(&transaction);
    (transaction, indexed)
}

fn queued(patient: Pubkey, offset: u64) -> Vec<u8> {
    DisclosureQueued {
        patient,
        provider: Pubkey::new_unique(),
        requester: Pubkey::new_unique(),
        recipient_key: [7; 32],
        fields: FieldSet::ALL,
        purpose: PurposeOfUse::Treatment,
        basis: DisclosureBasis::Patient,
        subject: DisclosureSubject::Record { version: 1 },
        computation_offset: offset,
    }
    .data()
}

fn disclosed(offset: u64) -> Vec<u8> {
    RecordDisclosed {
        patient: Pubkey::new_unique(),
        provider: Pubkey::new_unique(),
        recipient_key: [7; 32],
        fields: FieldSet::ALL,
        record_version: 1,
        output_nonce: 0,
        ciphertexts: Default::default(),
        computation_offset: offset,
        consent_changed: None,
    }
    .data()
}

fn medshare() -> String {
    share_medical_records::ID.to_string()
}

async fn memory() -> Database {
    Database::open("sqlite::memory:").await.unwrap()
}

async fn count(database: &Database, table: &'static str) -> i64 {
    database.count(table).await.unwrap()
}

async fn write(database: &Database, batch: &[(FinalizedTransaction, Indexed)]) {
    let last = &batch.last().unwrap().0;
    let cursor = Cursor {
        signature: last.signature.clone(),
        slot: last.slot,
    };
    database.write(batch, &cursor).await.unwrap();
}

#[tokio::test]
async fn a_disclosure_is_queued_by_one_transaction_and_settled_by_another() {
    let database = memory().await;
    let patient = Pubkey::new_unique();
    write(
        &database,
        &[
            transaction("q", 100, logged_by(&medshare(), &[queued(patient, 9)])),
            transaction("s", 104, logged_by(&medshare(), &[disclosed(9)])),
        ],
    )
    .await;
    let page = database
        .disclosures(&DisclosureFilter::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    let row = &page.rows[0];
    assert_eq!(row.row.status, "delivered");
    assert_eq!(row.row.queued_at, "1970-01-01T00:01:40Z");
    assert_eq!(row.row.completed_at, "1970-01-01T00:01:44Z");
    assert_eq!(row.row.patient, patient.to_string());
    assert_eq!(
        (
            row.queued_signature.as_str(),
            row.completed_signature.as_deref()
        ),
        ("q", Some("s"))
    );
    assert_eq!(database.cursor().await.unwrap().unwrap().signature, "s");
}

#[tokio::test]
async fn an_answer_is_settled_by_its_own_event_and_named_by_its_question() {
    let database = memory().await;
    let grant = Pubkey::new_unique();
    let asked = DisclosureQueued {
        patient: Pubkey::new_unique(),
        provider: Pubkey::new_unique(),
        requester: Pubkey::new_unique(),
        recipient_key: [7; 32],
        fields: FieldSet::ELIGIBILITY,
        purpose: PurposeOfUse::Research,
        basis: DisclosureBasis::Grant(grant),
        subject: DisclosureSubject::Answer {
            version: 3,
            question: [0xab; 32],
        },
        computation_offset: 12,
    };
    let answered = QuestionAnswered {
        patient: asked.patient,
        provider: asked.provider,
        recipient_key: [7; 32],
        question_hash: [0xab; 32],
        record_version: 3,
        output_nonce: 0,
        ciphertexts: Default::default(),
        computation_offset: 12,
        consent_changed: Some(ConsentChange::GrantRevoked),
    };
    write(
        &database,
        &[
            transaction("q", 100, logged_by(&medshare(), &[asked.data()])),
            transaction("a", 104, logged_by(&medshare(), &[answered.data()])),
        ],
    )
    .await;
    let page = database
        .disclosures(&DisclosureFilter::default())
        .await
        .unwrap()
        .unwrap();
    let row = &page.rows[0].row;
    assert_eq!(
        (row.kind.as_str(), row.fields.as_str(), row.version),
        ("answer", "eligibility", Some(3))
    );
    assert_eq!(row.subject, "ab".repeat(32));
    assert_eq!(
        row.status,
        "delivered after the consent changed (grant revoked)"
    );
    assert_eq!(page.rows[0].completed_signature.as_deref(), Some("a"));
}

#[tokio::test]
async fn a_replayed_batch_writes_nothing_twice_and_settles_nothing_twice() {
    let database = memory().await;
    let patient = Pubkey::new_unique();
    let batch = [
        transaction("q", 100, logged_by(&medshare(), &[queued(patient, 9)])),
        transaction("s", 104, logged_by(&medshare(), &[disclosed(9)])),
    ];
    write(&database, &batch).await;
    write(&database, &batch).await;
    write(&database, &batch[1..]).await;
    for (table, rows) in [
        ("transactions", 2),
        ("events", 2),
        ("disclosures", 1),
        ("set_aside", 0),
    ] {
        assert_eq!(count(&database, table).await, rows, "{table}");
    }
}

#[tokio::test]
async fn what_it_cannot_decode_is_set_aside_and_the_rest_is_indexed() {
    let database = memory().await;
    let mut future_event = vec![0xEE; 8];
    future_event.extend([1, 2, 3]);
    let mut cut_short = queued(Pubkey::new_unique(), 5);
    cut_short.truncate(40);
    let mut logs = logged_by(
        &medshare(),
        &[future_event, cut_short, queued(Pubkey::new_unique(), 6)],
    );
    logs.push("Log truncated".into());
    write(&database, &[transaction("t", 100, logs)]).await;
    assert_eq!(count(&database, "events").await, 1);
    assert_eq!(count(&database, "disclosures").await, 1);
    let reasons: Vec<String> = sqlx::query("SELECT reason FROM set_aside ORDER BY position")
        .fetch_all(database.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("reason"))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons[0].contains("not an event"), "{reasons:?}");
    assert!(reasons[2].contains("truncated"), "{reasons:?}");
}

#[tokio::test]
async fn another_programs_data_lines_are_never_taken_for_medshare_events() {
    let database = memory().await;
    // Another program logs the bytes of a queue event and a delivery, in its own transaction
    // and inside a medshare instruction's CPI.
    let forged = [queued(Pubkey::new_unique(), 3), disclosed(3)];
    let mut nested = vec![format!("Program {} invoke [1]", medshare())];
    nested.extend(logged_by(OTHER_PROGRAM, &forged));
    nested.push(format!("Program {} success", medshare()));
    write(
        &database,
        &[
            transaction("a", 100, logged_by(OTHER_PROGRAM, &forged)),
            transaction("b", 101, nested),
        ],
    )
    .await;
    assert_eq!(count(&database, "events").await, 0);
    assert_eq!(count(&database, "disclosures").await, 0);
}

#[tokio::test]
async fn a_settlement_of_a_disclosure_never_queued_is_set_aside() {
    let database = memory().await;
    write(
        &database,
        &[transaction(
            "s",
            100,
            logged_by(&medshare(), &[disclosed(4)]),
        )],
    )
    .await;
    assert_eq!(count(&database, "disclosures").await, 0);
    let reason: String = sqlx::query("SELECT reason FROM set_aside")
        .fetch_one(database.pool())
        .await
        .unwrap()
        .get("reason");
    assert!(reason.contains("disclosure 4"), "{reason}");
}

#[tokio::test]
async fn pages_cover_every_row_once_in_order_and_filters_narrow_them() {
    let database = memory().await;
    let (alice, bob) = (Pubkey::new_unique(), Pubkey::new_unique());
    // Seven disclosures, three queued in the same second (the page boundary falls among them).
    let batch: Vec<_> = (0..7u64)
        .map(|offset| {
            let patient = if offset % 2 == 0 { alice } else { bob };
            let time = 1_000 + (offset as i64).min(3);
            transaction(
                &format!("q{offset}"),
                time,
                logged_by(&medshare(), &[queued(patient, 50 - offset)]),
            )
        })
        .collect();
    write(&database, &batch).await;
    let mut seen = Vec::new();
    let mut filter = DisclosureFilter {
        limit: Some(3),
        ..DisclosureFilter::default()
    };
    loop {
        let page = database.disclosures(&filter).await.unwrap().unwrap();
        assert!(page.rows.len() <= 3);
        seen.extend(
            page.rows
                .into_iter()
                .map(|row| (row.row.queued_at, row.row.disclosure)),
        );
        match page.next {
            Some(next) => filter.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7, "{seen:?}");
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted);

    let alices = DisclosureFilter {
        patient: Some(alice.to_string()),
        status: Some("queued".into()),
        since: Some(1_001),
        ..DisclosureFilter::default()
    };
    let page = database.disclosures(&alices).await.unwrap().unwrap();
    assert_eq!(page.rows.len(), 3, "offsets 2, 4 and 6");
    let bad = DisclosureFilter {
        after: Some("yesterday".into()),
        ..DisclosureFilter::default()
    };
    assert!(database.disclosures(&bad).await.is_err());
}
