//! Consent integrity against an attacker with a wallet and the public ledger: a changed grant
//! does not revive a request queued under its earlier terms, deployment is not first come first
//! served, nobody can block a computation offset by funding its addresses, and no counter wraps.

mod common;

use anchor_lang::solana_program::bpf_loader_upgradeable::UpgradeableLoaderState;
use anchor_lang::{AccountDeserialize, AccountSerialize};
use arcium_client::{idl::arcium::accounts::MXEAccount, pda};
use common::*;
use medshare_sdk::{addresses, embedded, instructions, LocalChain};
use share_medical_records::{
    errors::MedshareError,
    state::{
        ConsentChange, DisclosureStatus, FieldSet, Grant, PatientRecord, ProviderProfile,
        PurposeOfUse,
    },
};
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;

/// The patient issues the grant again, now for research only.
async fn reissue_for_research(chain: &mut LocalChain, patient: &Person, doctor: &Person) {
    let expires_at = chain.now().await.unwrap() + HOUR;
    let reissue = instructions::grant_access(
        &patient.wallet.pubkey(),
        &doctor.wallet.pubkey(),
        FieldSet::ALL,
        PurposeOfUse::Research,
        expires_at,
    );
    send_anew(chain, &[reissue], &patient.wallet).await.unwrap();
}

/// The request queued under the first grant is delivered (its output is public in the
/// callback), but its receipt must say the consent changed and keep the first purpose.
async fn assert_not_revived(chain: &mut LocalChain, offset: u64) {
    chain.deliver(offset).await.unwrap();
    let receipt = disclosure(chain, offset).await;
    assert!(
        matches!(receipt.status, DisclosureStatus::DeliveredAfter(_)),
        "a grant changed and issued again must not revive the earlier request: {:?}",
        receipt.status
    );
    assert_eq!(receipt.purpose, PurposeOfUse::Treatment);
}

#[tokio::test]
async fn revoking_and_granting_again_does_not_revive_a_queued_request() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    let revoke =
        instructions::revoke_grant(&patient.wallet.pubkey(), &grant_address(&patient, &doctor));
    chain.send(&[revoke], &[&patient.wallet]).await.unwrap();
    reissue_for_research(&mut chain, &patient, &doctor).await;
    assert_not_revived(&mut chain, 1).await;
}

#[tokio::test]
async fn narrowing_and_granting_again_does_not_revive_a_queued_request() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    let expires_at = chain.now().await.unwrap() + HOUR / 2;
    let narrow = instructions::narrow_grant(
        &patient.wallet.pubkey(),
        &grant_address(&patient, &doctor),
        FieldSet::DEMOGRAPHICS,
        expires_at,
    );
    chain.send(&[narrow], &[&patient.wallet]).await.unwrap();
    reissue_for_research(&mut chain, &patient, &doctor).await;
    assert_not_revived(&mut chain, 1).await;
}

#[tokio::test]
async fn expiry_and_granting_again_does_not_revive_a_queued_request() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    chain.advance_clock(2 * HOUR).await.unwrap();
    reissue_for_research(&mut chain, &patient, &doctor).await;
    assert_not_revived(&mut chain, 1).await;
}

/// A chain whose MXE was deployed without an authority, before any circuit is registered.
async fn chain_without_mxe_authority() -> LocalChain {
    let mut chain = embedded::undeployed_with(|_| {}).await;
    let address = pda::mxe_acc(&share_medical_records::ID);
    stage(&mut chain, address, |mxe: &mut MXEAccount| {
        mxe.authority = None
    })
    .await;
    chain
}

#[tokio::test]
async fn a_stranger_cannot_claim_the_access_configuration_of_an_mxe_without_authority() {
    let mut chain = chain_without_mxe_authority().await;
    let stranger = person(&mut chain).await;
    let claim = instructions::initialize_access_config(
        &stranger.wallet.pubkey(),
        &stranger.wallet.pubkey(),
        vec![stranger.wallet.pubkey()],
    );
    let refused = chain.send(&[claim], &[&stranger.wallet]).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::NotDeploymentAuthority)
    );
    configure(&mut chain, &stranger.wallet.pubkey(), vec![]).await;
}

#[tokio::test]
async fn a_stranger_cannot_register_a_circuit_of_an_mxe_without_authority() {
    let mut chain = chain_without_mxe_authority().await;
    let stranger = person(&mut chain).await;
    let register = instructions::init_disclose_record_comp_def(
        &stranger.wallet.pubkey(),
        "https://dead.invalid/disclose_record.arcis",
        0,
    );
    let refused = chain.send(&[register], &[&stranger.wallet]).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::NotDeploymentAuthority)
    );
    embedded::deploy(&mut chain).await.unwrap();
}

#[tokio::test]
async fn funding_the_addresses_of_an_offset_does_not_block_it() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    let offset = 7;
    let computation = pda::computation_acc(arcium_local::genesis::CLUSTER_OFFSET, offset);
    for address in [computation, addresses::receipt(offset)] {
        chain.airdrop(address, 1_000_000).await.unwrap();
    }
    request(&mut chain, &doctor, &patient, offset)
        .await
        .unwrap();
    chain.deliver(offset).await.unwrap();
    assert_eq!(
        disclosure(&mut chain, offset).await.status,
        DisclosureStatus::Delivered
    );
}

#[tokio::test]
async fn taking_a_provider_off_the_list_and_back_does_not_revive_a_queued_break_glass_request() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    let officer = chain.funded_keypair(LAMPORTS).await.unwrap();
    let listed = vec![doctor.wallet.pubkey()];
    configure(&mut chain, &officer.pubkey(), listed.clone()).await;
    emergency(&mut chain, &doctor, &patient, 1).await.unwrap();
    for list in [vec![], listed] {
        let update = instructions::update_access_config(&officer.pubkey(), list);
        chain.send(&[update], &[&officer]).await.unwrap();
    }
    chain.deliver(1).await.unwrap();
    assert_eq!(
        disclosure(&mut chain, 1).await.status,
        DisclosureStatus::DeliveredAfter(ConsentChange::EmergencyListChanged)
    );
}

/// Rewrites the Anchor account at `address` through `change`, as a long history would leave it.
async fn stage<T: AccountDeserialize + AccountSerialize>(
    chain: &mut LocalChain,
    address: Pubkey,
    change: impl FnOnce(&mut T),
) {
    let mut account = chain.account(address).await.unwrap().expect("the account");
    let mut value = T::try_deserialize(&mut &account.data[..]).unwrap();
    change(&mut value);
    let mut data = Vec::new();
    value.try_serialize(&mut data).unwrap();
    account.data[..data.len()].copy_from_slice(&data);
    chain.set_account(address, &account);
}

#[tokio::test]
async fn counters_at_their_limit_fail_by_name_and_change_nothing() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    let record_address = addresses::record(&patient.wallet.pubkey());
    stage(&mut chain, record_address, |record: &mut PatientRecord| {
        record.version = u64::MAX
    })
    .await;
    let fresh_nonce = record(&mut chain, &patient.wallet).await.nonce + 1;
    let sealed = seal(&chain, &patient, &example_summary(), fresh_nonce);
    let refused = update(&mut chain, &patient, &sealed).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::VersionExhausted)
    );
    assert_eq!(record(&mut chain, &patient.wallet).await.version, u64::MAX);

    let grant = grant_address(&patient, &doctor);
    stage(&mut chain, grant, |grant: &mut Grant| {
        grant.generation = u64::MAX
    })
    .await;
    let revoke = instructions::revoke_grant(&patient.wallet.pubkey(), &grant);
    let refused = chain.send(&[revoke], &[&patient.wallet]).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::GenerationExhausted)
    );
    assert_eq!(
        grant_account(&mut chain, &patient, &doctor)
            .await
            .revoked_at,
        None
    );

    let profile = addresses::provider(&doctor.wallet.pubkey());
    stage(&mut chain, profile, |profile: &mut ProviderProfile| {
        profile.key_version = u32::MAX
    })
    .await;
    let key = medshare_sdk::SecretKey::generate().public_key();
    let rotate =
        instructions::rotate_provider_key(&doctor.wallet.pubkey(), &doctor.wallet.pubkey(), key);
    let refused = chain.send(&[rotate], &[&doctor.wallet]).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::KeyVersionExhausted)
    );

    stage(&mut chain, grant, |grant: &mut Grant| {
        grant.in_flight = u32::MAX
    })
    .await;
    let refused = request(&mut chain, &doctor, &patient, 1).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::TooManyRequestsInFlight)
    );
    assert_eq!(chain.queued().count(), 0);
}

#[tokio::test]
async fn a_deployment_with_neither_authority_cannot_be_set_up_by_anyone() {
    let mut chain = chain_without_mxe_authority().await;
    let address = addresses::program_data();
    let mut account = chain.account(address).await.unwrap().expect("ProgramData");
    let immutable = UpgradeableLoaderState::ProgramData {
        slot: 0,
        upgrade_authority_address: None,
    };
    let data = bincode::serialize(&immutable).unwrap();
    account.data[..data.len()].copy_from_slice(&data);
    chain.set_account(address, &account);

    let deployer = chain.deployer.insecure_clone();
    for instruction in [
        instructions::initialize_access_config(&deployer.pubkey(), &deployer.pubkey(), vec![]),
        instructions::init_disclose_record_comp_def(&deployer.pubkey(), "file://x", 0),
    ] {
        let refused = send_anew(&mut chain, &[instruction], &deployer).await;
        assert_eq!(
            custom_error(refused),
            medshare_error(MedshareError::NotDeploymentAuthority)
        );
    }
}
