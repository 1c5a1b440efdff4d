//! `medshare indexer` on `medshare localnet`, into SQLite and into PostgreSQL: its rows are the
//! rows `medshare audit` reads from the receipts, through an indexer killed with SIGKILL in the
//! middle of a burst, a node stopped under it, and a replay of the whole history.

mod common;

use common::localnet::{self, free_port, Localnet};
use medshare_indexer::database::Database;
use medshare_sdk::{client::Client, clinic::Clinic, connection::RpcConnection, record::FieldSet};
use serde_json::Value;
use solana_signer::Signer;
use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// Finality on the local node lags about 31 slots (12 s) behind confirmation.
const CAUGHT_UP: Duration = Duration::from_secs(120);
const DELIVERY: Duration = Duration::from_secs(60);

#[test]
fn the_indexer_keeps_the_trail_in_sqlite_through_kills_outages_and_replays() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("index.sqlite").display()
    );
    follow_the_chain_through_faults(&database);
}

#[test]
fn the_indexer_keeps_the_trail_in_postgresql_through_kills_outages_and_replays() {
    let database = std::env::var("MEDSHARE_TEST_POSTGRES").expect(
        "MEDSHARE_TEST_POSTGRES names a PostgreSQL database to test against: ./scripts/test \
         starts one with ./scripts/postgres",
    );
    // Each run starts from an empty index.
    runtime().block_on(async {
        let index = Database::open(&database).await.unwrap();
        for table in [
            "indexer_cursor",
            "transactions",
            "events",
            "disclosures",
            "providers",
            "set_aside",
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(index.pool())
                .await
                .unwrap();
        }
    });
    follow_the_chain_through_faults(&database);
}

fn follow_the_chain_through_faults(database: &str) {
    let ledger = tempfile::tempdir().unwrap();
    let runtime = runtime();
    let node = Localnet::start(ledger.path());
    let ports = node.ports();
    let (patient, provider) = runtime.block_on(async {
        localnet::deploy(&node, ledger.path()).await;
        let mut clinic = Clinic::open(RpcConnection::new(&node.url)).await.unwrap();
        let provider = (clinic.provider("Dr. Ada Lee", FieldSet::ALL, Duration::from_secs(3600)))
            .await
            .unwrap();
        (clinic.patient, provider)
    });
    let pull = |url: &str, count: usize| {
        runtime.block_on(async {
            let mut client = Client::new(RpcConnection::new(url));
            for _ in 0..count {
                let offset = (client.request_record(&provider.wallet, &patient.wallet.pubkey()))
                    .await
                    .unwrap();
                client
                    .await_disclosure(offset, DELIVERY, |_| {})
                    .await
                    .unwrap();
            }
        })
    };
    pull(&node.url, 2);

    let api = free_port();
    let indexer = Indexer::start(&node, database, api);
    let rows = indexer.rows_once(2, &node.url);
    assert_eq!(rows.len(), 2);
    let accounting = indexer.get(&format!(
        "/accounting?patient={}&format=csv",
        patient.wallet.pubkey()
    ));
    assert!(accounting.contains("Dr. Ada Lee"), "{accounting}");
    assert_eq!(accounting.lines().count(), 3, "{accounting}");

    // SIGKILL while a burst lands: the restarted indexer resumes from its cursor.
    std::thread::scope(|scope| {
        let burst = scope.spawn(|| pull(&node.url, 6));
        std::thread::sleep(Duration::from_secs(5));
        indexer.kill();
        burst.join().unwrap();
    });
    let indexer = Indexer::start(&node, database, api);
    indexer.rows_once(8, &node.url);

    // The node stops under the indexer, and comes back on the same ports.
    node.kill();
    std::thread::sleep(Duration::from_secs(3));
    let node = Localnet::start_on(ledger.path(), ports);
    pull(&node.url, 1);
    indexer.rows_once(9, &node.url);
    indexer.kill();

    // A replay of the whole history (the cursor forgotten) writes nothing twice.
    let counts = runtime.block_on(table_counts(database));
    runtime.block_on(async {
        let index = Database::open(database).await.unwrap();
        (sqlx::query("DELETE FROM indexer_cursor").execute(index.pool()))
            .await
            .unwrap();
    });
    let indexer = Indexer::start(&node, database, api);
    indexer.rows_once(9, &node.url);
    assert_eq!(runtime.block_on(table_counts(database)), counts);

    let verified = medshare(&node.url)
        .args(["audit", "verify", "--indexer", &indexer.url])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{said}");
    assert!(
        said.contains(
            "9 row(s) checked against their receipts and transactions: 9 match, 0 differ"
        ),
        "{said}"
    );

    // An index that lies, in a field and in the transaction a row names, is caught.
    let rows = indexer.rows_once(9, &node.url);
    let (first, second) = (&rows[0], &rows[1]);
    runtime.block_on(async {
        let index = Database::open(database).await.unwrap();
        sqlx::query("UPDATE disclosures SET fields = 'demographics' WHERE disclosure = $1")
            .bind(first["disclosure"].as_str().unwrap())
            .execute(index.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE disclosures SET queued_signature = $1 WHERE disclosure = $2")
            .bind(first["queued_signature"].as_str().unwrap())
            .bind(second["disclosure"].as_str().unwrap())
            .execute(index.pool())
            .await
            .unwrap();
    });
    let verified = medshare(&node.url)
        .args(["audit", "verify", "--indexer", &indexer.url])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verified.stdout);
    assert_eq!(verified.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "9 row(s) checked against their receipts and transactions: 7 match, 2 differ"
        ),
        "{said}"
    );
    let first_said = format!("{}: the index says", first["disclosure"].as_str().unwrap());
    assert!(said.contains(&first_said), "{said}");
    let second_said = format!(
        "{}: transaction {} does not queue it",
        second["disclosure"].as_str().unwrap(),
        first["queued_signature"].as_str().unwrap()
    );
    assert!(said.contains(&second_said), "{said}");
}

/// How many rows each table holds, cursor aside.
async fn table_counts(database: &str) -> Vec<i64> {
    let index = Database::open(database).await.unwrap();
    let mut counts = Vec::new();
    for table in [
        "transactions",
        "events",
        "disclosures",
        "providers",
        "set_aside",
    ] {
        counts.push(index.count(table).await.unwrap());
    }
    counts
}

struct Indexer {
    child: Child,
    url: String,
}

impl Indexer {
    /// Follows `node`, woken by its websocket.
    fn start(node: &Localnet, database: &str, port: u16) -> Self {
        let websocket = format!("ws://127.0.0.1:{}", node.ports().1);
        let mut child = medshare(&node.url)
            .args([
                "indexer",
                "--database",
                database,
                "--websocket",
                &websocket,
                "--listen",
            ])
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("the indexer starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let line = lines
                .next()
                .expect("the indexer says where it serves")
                .unwrap();
            if line.starts_with("serving") {
                break;
            }
        }
        // Its progress lines are not read again; keep the pipe drained.
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    fn get(&self, path: &str) -> String {
        runtime().block_on(async {
            let response = reqwest::get(format!("{}{path}", self.url)).await.unwrap();
            assert!(
                response.status().is_success(),
                "{path}: {}",
                response.status()
            );
            response.text().await.unwrap()
        })
    }

    /// The indexer's rows once it holds `count` settled disclosures, after checking that they
    /// are exactly the rows `medshare audit` reads from the receipts, and each names the
    /// transactions that queued and settled it.
    fn rows_once(&self, count: usize, chain: &str) -> Vec<Value> {
        let deadline = Instant::now() + CAUGHT_UP;
        let rows = loop {
            let page: Value = serde_json::from_str(&self.get("/disclosures")).unwrap();
            let rows = page["rows"].as_array().unwrap().clone();
            let settled = rows.iter().all(|row| !row["completed_signature"].is_null());
            if rows.len() == count && settled {
                break rows;
            }
            assert!(
                rows.len() <= count && Instant::now() < deadline,
                "the indexer holds {} rows, waiting for {count}: {rows:?}",
                rows.len()
            );
            std::thread::sleep(Duration::from_millis(500));
        };
        let output = medshare(chain)
            .args(["audit", "disclosures", "--format", "json"])
            .output()
            .unwrap();
        let from_receipts: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        let without_signatures: Vec<Value> = (rows.iter())
            .map(|row| {
                let mut row = row.clone();
                let row_object = row.as_object_mut().unwrap();
                for signature in ["queued_signature", "completed_signature"] {
                    let value = row_object.remove(signature).unwrap();
                    let signature = value.as_str().unwrap_or_default();
                    assert!(
                        signature.parse::<solana_signature::Signature>().is_ok(),
                        "{row:?}"
                    );
                }
                row
            })
            .collect();
        let mut expected = from_receipts;
        expected.sort_by_key(|row| (row["queued_at"].to_string(), row["disclosure"].to_string()));
        let mut got = without_signatures;
        got.sort_by_key(|row| (row["queued_at"].to_string(), row["disclosure"].to_string()));
        assert_eq!(got, expected);
        rows
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn medshare(chain: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medshare"));
    command
        .args(["--url", chain])
        .env("RUST_LOG", "error")
        .stdin(Stdio::null());
    command
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}
