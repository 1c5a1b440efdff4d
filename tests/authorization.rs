//! Who may change or share a record: every rejection names its error and changes nothing.

mod common;

use common::*;
use medshare_sdk::{addresses, instructions, record::ClinicalSummary};
use share_medical_records::errors::MedshareError;
use solana_signer::Signer;

#[tokio::test]
async fn a_stranger_cannot_update_someone_elses_record() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let stranger = person(&mut chain).await;
    let sealed = store(&mut chain, &patient, &example_summary(), 1).await;

    let forged = seal(&chain, &stranger, &ClinicalSummary::default(), 5);
    let record = addresses::record(&patient.wallet.pubkey());
    let attempt = instructions::update_record_at(&stranger.wallet.pubkey(), &record, &forged);
    let error = custom_error(chain.send(&[attempt], &[&stranger.wallet]).await);
    assert_eq!(error, medshare_error(MedshareError::NotRecordOwner));

    let stored = common::record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.nonce, stored.ciphertexts),
        (1, 1, sealed.ciphertexts)
    );
}

#[tokio::test]
async fn an_update_must_use_a_fresh_nonce() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let sealed = store(&mut chain, &patient, &example_summary(), 10).await;

    for stale in [10, 9, 0] {
        let update = seal(&chain, &patient, &ClinicalSummary::default(), stale);
        let attempt = instructions::update_record(&patient.wallet.pubkey(), &update);
        let error = custom_error(chain.send(&[attempt], &[&patient.wallet]).await);
        assert_eq!(
            error,
            medshare_error(MedshareError::NonceNotFresh),
            "nonce {stale}"
        );
    }
    let stored = common::record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (stored.version, stored.nonce, stored.ciphertexts),
        (1, 10, sealed.ciphertexts)
    );
}

#[tokio::test]
async fn a_stranger_cannot_share_someone_elses_record() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let stranger = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;

    let error = custom_error(
        share(
            &mut chain,
            &stranger.wallet,
            &patient.wallet,
            3,
            stranger.key.public_key(),
        )
        .await,
    );
    assert_eq!(error, medshare_error(MedshareError::NotRecordOwner));
    assert_eq!(chain.queued().count(), 0, "nothing was queued");
    assert!(
        chain
            .account(addresses::receipt(3))
            .await
            .unwrap()
            .is_none(),
        "no receipt was opened"
    );
}

#[tokio::test]
async fn a_share_to_a_small_order_or_non_canonical_key_is_refused() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    for (offset, (key, refusal)) in (4..).zip(weak_keys()) {
        let error =
            custom_error(share(&mut chain, &patient.wallet, &patient.wallet, offset, key).await);
        assert_eq!(error, medshare_error(refusal), "{key:?}");
    }
    assert_eq!(chain.queued().count(), 0);
}

#[tokio::test]
async fn a_record_is_created_once() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let sealed = store(&mut chain, &patient, &example_summary(), 1).await;
    let again = seal(&chain, &patient, &ClinicalSummary::default(), 2);
    let result = chain
        .send(
            &[instructions::store_record(&patient.wallet.pubkey(), &again)],
            &[&patient.wallet],
        )
        .await;
    assert!(result.is_err(), "the record account already exists");
    let stored = common::record(&mut chain, &patient.wallet).await;
    assert_eq!(stored.ciphertexts, sealed.ciphertexts);
}
