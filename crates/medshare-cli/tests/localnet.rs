//! The command line and the SDK against `medshare localnet`, over JSON-RPC: the whole story, and
//! a request that survives the node being killed and whose delivery is found behind a flood of
//! junk transactions naming its receipt.

mod common;

use common::{
    localnet::{self, Localnet},
    World,
};
use medshare_sdk::{
    addresses,
    client::Client,
    clinic::Clinic,
    connection::RpcConnection,
    record::{example_summary, FieldSet},
};
use predicates::str::contains;
use serde_json::Value;
use share_medical_records::state::DisclosureStatus;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_program::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_rpc_client_api::config::RpcSendTransactionConfig;
use solana_signer::Signer;
use solana_transaction::Transaction;
use std::time::Duration;

const DELIVERY: Duration = Duration::from_secs(60);

#[test]
fn the_command_line_tells_the_story_over_json_rpc() {
    let ledger = tempfile::tempdir().unwrap();
    let node = Localnet::start(ledger.path());
    runtime().block_on(localnet::deploy(&node, ledger.path()));
    let world = World::on(&node.url);
    let patient = world.patient("patient");
    let provider = world.provider("provider");
    let officer = world.stranger("officer");

    patient
        .run(&[
            "patient",
            "grant",
            &provider.wallet(),
            "--fields",
            "conditions",
        ])
        .success();
    provider
        .run(&["provider", "pull", &patient.wallet()])
        .success()
        .stdout(contains("E11.9"))
        .stderr(contains("conditions"));
    let json = officer.output(&["audit", "disclosures", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&json).expect("JSON rows");
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["status"], "delivered");
    assert_eq!(rows[0]["recipient"], provider.wallet().as_str());
    let delivered = format!(
        "delivered computation {}",
        rows[0]["disclosure"].as_str().unwrap()
    );
    assert_eq!(
        node.lines_starting(&delivered).len(),
        1,
        "{:?}",
        node.output()
    );

    patient
        .run(&["patient", "revoke", &provider.wallet()])
        .success();
    provider
        .run(&["provider", "pull", &patient.wallet()])
        .code(3)
        .stderr(contains("the grant was revoked"));
}

#[test]
fn a_request_queued_before_the_node_is_killed_is_delivered_after_a_restart() {
    let ledger = tempfile::tempdir().unwrap();
    let runtime = runtime();
    let granted = FieldSet(FieldSet::BLOOD_TYPE.0 | FieldSet::MEDICATIONS.0);

    // A first run: the record, the provider and the grant.
    let first = Localnet::start(ledger.path());
    let (patient, provider) = runtime.block_on(async {
        localnet::deploy(&first, ledger.path()).await;
        let mut clinic = Clinic::open(RpcConnection::new(&first.url)).await.unwrap();
        let hour = Duration::from_secs(3600);
        let provider = clinic.provider("Dr. Lee", granted, hour).await.unwrap();
        (clinic.patient, provider)
    });
    first.kill();

    // The node alone, with no cluster to deliver: the request is queued, then the node is killed.
    let bare = Localnet::node_only(ledger.path());
    let offset = runtime.block_on(async {
        let mut client = Client::new(RpcConnection::new(&bare.url));
        let offset = client
            .request_record(&provider.wallet, &patient.wallet.pubkey())
            .await
            .unwrap();
        let receipt = client.disclosure(offset).await.unwrap();
        assert_eq!(receipt.status, DisclosureStatus::Queued);
        offset
    });
    bare.kill();

    // After the restart the cluster finds the request and delivers it, once.
    let second = Localnet::start(ledger.path());
    runtime.block_on(async {
        let mut client = Client::new(RpcConnection::new(&second.url));
        let receipt = client
            .await_disclosure(offset, DELIVERY, |_| {})
            .await
            .unwrap();
        assert_eq!(receipt.status, DisclosureStatus::Delivered);
        let opened = client.open_disclosure(offset, &provider.key).await.unwrap();
        assert_eq!(opened.summary, example_summary().restricted_to(granted));

        // 1,001 junk transactions naming the receipt push the delivery past the first page of
        // its history; the connection reads on until it finds it.
        flood(&second.url, &addresses::receipt(offset), 1_001).await;
        let opened = client.open_disclosure(offset, &provider.key).await.unwrap();
        assert_eq!(opened.summary, example_summary().restricted_to(granted));
        assert_eq!(
            client
                .record(&patient.wallet.pubkey())
                .await
                .unwrap()
                .version,
            1
        );
    });
    let delivered = format!("delivered computation {offset}");
    assert_eq!(
        second.lines_starting(&delivered).len(),
        1,
        "{:?}",
        second.output()
    );
}

/// Sends `count` transfers of a fresh wallet to itself, each also naming `address`, without
/// waiting for each; returns once all are confirmed and the first page of `address`'s history
/// holds none but them.
async fn flood(url: &str, address: &Pubkey, count: u64) {
    let rpc = RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed());
    let attacker = Keypair::new();
    let funded = rpc
        .request_airdrop(&attacker.pubkey(), 1_000_000_000)
        .await
        .unwrap();
    while !rpc.confirm_transaction(&funded).await.unwrap() {}
    let blockhash = rpc.get_latest_blockhash().await.unwrap();
    let system = Pubkey::default();
    let mut sent = Vec::new();
    for lamports in 1..=count {
        // The system program's transfer: instruction 2, then the lamports.
        let mut data = 2u32.to_le_bytes().to_vec();
        data.extend(lamports.to_le_bytes());
        let transfer = Instruction::new_with_bytes(
            system,
            &data,
            vec![
                AccountMeta::new(attacker.pubkey(), true),
                AccountMeta::new(attacker.pubkey(), false),
                AccountMeta::new_readonly(*address, false),
            ],
        );
        let junk = Transaction::new_signed_with_payer(
            &[transfer],
            Some(&attacker.pubkey()),
            &[&attacker],
            blockhash,
        );
        let config = RpcSendTransactionConfig {
            skip_preflight: true,
            ..Default::default()
        };
        sent.push(
            rpc.send_transaction_with_config(&junk, config)
                .await
                .unwrap(),
        );
    }
    for signature in sent.iter().rev().take(50) {
        while !rpc.confirm_transaction(signature).await.unwrap() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let first_page = rpc.get_signatures_for_address(address).await.unwrap();
    assert_eq!(first_page.len(), 1_000);
    assert!(first_page
        .iter()
        .all(|status| sent.iter().any(|junk| junk.to_string() == status.signature)));
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}
