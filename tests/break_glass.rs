//! Break-glass access: the access configuration, who may change it, and emergency disclosures.

mod common;

use common::*;
use medshare_sdk::{
    addresses,
    events::{decode_events, MedshareEvent},
    instructions::{self, DisclosureAccounts},
    LocalChain,
};
use share_medical_records::{
    errors::MedshareError,
    state::{
        AccessConfig, ConsentChange, DisclosureBasis, DisclosureStatus, EmergencyJustification,
        FieldSet, PurposeOfUse,
    },
    DisclosureRequest,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;

async fn config(chain: &mut LocalChain) -> AccessConfig {
    chain
        .anchor_account(addresses::access_config())
        .await
        .expect("access configuration")
}

/// A chain with a stored record, a registered emergency physician and a compliance officer
/// who holds the configuration's authority.
async fn hospital(listed: bool) -> (LocalChain, Person, Person, Keypair) {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    let physician = provider(&mut chain, "County ER").await;
    let officer = chain.funded_keypair(LAMPORTS).await.unwrap();
    let list = if listed {
        vec![physician.wallet.pubkey()]
    } else {
        vec![]
    };
    configure(&mut chain, &officer.pubkey(), list).await;
    (chain, patient, physician, officer)
}

#[tokio::test]
async fn the_configuration_is_created_once_by_the_deployment_authority() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let squatter = chain.funded_keypair(LAMPORTS).await.unwrap();
    let claim = instructions::initialize_access_config(
        &squatter.pubkey(),
        &squatter.pubkey(),
        vec![squatter.pubkey()],
    );
    let error = custom_error(chain.send(&[claim], &[&squatter]).await);
    assert_eq!(error, medshare_error(MedshareError::NotDeploymentAuthority));
    assert!(chain
        .account(addresses::access_config())
        .await
        .unwrap()
        .is_none());

    let officer = Keypair::new().pubkey();
    configure(&mut chain, &officer, vec![]).await;
    assert_eq!(config(&mut chain).await.authority, officer);
    let deployer = chain.deployer.insecure_clone();
    let again =
        instructions::initialize_access_config(&deployer.pubkey(), &deployer.pubkey(), vec![]);
    assert!(
        chain.send(&[again], &[&deployer]).await.is_err(),
        "created once"
    );
    assert_eq!(config(&mut chain).await.authority, officer);
}

#[tokio::test]
async fn only_the_authority_changes_the_configuration() {
    let (mut chain, _, physician, officer) = hospital(false).await;
    let update = instructions::update_access_config(
        &physician.wallet.pubkey(),
        vec![physician.wallet.pubkey()],
    );
    let error = custom_error(chain.send(&[update], &[&physician.wallet]).await);
    assert_eq!(error, medshare_error(MedshareError::NotConfigAuthority));
    let unchanged = config(&mut chain).await;
    assert_eq!(
        (unchanged.authority, unchanged.emergency_providers),
        (officer.pubkey(), vec![])
    );

    let duplicated = vec![physician.wallet.pubkey(); 2];
    let too_many: Vec<Pubkey> = (0..17).map(|_| Keypair::new().pubkey()).collect();
    for list in [duplicated, too_many] {
        let update = instructions::update_access_config(&officer.pubkey(), list);
        let error = custom_error(chain.send(&[update], &[&officer]).await);
        assert_eq!(error, medshare_error(MedshareError::InvalidEmergencyList));
    }

    let update =
        instructions::update_access_config(&officer.pubkey(), vec![physician.wallet.pubkey()]);
    chain.send(&[update], &[&officer]).await.unwrap();
    assert_eq!(
        config(&mut chain).await.emergency_providers,
        vec![physician.wallet.pubkey()]
    );
}

#[tokio::test]
async fn the_authority_is_handed_over_in_two_steps() {
    let (mut chain, _, physician, officer) = hospital(false).await;
    let successor = chain.funded_keypair(LAMPORTS).await.unwrap();
    let propose = |signer: &Keypair| {
        instructions::propose_config_authority(&signer.pubkey(), &successor.pubkey())
    };
    let error = custom_error(
        chain
            .send(&[propose(&physician.wallet)], &[&physician.wallet])
            .await,
    );
    assert_eq!(error, medshare_error(MedshareError::NotConfigAuthority));
    chain.send(&[propose(&officer)], &[&officer]).await.unwrap();
    let proposed = config(&mut chain).await;
    assert_eq!(
        (proposed.authority, proposed.pending_authority),
        (officer.pubkey(), Some(successor.pubkey()))
    );

    // Only the proposed key accepts; until it does, the authority is unchanged.
    let accept = |signer: &Keypair| instructions::accept_config_authority(&signer.pubkey());
    let error = custom_error(
        chain
            .send(&[accept(&physician.wallet)], &[&physician.wallet])
            .await,
    );
    assert_eq!(error, medshare_error(MedshareError::NotProposedAuthority));
    assert_eq!(config(&mut chain).await, proposed);
    let receipt = chain
        .send(&[accept(&successor)], &[&successor])
        .await
        .unwrap();
    assert!(matches!(
        decode_events(&receipt.logs).as_slice(),
        [MedshareEvent::AccessConfigChanged(event)] if event.authority == successor.pubkey()
    ));
    let handed_over = config(&mut chain).await;
    assert_eq!(
        (handed_over.authority, handed_over.pending_authority),
        (successor.pubkey(), None)
    );
    let stale = instructions::update_access_config(&officer.pubkey(), vec![]);
    let error = custom_error(chain.send(&[stale], &[&officer]).await);
    assert_eq!(error, medshare_error(MedshareError::NotConfigAuthority));
    let again = custom_error(send_anew(&mut chain, &[accept(&successor)], &successor).await);
    assert_eq!(again, medshare_error(MedshareError::NotProposedAuthority));
}

#[tokio::test]
async fn break_glass_without_the_role_is_refused() {
    let (mut chain, patient, physician, _) = hospital(false).await;
    let error = custom_error(emergency(&mut chain, &physician, &patient, 9).await);
    assert_eq!(error, medshare_error(MedshareError::NotEmergencyProvider));

    let without_profile = DisclosureAccounts {
        requester: physician.wallet.pubkey(),
        record: addresses::record(&patient.wallet.pubkey()),
        provider: None,
        grant: None,
        access_config: Some(addresses::access_config()),
    };
    let request = DisclosureRequest::Emergency {
        justification: EmergencyJustification::LifeThreatening,
    };
    let error =
        custom_error(request_with(&mut chain, &physician, without_profile, 9, request).await);
    assert_eq!(error, medshare_error(MedshareError::ProviderProfileMissing));
    assert_eq!(chain.queued().count(), 0);
    assert!(chain
        .account(addresses::receipt(9))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_listed_provider_gets_the_emergency_fields_and_the_patient_sees_it() {
    let (mut chain, patient, physician, _) = hospital(true).await;
    let queued = emergency(&mut chain, &physician, &patient, 9)
        .await
        .unwrap();
    let events: [MedshareEvent; 1] = decode_events(&queued.logs).try_into().unwrap();
    let [MedshareEvent::DisclosureQueued(event)] = events else {
        panic!("one DisclosureQueued event");
    };
    assert_eq!(event.patient, patient.wallet.pubkey());
    assert_eq!(
        event.basis,
        DisclosureBasis::Emergency(EmergencyJustification::PatientUnresponsive)
    );

    let (_, delivery) = chain.deliver(9).await.unwrap();
    let (shared, opened) = delivered_to(&chain, &delivery, &physician);
    let summary = example_summary();
    assert_eq!(shared.fields, FieldSet::EMERGENCY);
    assert_eq!(opened, summary.restricted_to(FieldSet::EMERGENCY));
    assert_eq!(
        (
            opened.blood_type,
            &opened.allergies,
            &opened.conditions,
            &opened.medications
        ),
        (
            summary.blood_type,
            &summary.allergies,
            &summary.conditions,
            &summary.medications
        )
    );
    assert_eq!(
        (opened.birth_date, opened.weight_dag),
        (None, 0),
        "demographics and vitals withheld"
    );
    assert_eq!(
        decrypted_elements(&chain, &shared, &physician),
        packed(&summary.restricted_to(FieldSet::EMERGENCY))
    );

    let receipt = disclosure(&mut chain, 9).await;
    assert_eq!(receipt.status, DisclosureStatus::Delivered);
    assert_eq!(receipt.purpose, PurposeOfUse::Emergency);
    assert_eq!(
        receipt.basis,
        DisclosureBasis::Emergency(EmergencyJustification::PatientUnresponsive)
    );
    assert_eq!(receipt.provider, physician.wallet.pubkey());
}

#[tokio::test]
async fn removal_from_the_list_in_flight_is_recorded_with_the_delivery() {
    let (mut chain, patient, physician, officer) = hospital(true).await;
    emergency(&mut chain, &physician, &patient, 9)
        .await
        .unwrap();
    let remove = instructions::update_access_config(&officer.pubkey(), vec![]);
    chain.send(&[remove], &[&officer]).await.unwrap();

    let (_, delivery) = chain.deliver(9).await.unwrap();
    let [delivered] = shared_events(&delivery).try_into().unwrap();
    let withdrawn = ConsentChange::EmergencyAccessWithdrawn;
    assert_eq!(delivered.consent_changed, Some(withdrawn));
    assert_eq!(
        disclosure(&mut chain, 9).await.status,
        DisclosureStatus::DeliveredAfter(withdrawn)
    );
}
