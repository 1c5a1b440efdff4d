//! The core flow: a patient stores an encrypted record, shares it, the cluster re-encrypts it
//! and the recipient decrypts exactly what was stored.

mod common;

use common::*;
use medshare_sdk::{
    addresses,
    events::{decode_events, MedshareEvent},
    record::{open_delivery, ClinicalSummary, Icd10Code},
};
use share_medical_records::state::{Disclosure, DisclosureStatus, DisclosureSubject};
use solana_signer::Signer;

#[tokio::test]
async fn recipient_decrypts_exactly_the_stored_record() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let recipient = person(&mut chain).await;
    let summary = example_summary();
    let sealed = store(&mut chain, &patient, &summary, 1).await;

    let queued = share(
        &mut chain,
        &patient.wallet,
        &patient.wallet,
        7,
        recipient.key.public_key(),
    )
    .await
    .unwrap();
    assert!(matches!(
        decode_events(&queued.logs).as_slice(),
        [MedshareEvent::DisclosureQueued(event)]
            if event.subject == DisclosureSubject::Record { version: 1 } && event.computation_offset == 7
    ));
    assert_eq!(chain.queued().collect::<Vec<_>>(), vec![7]);

    let (_, delivery) = chain.deliver(7).await.unwrap();
    let (shared, opened) = delivered_to(&chain, &delivery, &recipient);
    assert_eq!(shared.patient, patient.wallet.pubkey());
    assert_eq!(shared.recipient_key, recipient.key.public_key());
    assert_eq!(shared.record_version, 1);
    assert_eq!(shared.computation_offset, 7);
    assert_ne!(
        shared.ciphertexts[..],
        sealed.ciphertexts[..5],
        "re-encrypted, not copied"
    );

    assert_eq!(opened, summary);
    // Nobody else can read it: the patient's key opens garbage or fails to decode.
    assert_ne!(
        open_delivery(
            &shared.ciphertexts,
            shared.output_nonce,
            &patient.key,
            &chain.mxe_public_key()
        )
        .ok(),
        Some(summary.clone())
    );

    let disclosure: Disclosure = chain.anchor_account(addresses::receipt(7)).await.unwrap();
    assert_eq!(disclosure.status, DisclosureStatus::Delivered);
    assert!(disclosure.completed_at >= disclosure.queued_at);
    let stored = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.ciphertexts),
        (1, sealed.ciphertexts)
    );
}

#[tokio::test]
async fn an_update_replaces_the_record_and_bumps_its_version() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let recipient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;

    let mut updated = example_summary();
    updated.conditions.push(medshare_sdk::record::Condition {
        code: Icd10Code::parse("N18.3").unwrap(),
        onset: None,
    });
    updated.weight_dag = 7_010;
    let sealed = seal(&chain, &patient, &updated, 2);
    update(&mut chain, &patient, &sealed).await.unwrap();
    let stored = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.nonce, stored.ciphertexts),
        (2, 2, sealed.ciphertexts)
    );

    share(
        &mut chain,
        &patient.wallet,
        &patient.wallet,
        9,
        recipient.key.public_key(),
    )
    .await
    .unwrap();
    let (_, delivery) = chain.deliver(9).await.unwrap();
    let (shared, opened) = delivered_to(&chain, &delivery, &recipient);
    assert_eq!(shared.record_version, 2);
    assert_eq!(opened, updated);
}

#[tokio::test]
async fn an_empty_record_round_trips() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let recipient = person(&mut chain).await;
    store(&mut chain, &patient, &ClinicalSummary::default(), 1).await;
    share(
        &mut chain,
        &patient.wallet,
        &patient.wallet,
        1,
        recipient.key.public_key(),
    )
    .await
    .unwrap();
    let delivered = chain.deliver_all().await.unwrap();
    let [(_, _, delivery)] = delivered.try_into().expect("one delivery");
    let (_, opened) = delivered_to(&chain, &delivery, &recipient);
    assert_eq!(opened, ClinicalSummary::default());
}

/// Solana's limit on a serialized transaction, and the share of it every transaction leaves free
/// so that a fee-priority instruction or a second signature still fits.
const PACKET_LIMIT: usize = 1_232;
const HEADROOM: f64 = 0.30;

#[tokio::test]
async fn the_share_and_its_callback_leave_headroom_in_a_packet() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let recipient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    let queued = share(
        &mut chain,
        &patient.wallet,
        &patient.wallet,
        3,
        recipient.key.public_key(),
    )
    .await
    .unwrap();
    // The callback names the MXE's recurring accounts through its lookup table.
    let (_, callback) = chain.deliver(3).await.unwrap();
    let fits = |bytes: usize| bytes as f64 <= PACKET_LIMIT as f64 * (1.0 - HEADROOM);
    assert!(fits(queued.size), "the request takes {} bytes", queued.size);
    assert!(
        fits(callback.size),
        "the callback takes {} bytes",
        callback.size
    );
}
