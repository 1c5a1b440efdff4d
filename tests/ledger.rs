//! The embedded chain kept in a ledger directory, as successive `medshare` commands use it:
//! what one process did the next one sees, including computations it left queued.

use medshare_sdk::{
    client::{Client, Party},
    connection::{Connection, EmbeddedConnection},
    record::{example_summary, FieldSet},
    SecretKey,
};
use share_medical_records::state::{DisclosureStatus, PurposeOfUse};
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::time::Duration;

const LAMPORTS: u64 = 2_000_000_000;

#[tokio::test]
async fn a_request_queued_before_a_stop_is_delivered_after_the_restart() {
    let ledger = tempfile::tempdir().unwrap();
    let patient = Keypair::new();
    let patient_key = SecretKey::generate();
    let provider = Keypair::new();
    let provider_key = SecretKey::generate();
    let granted = FieldSet(FieldSet::ALLERGIES.0 | FieldSet::MEDICATIONS.0);

    let (offset, mxe_key) = {
        let mut client = Client::new(EmbeddedConnection::open(ledger.path()).await.unwrap());
        for wallet in [&patient, &provider] {
            client
                .connection()
                .airdrop(wallet.pubkey(), LAMPORTS)
                .await
                .unwrap();
        }
        client
            .store_record(&patient, &patient_key, &example_summary())
            .await
            .unwrap();
        client
            .register_provider(&provider, provider_key.public_key(), "Clinic", "42")
            .await
            .unwrap();
        let hour = Duration::from_secs(3_600);
        client
            .grant(
                &patient,
                &provider.pubkey(),
                granted,
                PurposeOfUse::Treatment,
                hour,
            )
            .await
            .unwrap();
        let offset = client
            .request_record(&provider, &patient.pubkey())
            .await
            .unwrap();
        let mxe_key = client.mxe_public_key().await.unwrap();
        (offset, mxe_key)
        // Dropped here without letting the cluster run: the process stops.
    };

    let mut client = Client::new(EmbeddedConnection::open(ledger.path()).await.unwrap());
    assert_eq!(client.mxe_public_key().await.unwrap(), mxe_key);
    assert_eq!(
        client.disclosure(offset).await.unwrap().status,
        DisclosureStatus::Queued
    );
    let receipt = client
        .await_disclosure(offset, Duration::from_secs(30), |_| {})
        .await
        .unwrap();
    assert_eq!(receipt.status, DisclosureStatus::Delivered);
    let opened = client.open_disclosure(offset, &provider_key).await.unwrap();
    assert_eq!(opened.fields(), granted);
    assert_eq!(opened.summary, example_summary().restricted_to(granted));

    // Grants and receipts are listed from the resumed chain, and the record still opens.
    let grants = client
        .grants(Party::Patient(patient.pubkey()))
        .await
        .unwrap();
    assert_eq!(grants.len(), 1);
    let receipts = client
        .disclosures(Party::Provider(provider.pubkey()))
        .await
        .unwrap();
    assert_eq!(receipts.len(), 1);
    let (_, own) = client
        .open_own_record(&patient.pubkey(), &patient_key)
        .await
        .unwrap();
    assert_eq!(own, example_summary());
}

#[tokio::test]
async fn a_ledger_that_is_not_a_chain_state_is_refused_and_left_alone() {
    let ledger = tempfile::tempdir().unwrap();
    let state = ledger.path().join("chain.bin");
    std::fs::write(&state, b"not a chain").unwrap();
    let opened = EmbeddedConnection::open(ledger.path()).await;
    assert!(matches!(
        opened,
        Err(medshare_sdk::connection::Error::Ledger(_))
    ));
    assert_eq!(std::fs::read(&state).unwrap(), b"not a chain");
}

#[tokio::test]
async fn a_ledger_of_an_earlier_record_format_is_refused_by_name() {
    let ledger = tempfile::tempdir().unwrap();
    let state = ledger.path().join("chain.bin");
    drop(EmbeddedConnection::open(ledger.path()).await.unwrap());
    let written = std::fs::read(&state).unwrap();
    assert!(written.starts_with(b"medshare ledger, record format 2\n"));

    // Format 1 wrote the chain state with no header; a later format names itself.
    let body = &written[b"medshare ledger, record format 2\n".len()..];
    for (bytes, format) in [
        (body.to_vec(), "record format 1"),
        (
            [&b"medshare ledger, record format 3\n"[..], body].concat(),
            "record format 3",
        ),
    ] {
        std::fs::write(&state, &bytes).unwrap();
        let error = match EmbeddedConnection::open(ledger.path()).await {
            Err(error) => error.to_string(),
            Ok(_) => panic!("a ledger in {format} was opened"),
        };
        assert!(error.contains(format), "{error}");
        assert!(error.contains("reads format 2 only"), "{error}");
        assert_eq!(
            std::fs::read(&state).unwrap(),
            bytes,
            "the ledger is left as it was"
        );
    }
}
