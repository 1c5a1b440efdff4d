//! Consent: provider profiles, grants by field set, provider pulls, narrowing and revocation,
//! including changes that land while a disclosure is in flight. Every refusal names its error and
//! changes nothing.

mod common;

use common::*;
use medshare_sdk::{
    addresses,
    events::{decode_events, MedshareEvent},
    instructions::{self, DisclosureAccounts},
    record::open_delivery,
    LocalChain, SecretKey,
};
use share_medical_records::{
    errors::MedshareError,
    state::{
        ConsentChange, DisclosureBasis, DisclosureStatus, DisclosureSubject, FieldSet, PurposeOfUse,
    },
    DisclosureRequest,
};
use solana_signer::Signer;

/// A chain with a patient's stored record and a registered provider.
async fn clinic() -> (LocalChain, Person, Person) {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    let doctor = provider(&mut chain, "Dr. Ada Okafor").await;
    (chain, patient, doctor)
}

async fn nothing_queued_at(chain: &mut LocalChain, offset: u64) {
    assert_eq!(chain.queued().count(), 0, "nothing was queued");
    assert!(
        chain
            .account(addresses::receipt(offset))
            .await
            .unwrap()
            .is_none(),
        "no receipt was opened"
    );
}

#[tokio::test]
async fn a_provider_publishes_a_profile_and_rotates_its_key() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let doctor = person(&mut chain).await;
    let wallet = doctor.wallet.pubkey();
    let receipt = chain
        .send(
            &[instructions::register_provider(
                &wallet,
                doctor.key.public_key(),
                "St. Luke's Cardiology",
                "1234567893",
            )],
            &[&doctor.wallet],
        )
        .await
        .unwrap();
    assert!(matches!(
        decode_events(&receipt.logs).as_slice(),
        [MedshareEvent::ProviderRegistered(event)] if event.provider == wallet && event.name == "St. Luke's Cardiology"
    ));
    let registered = profile(&mut chain, &doctor).await;
    assert_eq!(
        (
            registered.wallet,
            registered.encryption_key,
            registered.key_version
        ),
        (wallet, doctor.key.public_key(), 1)
    );
    assert_eq!(registered.identifier, "1234567893");

    let new_key = SecretKey::generate().public_key();
    chain
        .send(
            &[instructions::rotate_provider_key(&wallet, &wallet, new_key)],
            &[&doctor.wallet],
        )
        .await
        .unwrap();
    let rotated = profile(&mut chain, &doctor).await;
    assert_eq!((rotated.encryption_key, rotated.key_version), (new_key, 2));

    let again = instructions::rotate_provider_key(&wallet, &wallet, new_key);
    let error = custom_error(send_anew(&mut chain, &[again], &doctor.wallet).await);
    assert_eq!(error, medshare_error(MedshareError::KeyUnchanged));
}

#[tokio::test]
async fn a_profile_needs_a_key_a_name_and_an_identifier() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let doctor = person(&mut chain).await;
    let wallet = doctor.wallet.pubkey();
    let key = doctor.key.public_key();
    let long_name = "n".repeat(65);
    let long_identifier = "9".repeat(33);
    let cases = [
        ([0u8; 32], "Name", "1", MedshareError::SmallOrderKey),
        (key, "", "1", MedshareError::InvalidProviderName),
        (
            key,
            long_name.as_str(),
            "1",
            MedshareError::InvalidProviderName,
        ),
        (key, "Name", "", MedshareError::InvalidProviderIdentifier),
        (
            key,
            "Name",
            long_identifier.as_str(),
            MedshareError::InvalidProviderIdentifier,
        ),
    ];
    for (key, name, identifier, expected) in cases {
        let register = instructions::register_provider(&wallet, key, name, identifier);
        let error = custom_error(chain.send(&[register], &[&doctor.wallet]).await);
        assert_eq!(error, medshare_error(expected), "{name:?} {identifier:?}");
    }
    assert!(chain
        .account(addresses::provider(&wallet))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn only_the_provider_rotates_its_key() {
    let (mut chain, patient, doctor) = clinic().await;
    let stolen = instructions::rotate_provider_key(
        &patient.wallet.pubkey(),
        &doctor.wallet.pubkey(),
        SecretKey::generate().public_key(),
    );
    let error = custom_error(chain.send(&[stolen], &[&patient.wallet]).await);
    assert_eq!(error, medshare_error(MedshareError::NotProviderWallet));
    assert_eq!(
        profile(&mut chain, &doctor).await.encryption_key,
        doctor.key.public_key()
    );
}

#[tokio::test]
async fn a_provider_pulls_only_the_granted_fields_without_the_patients_signature() {
    let (mut chain, patient, doctor) = clinic().await;
    let fields = FieldSet(FieldSet::ALLERGIES.0 | FieldSet::MEDICATIONS.0);
    let issued = grant(&mut chain, &patient, &doctor, fields, HOUR)
        .await
        .unwrap();
    assert!(matches!(
        decode_events(&issued.logs).as_slice(),
        [MedshareEvent::GrantIssued(event)] if event.fields == fields && event.purpose == PurposeOfUse::Treatment
    ));

    let queued = request(&mut chain, &doctor, &patient, 5).await.unwrap();
    assert!(matches!(
        decode_events(&queued.logs).as_slice(),
        [MedshareEvent::DisclosureQueued(event)] if event.fields == fields && event.requester == doctor.wallet.pubkey()
    ));
    let (_, delivery) = chain.deliver(5).await.unwrap();
    let (shared, opened) = delivered_to(&chain, &delivery, &doctor);
    assert_eq!(shared.fields, fields);
    let summary = example_summary();
    assert_eq!(opened, summary.restricted_to(fields));
    assert_eq!(opened.allergies, summary.allergies);
    assert_eq!(opened.medications, summary.medications);
    // Bit for bit, the withheld fields decrypt to zeros: no value of theirs left the cluster.
    assert_eq!(
        decrypted_elements(&chain, &shared, &doctor),
        packed(&summary.restricted_to(fields))
    );
    assert_ne!(packed(&summary.restricted_to(fields)), packed(&summary));

    let receipt = disclosure(&mut chain, 5).await;
    assert_eq!(receipt.status, DisclosureStatus::Delivered);
    assert_eq!(
        (receipt.patient, receipt.provider, receipt.requester),
        (
            patient.wallet.pubkey(),
            doctor.wallet.pubkey(),
            doctor.wallet.pubkey()
        )
    );
    assert_eq!(
        (receipt.fields, receipt.purpose, receipt.basis),
        (
            fields,
            PurposeOfUse::Treatment,
            DisclosureBasis::Grant(grant_address(&patient, &doctor))
        )
    );
    assert_eq!(
        (receipt.recipient_key, receipt.subject),
        (
            doctor.key.public_key(),
            DisclosureSubject::Record { version: 1 }
        )
    );
}

#[tokio::test]
async fn a_request_without_a_grant_is_refused() {
    let (mut chain, patient, doctor) = clinic().await;
    let error = custom_error(request(&mut chain, &doctor, &patient, 5).await);
    assert_eq!(error, ACCOUNT_NOT_INITIALIZED);

    let accounts = DisclosureAccounts {
        requester: doctor.wallet.pubkey(),
        record: addresses::record(&patient.wallet.pubkey()),
        provider: Some(addresses::provider(&doctor.wallet.pubkey())),
        grant: None,
        access_config: None,
    };
    let error = custom_error(
        request_with(&mut chain, &doctor, accounts, 5, DisclosureRequest::Grant).await,
    );
    assert_eq!(error, medshare_error(MedshareError::GrantMissing));
    nothing_queued_at(&mut chain, 5).await;
}

#[tokio::test]
async fn a_revoked_grant_serves_no_request() {
    let (mut chain, patient, doctor) = clinic().await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    let revoke =
        instructions::revoke_grant(&patient.wallet.pubkey(), &grant_address(&patient, &doctor));
    let revoked = chain.send(&[revoke], &[&patient.wallet]).await.unwrap();
    assert!(matches!(
        decode_events(&revoked.logs).as_slice(),
        [MedshareEvent::GrantRevoked(_)]
    ));
    let error = custom_error(request(&mut chain, &doctor, &patient, 5).await);
    assert_eq!(error, medshare_error(MedshareError::GrantRevoked));
    nothing_queued_at(&mut chain, 5).await;

    // Revoking twice is an error, not a silent success.
    let again =
        instructions::revoke_grant(&patient.wallet.pubkey(), &grant_address(&patient, &doctor));
    let error = custom_error(send_anew(&mut chain, &[again], &patient.wallet).await);
    assert_eq!(error, medshare_error(MedshareError::GrantRevoked));

    // A new grant is a new consent.
    grant(&mut chain, &patient, &doctor, FieldSet::VITALS, HOUR)
        .await
        .unwrap();
    request(&mut chain, &doctor, &patient, 6).await.unwrap();
    let (_, delivery) = chain.deliver(6).await.unwrap();
    let (shared, opened) = delivered_to(&chain, &delivery, &doctor);
    assert_eq!(shared.fields, FieldSet::VITALS);
    assert_eq!(opened, example_summary().restricted_to(FieldSet::VITALS));
}

#[tokio::test]
async fn an_expired_grant_serves_no_request() {
    let (mut chain, patient, doctor) = clinic().await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    chain.advance_clock(HOUR).await.unwrap();
    let error = custom_error(request(&mut chain, &doctor, &patient, 5).await);
    assert_eq!(error, medshare_error(MedshareError::GrantExpired));
    nothing_queued_at(&mut chain, 5).await;
}

#[tokio::test]
async fn a_grant_serves_only_its_provider_and_its_patients_record() {
    let (mut chain, patient, doctor) = clinic().await;
    let other_doctor = provider(&mut chain, "Dr. Lee").await;
    let other_patient = person(&mut chain).await;
    store(&mut chain, &other_patient, &example_summary(), 1).await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();

    // Each case presents the doctor's grant from the patient in a way it does not serve:
    // (who asks, whose record, whose profile, the refusal).
    let cases = [
        // another provider borrowing the grant
        (
            &other_doctor,
            &patient,
            &other_doctor,
            MedshareError::GrantNotForProvider,
        ),
        // the doctor applying it to another patient's record
        (
            &doctor,
            &other_patient,
            &doctor,
            MedshareError::GrantNotForRecord,
        ),
        // another provider posing as the doctor, to receive at the doctor's key
        (
            &other_doctor,
            &patient,
            &doctor,
            MedshareError::NotProviderWallet,
        ),
    ];
    for (requester, owner, profile_owner, expected) in cases {
        let accounts = DisclosureAccounts {
            requester: requester.wallet.pubkey(),
            record: addresses::record(&owner.wallet.pubkey()),
            provider: Some(addresses::provider(&profile_owner.wallet.pubkey())),
            grant: Some(grant_address(&patient, &doctor)),
            access_config: None,
        };
        let result = request_with(&mut chain, requester, accounts, 5, DisclosureRequest::Grant);
        assert_eq!(custom_error(result.await), medshare_error(expected));
    }
    nothing_queued_at(&mut chain, 5).await;
}

#[tokio::test]
async fn a_grant_needs_known_fields_a_future_expiry_and_a_registered_provider() {
    let (mut chain, patient, doctor) = clinic().await;
    // Eligibility (128) comes alone and with an allowance: grant_access refuses it with fields
    // (here) or alone (tests/eligibility.rs).
    for fields in [FieldSet(0), FieldSet(128 | 16), FieldSet(0xff)] {
        let error = custom_error(grant(&mut chain, &patient, &doctor, fields, HOUR).await);
        assert_eq!(
            error,
            medshare_error(MedshareError::InvalidFieldSet),
            "{fields:?}"
        );
    }
    for lasting in [0, -HOUR] {
        let error =
            custom_error(grant(&mut chain, &patient, &doctor, FieldSet::ALL, lasting).await);
        assert_eq!(error, medshare_error(MedshareError::ExpiryNotInFuture));
    }
    let unregistered = person(&mut chain).await;
    let error = custom_error(grant(&mut chain, &patient, &unregistered, FieldSet::ALL, HOUR).await);
    assert_eq!(error, ACCOUNT_NOT_INITIALIZED);
    for provider in [&doctor, &unregistered] {
        assert!(chain
            .account(grant_address(&patient, provider))
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn a_grant_only_narrows_and_only_its_patient_changes_it() {
    let (mut chain, patient, doctor) = clinic().await;
    let stranger = person(&mut chain).await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    let address = grant_address(&patient, &doctor);
    let before = grant_account(&mut chain, &patient, &doctor).await;

    for change in [
        instructions::narrow_grant(
            &stranger.wallet.pubkey(),
            &address,
            FieldSet::VITALS,
            before.expires_at,
        ),
        instructions::revoke_grant(&stranger.wallet.pubkey(), &address),
    ] {
        let error = custom_error(chain.send(&[change], &[&stranger.wallet]).await);
        assert_eq!(error, medshare_error(MedshareError::NotRecordOwner));
    }
    let narrow = |fields, expires_at| {
        instructions::narrow_grant(&patient.wallet.pubkey(), &address, fields, expires_at)
    };
    let cases = [
        (
            narrow(FieldSet::ALL, before.expires_at + 1),
            MedshareError::NotANarrowing,
        ),
        (
            narrow(FieldSet(0), before.expires_at),
            MedshareError::InvalidFieldSet,
        ),
        (
            narrow(FieldSet::VITALS, before.issued_at),
            MedshareError::ExpiryNotInFuture,
        ),
    ];
    for (change, expected) in cases {
        let error = custom_error(chain.send(&[change], &[&patient.wallet]).await);
        assert_eq!(error, medshare_error(expected));
    }
    assert_eq!(grant_account(&mut chain, &patient, &doctor).await, before);

    let narrowed = chain
        .send(
            &[narrow(FieldSet::VITALS, before.expires_at - 60)],
            &[&patient.wallet],
        )
        .await
        .unwrap();
    assert!(matches!(
        decode_events(&narrowed.logs).as_slice(),
        [MedshareEvent::GrantNarrowed(event)] if event.fields == FieldSet::VITALS
    ));
    let widen = narrow(
        FieldSet(FieldSet::VITALS.0 | FieldSet::ALLERGIES.0),
        before.expires_at - 60,
    );
    let error = custom_error(chain.send(&[widen], &[&patient.wallet]).await);
    assert_eq!(error, medshare_error(MedshareError::NotANarrowing));

    request(&mut chain, &doctor, &patient, 5).await.unwrap();
    let (_, delivery) = chain.deliver(5).await.unwrap();
    let (_, opened) = delivered_to(&chain, &delivery, &doctor);
    assert_eq!(opened, example_summary().restricted_to(FieldSet::VITALS));
}

/// Consent that changes between queue and callback does not undo the disclosure: the signed
/// output is public in the callback transaction. The receipt and the event record it as made,
/// with the change, and the provider decrypts what was delivered.
async fn delivered_after_a_change(
    change: impl AsyncFnOnce(&mut LocalChain, &Person, &Person),
) -> ConsentChange {
    let (mut chain, patient, doctor) = clinic().await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    request(&mut chain, &doctor, &patient, 5).await.unwrap();
    change(&mut chain, &patient, &doctor).await;

    let (_, delivery) = chain.deliver(5).await.unwrap();
    let [delivered] = shared_events(&delivery)
        .try_into()
        .expect("one RecordDisclosed event");
    let change = delivered.consent_changed.expect("the change is stated");
    let receipt = disclosure(&mut chain, 5).await;
    assert_eq!(receipt.status, DisclosureStatus::DeliveredAfter(change));
    assert_eq!(
        (delivered.patient, delivered.provider),
        (patient.wallet.pubkey(), doctor.wallet.pubkey())
    );
    change
}

#[tokio::test]
async fn revocation_in_flight_is_recorded_with_the_delivery() {
    let change = delivered_after_a_change(
        async |chain: &mut LocalChain, patient: &Person, doctor: &Person| {
            let revoke = instructions::revoke_grant(
                &patient.wallet.pubkey(),
                &grant_address(patient, doctor),
            );
            chain.send(&[revoke], &[&patient.wallet]).await.unwrap();
        },
    )
    .await;
    assert_eq!(change, ConsentChange::GrantRevoked);
}

#[tokio::test]
async fn expiry_in_flight_is_recorded_with_the_delivery() {
    let change =
        delivered_after_a_change(async |chain: &mut LocalChain, _: &Person, _: &Person| {
            chain.advance_clock(HOUR).await.unwrap();
        })
        .await;
    assert_eq!(change, ConsentChange::GrantExpired);
}

#[tokio::test]
async fn narrowing_in_flight_is_recorded_with_the_delivery() {
    let change = delivered_after_a_change(
        async |chain: &mut LocalChain, patient: &Person, doctor: &Person| {
            let expires_at = grant_account(chain, patient, doctor).await.expires_at;
            let narrow = instructions::narrow_grant(
                &patient.wallet.pubkey(),
                &grant_address(patient, doctor),
                FieldSet::ALLERGIES,
                expires_at,
            );
            chain.send(&[narrow], &[&patient.wallet]).await.unwrap();
        },
    )
    .await;
    assert_eq!(change, ConsentChange::GrantNarrowed);
}

#[tokio::test]
async fn a_provider_key_rotation_in_flight_is_recorded_with_the_delivery() {
    let change = delivered_after_a_change(
        async |chain: &mut LocalChain, _: &Person, doctor: &Person| {
            let wallet = doctor.wallet.pubkey();
            let rotate = instructions::rotate_provider_key(
                &wallet,
                &wallet,
                SecretKey::generate().public_key(),
            );
            chain.send(&[rotate], &[&doctor.wallet]).await.unwrap();
        },
    )
    .await;
    assert_eq!(change, ConsentChange::ProviderKeyRotated);
}

#[tokio::test]
async fn after_a_key_rotation_the_provider_receives_under_its_new_key() {
    let (mut chain, patient, doctor) = clinic().await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    let rotated = Person {
        wallet: doctor.wallet.insecure_clone(),
        key: SecretKey::generate(),
    };
    let wallet = doctor.wallet.pubkey();
    chain
        .send(
            &[instructions::rotate_provider_key(
                &wallet,
                &wallet,
                rotated.key.public_key(),
            )],
            &[&doctor.wallet],
        )
        .await
        .unwrap();

    request(&mut chain, &rotated, &patient, 5).await.unwrap();
    let (_, delivery) = chain.deliver(5).await.unwrap();
    let (shared, opened) = delivered_to(&chain, &delivery, &rotated);
    assert_eq!(shared.recipient_key, rotated.key.public_key());
    assert_eq!(opened, example_summary());
    assert_ne!(
        open_delivery(
            &shared.ciphertexts,
            shared.output_nonce,
            &doctor.key,
            &chain.mxe_public_key()
        )
        .ok(),
        Some(example_summary()),
        "the retired key cannot read it"
    );
}
