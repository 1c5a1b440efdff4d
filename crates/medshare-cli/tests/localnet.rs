//! The command line and the SDK against `medshare localnet`, over JSON-RPC: the whole story, and
//! a request that survives the node being killed.

mod common;

use common::{
    localnet::{self, Localnet},
    World,
};
use medshare_sdk::{
    client::Client,
    clinic::Clinic,
    connection::RpcConnection,
    record::{example_summary, FieldSet},
};
use predicates::str::contains;
use serde_json::Value;
use share_medical_records::state::DisclosureStatus;
use solana_signer::Signer;
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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}
