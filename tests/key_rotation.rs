//! Patient key rotation: the cluster re-seals the stored record under the patient's new key and
//! the callback writes it back; nobody decrypts it on the way.

mod common;

use arcium_client::idl::arcium::types::AbortReason;
use common::*;
use medshare_sdk::{
    events::{decode_events, MedshareEvent},
    instructions::{self, SealedRecord},
    record::{open_record, ClinicalSummary},
    LocalChain, Outcome, SecretKey,
};
use share_medical_records::{constants::output_nonce, errors::MedshareError, state::FieldSet};
use solana_signer::Signer;

/// `arcium_anchor::ArciumError::BLSSignatureVerificationFailed`.
const BLS_SIGNATURE_VERIFICATION_FAILED: u32 = 6001;

/// A stored record whose rotation to a new key is queued at offset 3.
async fn rotation_in_flight() -> (LocalChain, Person, SealedRecord) {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let sealed = store(&mut chain, &patient, &example_summary(), 1).await;
    rotate(&mut chain, &patient, 3, &SecretKey::generate())
        .await
        .unwrap();
    (chain, patient, sealed)
}

/// The record still holds version 1 under the patient's original key.
async fn assert_as_stored(chain: &mut LocalChain, patient: &Person, sealed: &SealedRecord) {
    let stored = record(chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.encryption_key, stored.ciphertexts),
        (1, patient.key.public_key(), sealed.ciphertexts)
    );
}

#[tokio::test]
async fn a_rotated_record_opens_with_the_new_key_and_still_shares_the_right_values() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    let new_key = SecretKey::generate();
    rotate(&mut chain, &patient, 3, &new_key).await.unwrap();
    assert!(record(&mut chain, &patient.wallet)
        .await
        .pending_rotation
        .is_some());

    let (_, receipt) = chain.deliver(3).await.unwrap();
    assert!(matches!(
        decode_events(&receipt.logs).as_slice(),
        [MedshareEvent::RecordResealed(event)] if event.version == 2 && event.computation_offset == 3
    ));
    let stored = record(&mut chain, &patient.wallet).await;
    assert_eq!(stored.encryption_key, new_key.public_key());
    assert_eq!((stored.version, stored.nonce), (2, output_nonce(3)));
    assert!(stored.pending_rotation.is_none());
    let mxe = chain.mxe_public_key();
    assert_eq!(
        open_record(&stored, &new_key, &mxe).unwrap(),
        example_summary()
    );
    assert_ne!(
        open_record(&stored, &patient.key, &mxe).ok(),
        Some(example_summary()),
        "the old key no longer opens it"
    );

    let doctor = provider(&mut chain, "Dr. Ada Okafor").await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    request(&mut chain, &doctor, &patient, 4).await.unwrap();
    let (_, delivery) = chain.deliver(4).await.unwrap();
    let (shared, opened) = delivered_to(&chain, &delivery, &doctor);
    assert_eq!(shared.record_version, 2);
    assert_eq!(opened, example_summary());

    // Updates go on under the new key, with nonces above the owner's earlier ones.
    let mut updated = example_summary();
    updated.weight_dag = 7_000;
    let patient_now = Person {
        wallet: patient.wallet.insecure_clone(),
        key: new_key,
    };
    let stale = seal(&chain, &patient_now, &updated, 1);
    let error = custom_error(update(&mut chain, &patient_now, &stale).await);
    assert_eq!(error, medshare_error(MedshareError::NonceNotFresh));
    let fresh = seal(&chain, &patient_now, &updated, 2);
    update(&mut chain, &patient_now, &fresh).await.unwrap();
}

#[tokio::test]
async fn only_the_owner_rotates_and_only_to_a_valid_key() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let stranger = person(&mut chain).await;
    let sealed = store(&mut chain, &patient, &example_summary(), 10).await;

    let hijack = instructions::rotate_record_key(
        &stranger.wallet.pubkey(),
        &patient.wallet.pubkey(),
        3,
        stranger.key.public_key(),
        [0; 32],
    );
    let error = custom_error(chain.send(&[hijack], &[&stranger.wallet]).await);
    assert_eq!(error, medshare_error(MedshareError::NotRecordOwner));

    let zero = instructions::rotate_record_key(
        &patient.wallet.pubkey(),
        &patient.wallet.pubkey(),
        3,
        [0; 32],
        [0; 32],
    );
    let error = custom_error(chain.send(&[zero], &[&patient.wallet]).await);
    assert_eq!(error, medshare_error(MedshareError::SmallOrderKey));

    assert_eq!(chain.queued().count(), 0);
    let stored = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.ciphertexts),
        (1, sealed.ciphertexts)
    );
    assert!(stored.pending_rotation.is_none());
}

#[tokio::test]
async fn an_update_during_a_rotation_wins_and_the_rotation_is_abandoned() {
    let (mut chain, patient, _) = rotation_in_flight().await;

    let sealed = seal(&chain, &patient, &ClinicalSummary::default(), 200);
    update(&mut chain, &patient, &sealed).await.unwrap();
    let (_, receipt) = chain.deliver(3).await.unwrap();
    assert!(matches!(
        decode_events(&receipt.logs).as_slice(),
        [MedshareEvent::RecordKeyRotationAbandoned(event)] if event.reason == "RecordChanged"
    ));
    let stored = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.encryption_key, stored.ciphertexts),
        (2, patient.key.public_key(), sealed.ciphertexts)
    );
    assert!(stored.pending_rotation.is_none());
}

#[tokio::test]
async fn a_later_rotation_supersedes_an_earlier_one() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    let first = SecretKey::generate();
    let second = SecretKey::generate();
    rotate(&mut chain, &patient, 3, &first).await.unwrap();
    rotate(&mut chain, &patient, 4, &second).await.unwrap();

    let (_, superseded) = chain.deliver(3).await.unwrap();
    assert!(matches!(
        decode_events(&superseded.logs).as_slice(),
        [MedshareEvent::RecordKeyRotationAbandoned(event)] if event.reason == "Superseded"
    ));
    assert_eq!(record(&mut chain, &patient.wallet).await.version, 1);

    chain.deliver(4).await.unwrap();
    let stored = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.encryption_key),
        (2, second.public_key())
    );
    assert_eq!(
        open_record(&stored, &second, &chain.mxe_public_key()).unwrap(),
        example_summary()
    );
}

#[tokio::test]
async fn an_aborted_rotation_leaves_the_record_as_it_was() {
    let (mut chain, patient, sealed) = rotation_in_flight().await;

    let aborted = chain
        .prepare_callback(3, Some(Outcome::aborted(AbortReason::InvalidMAC)))
        .await
        .unwrap();
    let receipt = chain.send_callback(&aborted).await.unwrap();
    assert!(matches!(
        decode_events(&receipt.logs).as_slice(),
        [MedshareEvent::RecordKeyRotationAbandoned(event)] if event.reason == "Abort(InvalidMAC)"
    ));
    assert_as_stored(&mut chain, &patient, &sealed).await;
    assert!(record(&mut chain, &patient.wallet)
        .await
        .pending_rotation
        .is_none());
}

#[tokio::test]
async fn a_forged_rotation_output_changes_nothing() {
    let (mut chain, patient, sealed) = rotation_in_flight().await;

    let mut forged = chain.prepare_callback(3, None).await.unwrap();
    forged.instructions[1].data[8 + 1 + 60] ^= 0x55;
    let error = custom_error(chain.send_callback(&forged).await);
    assert_eq!(error, BLS_SIGNATURE_VERIFICATION_FAILED);
    assert_as_stored(&mut chain, &patient, &sealed).await;
    let stored = record(&mut chain, &patient.wallet).await;
    assert!(
        stored.pending_rotation.is_some(),
        "still waiting for the real callback"
    );
}
