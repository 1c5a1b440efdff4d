//! Accounts that end and computations that never come back: closing a record, a grant or a
//! provider profile, and closing out a disclosure or a key rotation the cluster dropped. Every
//! closing is refused to the wrong signer and leaves the accounting in place.

mod common;

use anchor_lang::{InstructionData, ToAccountMetas};
use common::*;
use medshare_sdk::{
    addresses,
    client::{Client, ClientError},
    connection::EmbeddedConnection,
    events::{decode_events, MedshareEvent},
    instructions, ChainError, LocalChain, SecretKey,
};
use share_medical_records::{
    accounts,
    errors::MedshareError,
    instruction,
    state::{ConsentChange, DisclosureStatus, Grant, KeyRotation, RotationStatus},
};
use solana_program::instruction::Instruction;
use solana_signer::Signer;

/// Arcium's errors for a reclaim by someone other than the payer, and before expiry.
const ARCIUM_INVALID_AUTHORITY: u32 = 6000;
const ARCIUM_COMPUTATION_NOT_EXPIRED: u32 = 6210;
/// Slots a queued computation waits in the local cluster's mempool.
const MEMPOOL_LIFETIME_SLOTS: u64 = arcium_local::program::reclaim::MEMPOOL_LIFETIME_SLOTS;

/// `signer` sends the instruction `data` over `accounts`, naming someone else's account; the
/// program refuses it with error `code` and nothing changes.
async fn refused_to(
    chain: &mut LocalChain,
    signer: &Person,
    accounts: impl ToAccountMetas,
    data: impl InstructionData,
    code: u32,
) {
    let forged = Instruction {
        program_id: share_medical_records::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    };
    let refused = chain.send(&[forged], &[&signer.wallet]).await;
    assert_eq!(custom_error(refused), code);
}

async fn revoke(chain: &mut LocalChain, patient: &Person, doctor: &Person) {
    let revoke =
        instructions::revoke_grant(&patient.wallet.pubkey(), &grant_address(patient, doctor));
    chain.send(&[revoke], &[&patient.wallet]).await.unwrap();
}

async fn close_grant(
    chain: &mut LocalChain,
    patient: &Person,
    doctor: &Person,
) -> Result<medshare_sdk::Receipt, ChainError> {
    let close =
        instructions::close_grant(&patient.wallet.pubkey(), &grant_address(patient, doctor));
    send_anew(chain, &[close], &patient.wallet).await
}

/// Sends `instruction`, which needs no signature, paid by a new wallet: anyone may.
async fn anyone_sends(
    chain: &mut LocalChain,
    instruction: Instruction,
) -> Result<medshare_sdk::Receipt, ChainError> {
    let anyone = chain.funded_keypair(LAMPORTS / 100).await?;
    chain.send(&[instruction], &[&anyone]).await
}

fn events(receipt: &medshare_sdk::Receipt) -> Vec<MedshareEvent> {
    decode_events(&receipt.logs)
}

#[tokio::test]
async fn a_patient_closes_their_record_after_their_grants_and_the_receipts_stay() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    chain.deliver(1).await.unwrap();

    let close = instructions::close_record(&patient.wallet.pubkey());
    let refused = chain.send(&[close.clone()], &[&patient.wallet]).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::GrantsOutstanding)
    );
    let stranger = person(&mut chain).await;
    let someone_elses = accounts::CloseRecord {
        owner: stranger.wallet.pubkey(),
        record: addresses::record(&patient.wallet.pubkey()),
    };
    let not_owner = medshare_error(MedshareError::NotRecordOwner);
    refused_to(
        &mut chain,
        &stranger,
        someone_elses,
        instruction::CloseRecord {},
        not_owner,
    )
    .await;

    revoke(&mut chain, &patient, &doctor).await;
    close_grant(&mut chain, &patient, &doctor).await.unwrap();
    let record_address = addresses::record(&patient.wallet.pubkey());
    let rent = chain
        .account(record_address)
        .await
        .unwrap()
        .unwrap()
        .lamports;
    let before = chain
        .account(patient.wallet.pubkey())
        .await
        .unwrap()
        .unwrap()
        .lamports;
    let receipt = send_anew(&mut chain, &[close], &patient.wallet)
        .await
        .unwrap();
    assert!(matches!(
        events(&receipt).as_slice(),
        [MedshareEvent::RecordClosed(closed)] if closed.patient == patient.wallet.pubkey()
    ));
    assert!(chain.account(record_address).await.unwrap().is_none());
    let after = chain
        .account(patient.wallet.pubkey())
        .await
        .unwrap()
        .unwrap()
        .lamports;
    assert_eq!(after, before + rent, "the rent comes back to the patient");
    assert_eq!(
        disclosure(&mut chain, 1).await.status,
        DisclosureStatus::Delivered,
        "the accounting outlives the record"
    );

    // A new record starts without grants: the doctor's earlier consent is gone with the old one.
    store(&mut chain, &patient, &example_summary(), 2).await;
    assert!(request(&mut chain, &doctor, &patient, 2).await.is_err());
    assert_eq!(chain.queued().count(), 0);
}

#[tokio::test]
async fn a_record_waiting_for_a_key_rotation_cannot_be_closed() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let stored = store(&mut chain, &patient, &example_summary(), 1).await;
    rotate(&mut chain, &patient, 4, &SecretKey::generate())
        .await
        .unwrap();
    let close = instructions::close_record(&patient.wallet.pubkey());
    let refused = chain.send(&[close], &[&patient.wallet]).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::RotationPending)
    );
    let kept = record(&mut chain, &patient.wallet).await;
    assert_eq!(kept.ciphertexts, stored.ciphertexts);
}

#[tokio::test]
async fn only_an_ended_grant_no_request_waits_on_can_be_closed_and_only_by_its_patient() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    let refused = close_grant(&mut chain, &patient, &doctor).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::GrantStillActive)
    );

    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    revoke(&mut chain, &patient, &doctor).await;
    let refused = close_grant(&mut chain, &patient, &doctor).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::GrantInUse)
    );
    // The doctor names the patient's record and grant: the record is not the signer's.
    let someone_elses = accounts::CloseGrant {
        patient: doctor.wallet.pubkey(),
        record: addresses::record(&patient.wallet.pubkey()),
        grant: grant_address(&patient, &doctor),
    };
    let not_signers_record = CONSTRAINT_SEEDS;
    refused_to(
        &mut chain,
        &doctor,
        someone_elses,
        instruction::CloseGrant {},
        not_signers_record,
    )
    .await;

    chain.deliver(1).await.unwrap();
    assert_eq!(
        disclosure(&mut chain, 1).await.status,
        DisclosureStatus::DeliveredAfter(ConsentChange::GrantRevoked)
    );
    let receipt = close_grant(&mut chain, &patient, &doctor).await.unwrap();
    assert!(matches!(
        events(&receipt).as_slice(),
        [MedshareEvent::GrantClosed(closed)] if closed.provider == doctor.wallet.pubkey()
    ));
    let address = grant_address(&patient, &doctor);
    assert!(chain.account(address).await.unwrap().is_none());
    assert_eq!(record(&mut chain, &patient.wallet).await.grants, 0);
}

#[tokio::test]
async fn a_provider_retires_its_profile_and_a_request_in_flight_says_so() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    let stranger = person(&mut chain).await;
    let someone_elses = accounts::RetireProvider {
        wallet: stranger.wallet.pubkey(),
        provider: addresses::provider(&doctor.wallet.pubkey()),
    };
    let not_wallet = medshare_error(MedshareError::NotProviderWallet);
    refused_to(
        &mut chain,
        &stranger,
        someone_elses,
        instruction::RetireProvider {},
        not_wallet,
    )
    .await;

    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    let retire = instructions::retire_provider(&doctor.wallet.pubkey());
    let receipt = chain.send(&[retire], &[&doctor.wallet]).await.unwrap();
    assert!(matches!(
        events(&receipt).as_slice(),
        [MedshareEvent::ProviderRetired(retired)] if retired.provider == doctor.wallet.pubkey()
    ));
    chain.deliver(1).await.unwrap();
    assert_eq!(
        disclosure(&mut chain, 1).await.status,
        DisclosureStatus::DeliveredAfter(ConsentChange::ProviderRetired)
    );
    assert!(request(&mut chain, &doctor, &patient, 2).await.is_err());
}

#[tokio::test]
async fn a_disclosure_the_cluster_dropped_is_closed_out_as_expired() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    let grant = Some(grant_address(&patient, &doctor));
    let stranger = person(&mut chain).await;

    let early = anyone_sends(&mut chain, instructions::expire_disclosure(1, grant)).await;
    assert_eq!(
        custom_error(early),
        medshare_error(MedshareError::ComputationStillPending)
    );
    let reclaim =
        |payer: &Person| instructions::reclaim_expired_computation(&payer.wallet.pubkey(), 1);
    let too_soon = send_anew(&mut chain, &[reclaim(&doctor)], &doctor.wallet).await;
    assert_eq!(custom_error(too_soon), ARCIUM_COMPUTATION_NOT_EXPIRED);
    chain
        .advance_slots(MEMPOOL_LIFETIME_SLOTS + 1)
        .await
        .unwrap();
    let not_payer = send_anew(&mut chain, &[reclaim(&stranger)], &stranger.wallet).await;
    assert_eq!(custom_error(not_payer), ARCIUM_INVALID_AUTHORITY);
    send_anew(&mut chain, &[reclaim(&doctor)], &doctor.wallet)
        .await
        .unwrap();

    // Anyone closes it out; the grant no longer counts it as waiting.
    let receipt = anyone_sends(&mut chain, instructions::expire_disclosure(1, grant))
        .await
        .unwrap();
    assert!(matches!(
        events(&receipt).as_slice(),
        [MedshareEvent::DisclosureExpired(expired)] if expired.computation_offset == 1
    ));
    assert_eq!(
        disclosure(&mut chain, 1).await.status,
        DisclosureStatus::Expired
    );
    let grant_account: Grant = chain.anchor_account(grant.unwrap()).await.unwrap();
    assert_eq!(grant_account.in_flight, 0);
    assert!(matches!(
        chain.deliver(1).await,
        Err(ChainError::NotQueued(1))
    ));
    let again = anyone_sends(&mut chain, instructions::expire_disclosure(1, grant)).await;
    assert_eq!(
        custom_error(again),
        medshare_error(MedshareError::DisclosureNotPending)
    );
}

#[tokio::test]
async fn a_key_rotation_the_cluster_dropped_is_closed_out_and_frees_the_record() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let stored = store(&mut chain, &patient, &example_summary(), 1).await;
    rotate(&mut chain, &patient, 4, &SecretKey::generate())
        .await
        .unwrap();
    chain
        .advance_slots(MEMPOOL_LIFETIME_SLOTS + 1)
        .await
        .unwrap();
    let reclaim = instructions::reclaim_expired_computation(&patient.wallet.pubkey(), 4);
    chain.send(&[reclaim], &[&patient.wallet]).await.unwrap();

    let expire = instructions::expire_rotation(&patient.wallet.pubkey(), 4);
    let receipt = anyone_sends(&mut chain, expire).await.unwrap();
    assert!(matches!(
        events(&receipt).as_slice(),
        [MedshareEvent::RecordKeyRotationExpired(expired)] if expired.computation_offset == 4
    ));
    let rotation: KeyRotation = chain.anchor_account(addresses::receipt(4)).await.unwrap();
    assert_eq!(rotation.status, RotationStatus::Expired);
    let kept = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        (kept.ciphertexts, kept.pending_rotation),
        (stored.ciphertexts, None)
    );
    let close = instructions::close_record(&patient.wallet.pubkey());
    chain.send(&[close], &[&patient.wallet]).await.unwrap();
}

#[tokio::test]
async fn the_client_draws_another_offset_when_someone_took_its_own() {
    let (chain, patient, doctor) = granted_clinic().await;
    let mut drawn = vec![5u64, 7, 6].into_iter();
    let mut client = Client::new(EmbeddedConnection::from_chain(chain))
        .with_offsets(move || drawn.next().expect("offsets to draw"));
    let chain = client.connection().chain();
    let squatter = person(chain).await;
    store(chain, &squatter, &example_summary(), 1).await;
    let key = squatter.key.public_key();
    for taken in [5, 7] {
        share(chain, &squatter.wallet, &squatter.wallet, taken, key)
            .await
            .unwrap();
    }

    let offset = client
        .request_record(&doctor.wallet, &patient.wallet.pubkey())
        .await
        .unwrap();
    assert_eq!(offset, 6, "5 and 7 were taken; 6 was free");
    let receipt = client
        .await_disclosure(6, std::time::Duration::from_secs(30), |_| {})
        .await
        .unwrap();
    assert_eq!(receipt.status, DisclosureStatus::Delivered);
}

#[tokio::test]
async fn the_client_closes_out_a_disclosure_the_cluster_dropped() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    request(&mut chain, &doctor, &patient, 1).await.unwrap();
    chain
        .advance_slots(MEMPOOL_LIFETIME_SLOTS + 1)
        .await
        .unwrap();
    let reclaim = instructions::reclaim_expired_computation(&doctor.wallet.pubkey(), 1);
    chain.send(&[reclaim], &[&doctor.wallet]).await.unwrap();

    let mut client = Client::new(EmbeddedConnection::from_chain(chain));
    let waited = client
        .await_disclosure(1, std::time::Duration::from_secs(30), |_| {})
        .await;
    assert!(matches!(waited, Err(ClientError::Dropped { offset: 1 })));
    client.close_out(1, &doctor.wallet).await.unwrap();
    assert_eq!(
        client.disclosure(1).await.unwrap().status,
        DisclosureStatus::Expired
    );
}

#[tokio::test]
async fn a_superseded_rotation_delivered_after_the_record_closed_settles() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    rotate(&mut chain, &patient, 4, &SecretKey::generate())
        .await
        .unwrap();
    rotate(&mut chain, &patient, 5, &SecretKey::generate())
        .await
        .unwrap();
    chain.deliver(5).await.unwrap();
    let close = instructions::close_record(&patient.wallet.pubkey());
    chain.send(&[close], &[&patient.wallet]).await.unwrap();

    chain.deliver(4).await.unwrap();
    let rotation: KeyRotation = chain.anchor_account(addresses::receipt(4)).await.unwrap();
    assert_eq!(rotation.status, RotationStatus::Abandoned);
    assert!(chain
        .account(addresses::record(&patient.wallet.pubkey()))
        .await
        .unwrap()
        .is_none());
}
