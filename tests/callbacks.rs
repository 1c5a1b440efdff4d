//! The callback path: only the cluster's genuine, signed, first callback settles a share.

mod common;

use arcium_client::idl::arcium::types::AbortReason;
use common::*;
use medshare_sdk::{addresses, Outcome};
use share_medical_records::state::{Disclosure, DisclosureStatus};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Arcium program errors (its IDL numbering) and the callback guard's code.
const ALREADY_CALLBACKED_COMPUTATION: u32 = 6204;
const INVALID_NODE_AUTHORITY: u32 = 6403;
const INVALID_CALLBACK_TX: u32 = 9999;
/// `arcium_anchor::ArciumError::BLSSignatureVerificationFailed`.
const BLS_SIGNATURE_VERIFICATION_FAILED: u32 = 6001;

/// A chain with one stored record and one share queued at `OFFSET`.
const OFFSET: u64 = 42;
async fn queued_share() -> (medshare_sdk::LocalChain, Person, Person) {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let recipient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    share(
        &mut chain,
        &patient.wallet,
        &patient.wallet,
        OFFSET,
        recipient.key.public_key(),
    )
    .await
    .unwrap();
    (chain, patient, recipient)
}

async fn disclosure_status(chain: &mut medshare_sdk::LocalChain) -> DisclosureStatus {
    let disclosure: Disclosure = chain
        .anchor_account(addresses::receipt(OFFSET))
        .await
        .unwrap();
    disclosure.status
}

#[tokio::test]
async fn a_tampered_signature_is_rejected_and_the_share_stays_queued() {
    let (mut chain, _, _) = queued_share().await;
    let mut forged = chain.prepare_callback(OFFSET, None).await.unwrap();
    *forged.instructions[1].data.last_mut().unwrap() ^= 1;
    let error = custom_error(chain.send_callback(&forged).await);
    assert_eq!(error, BLS_SIGNATURE_VERIFICATION_FAILED);
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Queued
    );

    // The genuine callback still goes through afterwards.
    let (_, delivery) = chain.deliver(OFFSET).await.unwrap();
    assert_eq!(shared_events(&delivery).len(), 1);
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Delivered
    );
}

#[tokio::test]
async fn a_tampered_output_is_rejected() {
    let (mut chain, _, _) = queued_share().await;
    let mut forged = chain.prepare_callback(OFFSET, None).await.unwrap();
    // Byte 8 is the separator; the output starts after it.
    forged.instructions[1].data[8 + 1 + 60] ^= 0x55;
    let error = custom_error(chain.send_callback(&forged).await);
    assert_eq!(error, BLS_SIGNATURE_VERIFICATION_FAILED);
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Queued
    );
}

#[tokio::test]
async fn a_callback_without_callback_computation_before_it_is_rejected() {
    let (mut chain, _, _) = queued_share().await;
    let mut direct = chain.prepare_callback(OFFSET, None).await.unwrap();
    direct.instructions.remove(0);
    let error = custom_error(chain.send_callback(&direct).await);
    assert_eq!(error, INVALID_CALLBACK_TX);
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Queued
    );
}

#[tokio::test]
async fn only_the_clusters_node_may_call_back() {
    let (mut chain, _, _) = queued_share().await;
    let impostor = chain.funded_keypair(LAMPORTS).await.unwrap();
    let mut callback = chain.prepare_callback(OFFSET, None).await.unwrap();
    callback.instructions[0].accounts[0].pubkey = impostor.pubkey();
    let error = custom_error(chain.send(&callback.instructions, &[&impostor]).await);
    assert_eq!(error, INVALID_NODE_AUTHORITY);
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Queued
    );
}

#[tokio::test]
async fn a_replayed_callback_is_rejected() {
    let (mut chain, _, _) = queued_share().await;
    let mut callback = chain.prepare_callback(OFFSET, None).await.unwrap();
    let delivery = chain.send_callback(&callback).await.unwrap();
    assert_eq!(shared_events(&delivery).len(), 1);

    // The same signed output, in a new transaction.
    callback.instructions[2] =
        arcium_local::lighthouse::assert_lamports_at_least(Keypair::new().pubkey(), 0);
    let error = custom_error(chain.send_callback(&callback).await);
    assert_eq!(error, ALREADY_CALLBACKED_COMPUTATION);
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Delivered
    );
    assert!(matches!(
        chain.prepare_callback(OFFSET, None).await,
        Err(medshare_sdk::ChainError::NotQueued(OFFSET))
    ));
}

#[tokio::test]
async fn an_aborted_computation_is_recorded_as_failed() {
    let (mut chain, patient, _) = queued_share().await;
    let before = record(&mut chain, &patient.wallet).await;
    let aborted = chain
        .prepare_callback(OFFSET, Some(Outcome::aborted(AbortReason::InvalidMAC)))
        .await
        .unwrap();
    let receipt = chain.send_callback(&aborted).await.unwrap();
    assert!(shared_events(&receipt).is_empty(), "nothing is disclosed");
    let [failed] = failed_events(&receipt)
        .try_into()
        .expect("one DisclosureFailed event");
    assert_eq!(failed.reason, "Abort(InvalidMAC)");
    assert_eq!(
        (failed.patient, failed.computation_offset),
        (patient.wallet.pubkey(), OFFSET)
    );
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Failed
    );
    let after = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (after.version, after.nonce, after.ciphertexts),
        (before.version, before.nonce, before.ciphertexts)
    );
}

#[tokio::test]
async fn a_recipient_key_off_the_curve_makes_the_cluster_abort() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    // u = 2 lies on the quadratic twist of Curve25519, not on the curve.
    let mut twist_point = [0u8; 32];
    twist_point[0] = 2;
    share(
        &mut chain,
        &patient.wallet,
        &patient.wallet,
        OFFSET,
        twist_point,
    )
    .await
    .unwrap();
    let (outcome, receipt) = chain.deliver(OFFSET).await.unwrap();
    assert!(matches!(outcome, Outcome::Failure { .. }), "{outcome:?}");
    let [failed] = failed_events(&receipt)
        .try_into()
        .expect("one DisclosureFailed event");
    assert_eq!(failed.reason, "Inputs");
    assert_eq!(
        disclosure_status(&mut chain).await,
        DisclosureStatus::Failed
    );
}
