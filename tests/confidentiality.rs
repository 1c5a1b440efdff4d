//! An attacker with a funded wallet and the public ledger tries to read records never granted.

// solana-program-test 3.x marks its API as unstable Agave API; the attacker's own program is
// added through it.
#![allow(deprecated)]

mod common;

use common::*;
use medshare_crypto::{pack, FieldElement};
use medshare_sdk::{
    addresses,
    client::Client,
    connection::EmbeddedConnection,
    instructions::{self, SealedRecord},
    record::{open_record, ClinicalSummary},
    LocalChain,
};
use share_medical_records::state::{DisclosureStatus, FieldSet};
use solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, instruction::AccountMeta,
    instruction::Instruction, pubkey::Pubkey,
};
use solana_signer::Signer;

/// Someone else's record, and what its owner stored.
fn victims_summary() -> ClinicalSummary {
    example_summary()
}

/// What the attacker knows: their own made-up record.
fn attackers_summary() -> ClinicalSummary {
    let mut summary = ClinicalSummary::default();
    summary.weight_dag = 8_000;
    summary
}

/// `attacker` stores `copy` as their own record and has it sent to their own key.
async fn disclose_copy_to_self(
    chain: &mut LocalChain,
    attacker: &Person,
    copy: &SealedRecord,
    offset: u64,
) -> Option<ClinicalSummary> {
    let store = instructions::store_record(&attacker.wallet.pubkey(), copy);
    chain.send(&[store], &[&attacker.wallet]).await.unwrap();
    share(
        chain,
        &attacker.wallet,
        &attacker.wallet,
        offset,
        attacker.key.public_key(),
    )
    .await
    .unwrap();
    let (_, delivery) = chain.deliver(offset).await.unwrap();
    let [shared] = shared_events(&delivery).try_into().ok()?;
    open_record(
        &shared.ciphertexts,
        shared.output_nonce,
        &attacker.key,
        &chain.mxe_public_key(),
    )
    .ok()
}

#[tokio::test]
async fn a_copied_record_does_not_open_for_the_copier() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let victim = person(&mut chain).await;
    let attacker = person(&mut chain).await;
    store(&mut chain, &victim, &victims_summary(), 1).await;

    let stored = record(&mut chain, &victim.wallet).await;
    let copy = SealedRecord {
        encryption_key: stored.encryption_key,
        nonce: stored.nonce,
        ciphertexts: stored.ciphertexts,
    };
    let read = disclose_copy_to_self(&mut chain, &attacker, &copy, 5).await;
    assert_ne!(read, Some(victims_summary()), "the cluster decrypted a copy");
}

#[tokio::test]
async fn a_delivery_copied_from_the_ledger_does_not_open_for_the_copier() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let victim = person(&mut chain).await;
    let doctor = person(&mut chain).await;
    let attacker = person(&mut chain).await;
    store(&mut chain, &victim, &victims_summary(), 1).await;
    share(
        &mut chain,
        &victim.wallet,
        &victim.wallet,
        4,
        doctor.key.public_key(),
    )
    .await
    .unwrap();
    let (_, delivery) = chain.deliver(4).await.unwrap();
    let [event] = shared_events(&delivery).try_into().unwrap();

    // Everything in the event is public: the doctor's key, the nonce and the ciphertexts.
    let copy = SealedRecord {
        encryption_key: event.recipient_key,
        nonce: event.output_nonce,
        ciphertexts: event.ciphertexts,
    };
    let read = disclose_copy_to_self(&mut chain, &attacker, &copy, 5).await;
    assert_ne!(read, Some(victims_summary()), "the cluster decrypted a copy");
}

#[tokio::test]
async fn a_copied_record_rotated_to_the_copiers_key_does_not_open() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let victim = person(&mut chain).await;
    let attacker = person(&mut chain).await;
    store(&mut chain, &victim, &victims_summary(), 1).await;
    let stored = record(&mut chain, &victim.wallet).await;
    let copy = SealedRecord {
        encryption_key: stored.encryption_key,
        nonce: stored.nonce,
        ciphertexts: stored.ciphertexts,
    };
    let store = instructions::store_record(&attacker.wallet.pubkey(), &copy);
    chain.send(&[store], &[&attacker.wallet]).await.unwrap();

    let rotate = instructions::rotate_record_key(
        &attacker.wallet.pubkey(),
        &attacker.wallet.pubkey(),
        6,
        attacker.key.public_key(),
        stored.nonce + 1,
    );
    chain.send(&[rotate], &[&attacker.wallet]).await.unwrap();
    chain.deliver(6).await.unwrap();
    let resealed = record(&mut chain, &attacker.wallet).await;
    let read = open_record(
        &resealed.ciphertexts,
        resealed.nonce,
        &attacker.key,
        &chain.mxe_public_key(),
    )
    .ok();
    assert_ne!(read, Some(victims_summary()), "the cluster re-sealed a copy");
}

#[tokio::test]
async fn a_requester_cannot_aim_an_output_at_someone_elses_key_and_nonce() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let victim = person(&mut chain).await;
    let doctor = person(&mut chain).await;
    let attacker = person(&mut chain).await;
    store(&mut chain, &victim, &victims_summary(), 1).await;
    share(
        &mut chain,
        &victim.wallet,
        &victim.wallet,
        4,
        doctor.key.public_key(),
    )
    .await
    .unwrap();
    let (_, delivery) = chain.deliver(4).await.unwrap();
    let [to_doctor] = shared_events(&delivery).try_into().unwrap();

    // The attacker sends a record they know to the doctor's key, aiming at the nonce of the
    // doctor's delivery (the cluster encrypts under the requested nonce + 1).
    store(&mut chain, &attacker, &attackers_summary(), 1).await;
    let aimed = instructions::share_record(
        &attacker.wallet.pubkey(),
        5,
        doctor.key.public_key(),
        to_doctor.output_nonce - 1,
    );
    chain.send(&[aimed], &[&attacker.wallet]).await.unwrap();
    let (_, delivery) = chain.deliver(5).await.unwrap();
    let [to_attacker] = shared_events(&delivery).try_into().unwrap();

    // Same key and nonce: c_victim - c_known + p_known = p_victim.
    let known = packed(&attackers_summary());
    let recovered: Vec<FieldElement> = (to_doctor.ciphertexts.iter())
        .zip(&to_attacker.ciphertexts)
        .zip(&known)
        .map(|((victim, aimed), known)| {
            FieldElement::from_bytes_mod_order(victim) - FieldElement::from_bytes_mod_order(aimed)
                + *known
        })
        .collect();
    let types: Vec<_> = (attackers_summary().to_scalars().unwrap().iter())
        .map(|scalar| scalar.scalar_type())
        .collect();
    let read = pack::unpack(&types, &recovered)
        .ok()
        .and_then(|scalars| ClinicalSummary::from_scalars(&scalars).ok());
    assert_ne!(read, Some(victims_summary()), "the keystream was reused");
}

#[tokio::test]
async fn a_disclosure_whose_ciphertexts_reach_the_ledger_is_accounted_as_made() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let doctor = provider(&mut chain, "Dr. Ada Okafor").await;
    store(&mut chain, &patient, &victims_summary(), 1).await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    request(&mut chain, &doctor, &patient, 8).await.unwrap();
    let revoke = instructions::revoke_grant(
        &patient.wallet.pubkey(),
        &grant_address(&patient, &doctor),
    );
    chain.send(&[revoke], &[&patient.wallet]).await.unwrap();

    let callback = chain.prepare_callback(8, None).await.unwrap();
    chain.send_callback(&callback).await.unwrap();
    // Anyone reads the callback's instruction data with getTransaction: discriminator,
    // one byte, then the signed output (recipient key, nonce, ciphertexts, ...).
    let output = &callback.instructions[1].data[9..];
    let nonce = u128::from_le_bytes(output[32..48].try_into().unwrap());
    let ciphertexts: Vec<[u8; 32]> = output[48..]
        .chunks_exact(32)
        .take(share_medical_records::constants::RECORD_CIPHERTEXTS)
        .map(|chunk| chunk.try_into().unwrap())
        .collect();
    let published = open_record(&ciphertexts, nonce, &doctor.key, &chain.mxe_public_key());
    assert_eq!(published.ok(), Some(victims_summary()));

    let receipt = disclosure(&mut chain, 8).await;
    assert!(
        !matches!(receipt.status, DisclosureStatus::Cancelled(_)),
        "the receipt says nothing was disclosed: {:?}",
        receipt.status
    );
}

/// A program of the attacker's own: it logs whatever it is given as an event.
fn log_as_event(_: &Pubkey, _: &[AccountInfo], data: &[u8]) -> ProgramResult {
    solana_program::log::sol_log_data(&[data]);
    Ok(())
}
const ATTACKER_PROGRAM: Pubkey = Pubkey::from_str_const("Atk1111111111111111111111111111111111111111");

#[tokio::test]
async fn a_forged_delivery_event_is_not_taken_for_the_delivery() {
    use anchor_lang::Discriminator;
    let chain = medshare_sdk::embedded::start_with(|program_test| {
        program_test.add_program(
            "attacker",
            ATTACKER_PROGRAM,
            solana_program_test::processor!(log_as_event),
        )
    })
    .await
    .unwrap();
    let mut client = Client::new(EmbeddedConnection::from_chain(chain));
    let chain = client.connection().chain();
    let alice = person(chain).await;
    let bob = person(chain).await;
    let doctor = provider(chain, "Dr. Ada Okafor").await;
    store(chain, &alice, &victims_summary(), 1).await;
    store(chain, &bob, &attackers_summary(), 1).await;
    for patient in [&alice, &bob] {
        grant(chain, patient, &doctor, FieldSet::ALL, HOUR)
            .await
            .unwrap();
    }
    // The doctor received Bob's record earlier; now asks for Alice's.
    request(chain, &doctor, &bob, 1).await.unwrap();
    let (_, delivery) = chain.deliver(1).await.unwrap();
    let [bobs] = shared_events(&delivery).try_into().unwrap();
    request(chain, &doctor, &alice, 2).await.unwrap();

    // Before the cluster answers, the attacker logs Bob's delivery as Alice's, in a transaction
    // that names Alice's receipt.
    let mut forged = bobs.clone();
    forged.computation_offset = 2;
    forged.patient = alice.wallet.pubkey();
    let mut data = share_medical_records::events::RecordDisclosed::DISCRIMINATOR.to_vec();
    data.extend(anchor_lang::prelude::borsh::to_vec(&forged).unwrap());
    let forge = Instruction {
        program_id: ATTACKER_PROGRAM,
        accounts: vec![AccountMeta::new_readonly(addresses::disclosure(2), false)],
        data,
    };
    let attacker = person(chain).await;
    chain.send(&[forge], &[&attacker.wallet]).await.unwrap();
    chain.deliver(2).await.unwrap();

    let opened = client.open_disclosure(2, &doctor.key).await.unwrap();
    assert_eq!(opened.summary, victims_summary(), "the doctor was fed another record");
}
