//! An attacker with a funded wallet and the public ledger tries to read records never granted:
//! by copying ciphertexts into a record of their own, by aiming an output at someone else's key
//! and nonce, by reading a withdrawn disclosure from the ledger, and by forging a delivery.

// solana-program-test 3.x marks its API as unstable Agave API; the attacker's own program is
// added through it.
#![allow(deprecated)]

mod common;

use common::*;
use medshare_crypto::FieldElement;
use medshare_sdk::{
    addresses,
    client::Client,
    connection::{Connection, EmbeddedConnection, Error as ConnectionError},
    events::RecordDisclosed,
    instructions::{self, SealedRecord},
    record::{open_record, rotation_tag, ClinicalSummary},
    LocalChain, SecretKey,
};
use share_medical_records::{
    constants::{output_nonce, PROGRAM_NONCES},
    errors::MedshareError,
    state::{ConsentChange, DisclosureStatus, FieldSet, KeyRotation, RotationStatus},
};
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
    ClinicalSummary {
        weight_dag: 8_000,
        ..ClinicalSummary::default()
    }
}

/// The cluster released nothing: the disclosure at `offset` is receipted as not bound and
/// its output decrypts, for whoever it was meant for, to zeros.
async fn assert_released_nothing(chain: &mut LocalChain, offset: u64, reader: &Person) {
    let callback = chain.prepare_callback(offset, None).await.unwrap();
    let receipt = chain.send_callback(&callback).await.unwrap();
    assert!(shared_events(&receipt).is_empty(), "no delivery event");
    let [failed] = failed_events(&receipt).try_into().unwrap();
    assert_eq!(failed.reason, "RecordNotBound");
    assert_eq!(
        disclosure(chain, offset).await.status,
        DisclosureStatus::RecordNotBound
    );
    let elements = published_output(chain, &callback.instructions[1].data, reader);
    assert!(elements
        .iter()
        .all(|element| *element == FieldElement::ZERO));
}

/// What `reader` decrypts from the signed output in a callback's instruction data, which anyone
/// reads with getTransaction: discriminator, one byte, then key, nonce and ciphertexts.
fn published_output(chain: &LocalChain, data: &[u8], reader: &Person) -> Vec<FieldElement> {
    let output = &data[9..];
    let nonce = u128::from_le_bytes(output[32..48].try_into().unwrap());
    let ciphertexts: Vec<[u8; 32]> = output[48..48 + 5 * 32]
        .chunks_exact(32)
        .map(|chunk| chunk.try_into().unwrap())
        .collect();
    let secret = reader.key.shared_secret(&chain.mxe_public_key()).unwrap();
    medshare_crypto::RescueCipher::new(&secret)
        .decrypt(&ciphertexts, &nonce.to_le_bytes())
        .unwrap()
}

/// `attacker` stores `copy` as their own record and asks for it to be sent to their own key.
async fn disclose_copy_to_self(
    chain: &mut LocalChain,
    attacker: &Person,
    copy: &SealedRecord,
    offset: u64,
) {
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
}

#[tokio::test]
async fn a_copied_record_does_not_open_for_the_copier() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let victim = person(&mut chain).await;
    let attacker = person(&mut chain).await;
    store(&mut chain, &victim, &victims_summary(), 1).await;

    let copy = SealedRecord::from(&record(&mut chain, &victim.wallet).await);
    disclose_copy_to_self(&mut chain, &attacker, &copy, 5).await;
    assert_released_nothing(&mut chain, 5, &attacker).await;
}

#[tokio::test]
async fn a_copy_under_another_key_or_nonce_does_not_open_either() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let victim = person(&mut chain).await;
    store(&mut chain, &victim, &victims_summary(), 1).await;
    let stored = record(&mut chain, &victim.wallet).await;

    let mut under_own_key = SealedRecord::from(&stored);
    let attacker = person(&mut chain).await;
    under_own_key.encryption_key = attacker.key.public_key();
    disclose_copy_to_self(&mut chain, &attacker, &under_own_key, 5).await;
    assert_released_nothing(&mut chain, 5, &attacker).await;

    let mut under_other_nonce = SealedRecord::from(&stored);
    let attacker = person(&mut chain).await;
    under_other_nonce.nonce += 1;
    disclose_copy_to_self(&mut chain, &attacker, &under_other_nonce, 6).await;
    assert_released_nothing(&mut chain, 6, &attacker).await;
}

/// The victim's record as a doctor received it: the victim sent it whole to the doctor's key at
/// offset 4, and the delivery's event is public.
async fn delivered_to_a_doctor(chain: &mut LocalChain) -> (Person, RecordDisclosed) {
    let victim = person(chain).await;
    let doctor = person(chain).await;
    store(chain, &victim, &victims_summary(), 1).await;
    share(
        chain,
        &victim.wallet,
        &victim.wallet,
        4,
        doctor.key.public_key(),
    )
    .await
    .unwrap();
    let (_, delivery) = chain.deliver(4).await.unwrap();
    let [event] = shared_events(&delivery).try_into().unwrap();
    (doctor, event)
}

#[tokio::test]
async fn a_delivery_copied_from_the_ledger_does_not_open_for_the_copier() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let (_, event) = delivered_to_a_doctor(&mut chain).await;
    let attacker = person(&mut chain).await;

    // Everything in the event is public: the doctor's key, the nonce and the ciphertexts. A
    // record needs a sixth ciphertext; the attacker adds one of their choosing.
    let mut ciphertexts = [[0u8; 32]; 6];
    ciphertexts[..5].copy_from_slice(&event.ciphertexts);
    let copy = SealedRecord {
        encryption_key: event.recipient_key,
        nonce: 1,
        ciphertexts,
    };
    disclose_copy_to_self(&mut chain, &attacker, &copy, 5).await;
    assert_released_nothing(&mut chain, 5, &attacker).await;
}

#[tokio::test]
async fn a_copied_record_rotated_to_the_copiers_key_is_not_written() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let victim = person(&mut chain).await;
    let attacker = person(&mut chain).await;
    store(&mut chain, &victim, &victims_summary(), 1).await;
    let copy = SealedRecord::from(&record(&mut chain, &victim.wallet).await);
    let store = instructions::store_record(&attacker.wallet.pubkey(), &copy);
    chain.send(&[store], &[&attacker.wallet]).await.unwrap();

    let rotate = instructions::rotate_record_key(
        &attacker.wallet.pubkey(),
        &attacker.wallet.pubkey(),
        6,
        attacker.key.public_key(),
        [0; 32],
    );
    chain.send(&[rotate], &[&attacker.wallet]).await.unwrap();
    let callback = chain.prepare_callback(6, None).await.unwrap();
    chain.send_callback(&callback).await.unwrap();

    let kept = record(&mut chain, &attacker.wallet).await;
    assert_eq!(
        (kept.version, kept.encryption_key, kept.ciphertexts),
        (1, copy.encryption_key, copy.ciphertexts),
        "the copy stays as stored"
    );
    let receipt: KeyRotation = chain.anchor_account(addresses::receipt(6)).await.unwrap();
    assert_eq!(receipt.status, RotationStatus::Abandoned);
    let elements = published_output(&chain, &callback.instructions[1].data, &attacker);
    assert!(elements
        .iter()
        .all(|element| *element == FieldElement::ZERO));
}

#[tokio::test]
async fn a_requester_cannot_aim_an_output_at_someone_elses_key_and_nonce() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let (doctor, to_doctor) = delivered_to_a_doctor(&mut chain).await;
    let attacker = person(&mut chain).await;
    assert_eq!(to_doctor.output_nonce, output_nonce(4));

    // The nonce follows the offset, and the doctor's offset is taken for good by its receipt.
    store(&mut chain, &attacker, &attackers_summary(), 1).await;
    let same_offset =
        instructions::share_record(&attacker.wallet.pubkey(), 4, doctor.key.public_key());
    assert!(chain
        .send(&[same_offset], &[&attacker.wallet])
        .await
        .is_err());

    // Request data carrying a nonce of the attacker's choosing: the program reads the offset
    // and the request, nothing else, and the output still lands on the offset's own nonce.
    let mut aimed =
        instructions::share_record(&attacker.wallet.pubkey(), 5, doctor.key.public_key());
    aimed
        .data
        .extend((to_doctor.output_nonce - 1).to_le_bytes());
    chain.send(&[aimed], &[&attacker.wallet]).await.unwrap();
    let (_, delivery) = chain.deliver(5).await.unwrap();
    let [to_attacker] = shared_events(&delivery).try_into().unwrap();
    assert_eq!(to_attacker.output_nonce, output_nonce(5));
    assert_ne!(to_attacker.output_nonce, to_doctor.output_nonce);

    // The keystream-difference attack of a shared nonce yields nothing.
    let known = packed(&attackers_summary());
    let recovered: [FieldElement; 5] = std::array::from_fn(|i| {
        FieldElement::from_bytes_mod_order(&to_doctor.ciphertexts[i])
            - FieldElement::from_bytes_mod_order(&to_attacker.ciphertexts[i])
            + known[i]
    });
    assert_ne!(
        ClinicalSummary::from_elements(&recovered).ok(),
        Some(victims_summary())
    );
}

#[tokio::test]
async fn record_nonces_stay_below_the_programs_and_never_repeat() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let sealed = seal(&chain, &patient, &victims_summary(), PROGRAM_NONCES);
    let in_programs_range = instructions::store_record(&patient.wallet.pubkey(), &sealed);
    let error = custom_error(chain.send(&[in_programs_range], &[&patient.wallet]).await);
    assert_eq!(error, medshare_error(MedshareError::NonceOutOfRange));

    store(&mut chain, &patient, &victims_summary(), 10).await;
    for stale in [10, 9] {
        let again = seal(&chain, &patient, &attackers_summary(), stale);
        let error = custom_error(update(&mut chain, &patient, &again).await);
        assert_eq!(error, medshare_error(MedshareError::NonceNotFresh));
    }
    let above = seal(&chain, &patient, &attackers_summary(), PROGRAM_NONCES + 1);
    let error = custom_error(update(&mut chain, &patient, &above).await);
    assert_eq!(error, medshare_error(MedshareError::NonceOutOfRange));
    assert_eq!(record(&mut chain, &patient.wallet).await.version, 1);
}

#[tokio::test]
async fn a_rotation_takes_the_offsets_nonce_and_updates_go_on_above_the_old_ones() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &victims_summary(), 10).await;
    let new_key = SecretKey::generate();
    let stored = record(&mut chain, &patient.wallet).await;
    let mxe = chain.mxe_public_key();
    let tag = rotation_tag(&stored, &patient.key, &new_key, &mxe, 7).unwrap();
    let rotate = instructions::rotate_record_key(
        &patient.wallet.pubkey(),
        &patient.wallet.pubkey(),
        7,
        new_key.public_key(),
        tag,
    );
    chain.send(&[rotate], &[&patient.wallet]).await.unwrap();
    chain.deliver(7).await.unwrap();
    let rotated = record(&mut chain, &patient.wallet).await;
    assert_eq!(rotated.nonce, output_nonce(7));
    assert_eq!(
        open_record(&rotated, &new_key, &mxe).unwrap(),
        victims_summary()
    );

    let patient = Person {
        wallet: patient.wallet.insecure_clone(),
        key: new_key,
    };
    let stale = seal(&chain, &patient, &attackers_summary(), 10);
    let error = custom_error(update(&mut chain, &patient, &stale).await);
    assert_eq!(error, medshare_error(MedshareError::NonceNotFresh));
    let fresh = seal(&chain, &patient, &attackers_summary(), 11);
    update(&mut chain, &patient, &fresh).await.unwrap();
    let updated = record(&mut chain, &patient.wallet).await;
    assert_eq!(
        open_record(&updated, &patient.key, &mxe).unwrap(),
        attackers_summary()
    );
}

#[tokio::test]
async fn weak_keys_are_refused_wherever_a_key_is_given() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &victims_summary(), 1).await;
    let stored = record(&mut chain, &patient.wallet).await;
    let doctor = provider(&mut chain, "Dr. Ada Okafor").await;
    let owner = patient.wallet.pubkey();
    for (offset, (key, refusal)) in (10..).zip(weak_keys()) {
        let mut sealed = SealedRecord::from(&stored);
        sealed.encryption_key = key;
        sealed.nonce = 2;
        let attempts = [
            (update(&mut chain, &patient, &sealed).await, "update_record"),
            (
                chain
                    .send(
                        &[instructions::rotate_record_key(
                            &owner, &owner, offset, key, [0; 32],
                        )],
                        &[&patient.wallet],
                    )
                    .await,
                "rotate_record_key",
            ),
            (
                chain
                    .send(
                        &[instructions::rotate_provider_key(
                            &doctor.wallet.pubkey(),
                            &doctor.wallet.pubkey(),
                            key,
                        )],
                        &[&doctor.wallet],
                    )
                    .await,
                "rotate_provider_key",
            ),
        ];
        for (result, instruction) in attempts {
            assert_eq!(
                custom_error(result),
                medshare_error(refusal),
                "{instruction} with {key:?}"
            );
        }
        let newcomer = person(&mut chain).await;
        let mut sealed = seal(&chain, &newcomer, &victims_summary(), 1);
        sealed.encryption_key = key;
        let store = instructions::store_record(&newcomer.wallet.pubkey(), &sealed);
        let register =
            instructions::register_provider(&newcomer.wallet.pubkey(), key, "Clinic", "1");
        for instruction in [store, register] {
            let error = custom_error(chain.send(&[instruction], &[&newcomer.wallet]).await);
            assert_eq!(error, medshare_error(refusal), "{key:?}");
        }
    }
    assert_eq!(chain.queued().count(), 0);
    assert_eq!(record(&mut chain, &patient.wallet).await.version, 1);
}

#[tokio::test]
async fn a_disclosure_whose_output_reaches_the_ledger_is_accounted_as_made() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    let doctor = provider(&mut chain, "Dr. Ada Okafor").await;
    store(&mut chain, &patient, &victims_summary(), 1).await;
    grant(&mut chain, &patient, &doctor, FieldSet::ALL, HOUR)
        .await
        .unwrap();
    request(&mut chain, &doctor, &patient, 8).await.unwrap();
    let revoke =
        instructions::revoke_grant(&patient.wallet.pubkey(), &grant_address(&patient, &doctor));
    chain.send(&[revoke], &[&patient.wallet]).await.unwrap();

    let callback = chain.prepare_callback(8, None).await.unwrap();
    let receipt = chain.send_callback(&callback).await.unwrap();
    let published = published_output(&chain, &callback.instructions[1].data, &doctor);
    assert_eq!(
        ClinicalSummary::from_elements(&published.try_into().unwrap()).unwrap(),
        victims_summary(),
        "the output in the callback's data opens for the doctor"
    );
    let [event] = shared_events(&receipt).try_into().unwrap();
    assert_eq!(event.consent_changed, Some(ConsentChange::GrantRevoked));
    assert_eq!(
        disclosure(&mut chain, 8).await.status,
        DisclosureStatus::DeliveredAfter(ConsentChange::GrantRevoked)
    );
}

/// A program of the attacker's own: it logs whatever it is given as an event.
fn log_as_event(_: &Pubkey, _: &[AccountInfo], data: &[u8]) -> ProgramResult {
    solana_program::log::sol_log_data(&[data]);
    Ok(())
}
const ATTACKER_PROGRAM: Pubkey =
    Pubkey::from_str_const("Atk1111111111111111111111111111111111111111");

/// `event` as an attacker logs it, in a transaction naming the receipt of `offset`.
fn forged(event: &RecordDisclosed, offset: u64) -> Instruction {
    use anchor_lang::Discriminator;
    let mut data = RecordDisclosed::DISCRIMINATOR.to_vec();
    data.extend(anchor_lang::prelude::borsh::to_vec(event).unwrap());
    Instruction {
        program_id: ATTACKER_PROGRAM,
        accounts: vec![AccountMeta::new_readonly(addresses::receipt(offset), false)],
        data,
    }
}

/// A client of a fresh chain on which the attacker's program is deployed too.
async fn with_the_attackers_program() -> Client<EmbeddedConnection> {
    let chain = medshare_sdk::embedded::start_with(|program_test| {
        program_test.add_program(
            "attacker",
            ATTACKER_PROGRAM,
            solana_program_test::processor!(log_as_event),
        )
    })
    .await
    .unwrap();
    Client::new(EmbeddedConnection::from_chain(chain))
}

#[tokio::test]
async fn a_forged_delivery_event_is_not_taken_for_the_delivery() {
    let mut client = with_the_attackers_program().await;
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

    // Before and after the cluster answers, the attacker logs Bob's delivery as Alice's, in
    // transactions that name Alice's receipt.
    let mut lie = bobs.clone();
    lie.computation_offset = 2;
    lie.patient = alice.wallet.pubkey();
    let attacker = person(chain).await;
    chain
        .send(&[forged(&lie, 2)], &[&attacker.wallet])
        .await
        .unwrap();
    chain.deliver(2).await.unwrap();
    lie.record_version += 1; // a different transaction
    chain
        .send(&[forged(&lie, 2)], &[&attacker.wallet])
        .await
        .unwrap();

    let opened = client.open_disclosure(2, &doctor.key).await.unwrap();
    assert_eq!(
        opened.summary,
        victims_summary(),
        "the doctor was fed another record"
    );

    // With only forgeries in the history, nothing is accepted.
    let chain = client.connection().chain();
    request(chain, &doctor, &alice, 3).await.unwrap();
    let (_, genuine) = chain.deliver(3).await.unwrap();
    assert_eq!(shared_events(&genuine).len(), 1);
    let mut only_forged = bobs.clone();
    only_forged.computation_offset = 3;
    chain
        .send(&[forged(&only_forged, 3)], &[&attacker.wallet])
        .await
        .unwrap();
    let opened = client.open_disclosure(3, &doctor.key).await.unwrap();
    assert_eq!(opened.summary, victims_summary());
}

/// A connection whose history of a receipt has lost every transaction the medshare program ran
/// in, as when a flood of cheap transactions naming the receipt pushes them out of the page of
/// history a node serves; the attacker's own transactions are what is left.
struct Flooded(EmbeddedConnection);

impl Connection for Flooded {
    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&solana_keypair::Keypair],
    ) -> Result<medshare_sdk::Receipt, ConnectionError> {
        self.0.send(instructions, signers).await
    }

    async fn account(
        &mut self,
        address: Pubkey,
    ) -> Result<Option<solana_account::Account>, ConnectionError> {
        self.0.account(address).await
    }

    async fn program_accounts(
        &mut self,
        discriminator: &[u8],
        filter: Option<(usize, &[u8])>,
    ) -> Result<Vec<(Pubkey, solana_account::Account)>, ConnectionError> {
        self.0.program_accounts(discriminator, filter).await
    }

    async fn find_transaction_logs(
        &mut self,
        address: Pubkey,
        mut wanted: impl FnMut(&[String]) -> bool,
    ) -> Result<Option<Vec<String>>, ConnectionError> {
        let medshare = format!("Program {} invoke", share_medical_records::ID);
        let left = |logs: &[String]| !logs.iter().any(|line| line.starts_with(&medshare));
        self.0
            .find_transaction_logs(address, |logs| left(logs) && wanted(logs))
            .await
    }

    async fn airdrop(&mut self, recipient: Pubkey, lamports: u64) -> Result<(), ConnectionError> {
        self.0.airdrop(recipient, lamports).await
    }

    async fn settle(&mut self) -> Result<(), ConnectionError> {
        self.0.settle().await
    }

    fn describe(&self) -> String {
        self.0.describe()
    }
}

#[tokio::test]
async fn a_copied_delivery_claiming_more_fields_and_another_version_tells_the_recipient_nothing() {
    let mut client = with_the_attackers_program().await;
    let chain = client.connection().chain();
    let alice = person(chain).await;
    let doctor = provider(chain, "Dr. Ada Okafor").await;
    store(chain, &alice, &victims_summary(), 1).await;
    let granted = FieldSet(FieldSet::BLOOD_TYPE.0 | FieldSet::ALLERGIES.0);
    grant(chain, &alice, &doctor, granted, HOUR).await.unwrap();
    request(chain, &doctor, &alice, 1).await.unwrap();
    let (_, delivery) = chain.deliver(1).await.unwrap();
    let [real] = shared_events(&delivery).try_into().unwrap();

    // The same key, nonce and ciphertexts (so the same digest), claiming every field set and
    // a later version of the record, logged by the attacker's program after the real one.
    let mut copy = real.clone();
    copy.fields = FieldSet::ALL;
    copy.record_version += 7;
    let attacker = person(chain).await;
    chain
        .send(&[forged(&copy, 1)], &[&attacker.wallet])
        .await
        .unwrap();

    let opened = client.open_disclosure(1, &doctor.key).await.unwrap();
    assert_eq!(opened.fields(), granted);
    assert_eq!(opened.record_version, 1);

    // With the real delivery pushed out of the history, the copy is all that is left: the
    // recipient is refused, never told it received what it did not.
    let mut flooded = Client::new(Flooded(client.into_connection()));
    let refused = flooded.open_disclosure(1, &doctor.key).await;
    assert!(
        matches!(refused, Err(medshare_sdk::client::ClientError::NotFound(_))),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_client_pinned_to_another_mxe_key_seals_nothing_and_the_right_pin_works() {
    let chain = medshare_sdk::embedded::start().await.unwrap();
    let announced = chain.mxe_public_key();
    let mut pinned = Client::new(EmbeddedConnection::from_chain(chain)).pin_mxe_key([0x11; 32]);
    let patient = person(pinned.connection().chain()).await;
    let refused = pinned
        .store_record(&patient.wallet, &patient.key, &victims_summary())
        .await;
    assert!(
        matches!(
            refused,
            Err(medshare_sdk::client::ClientError::MxeKeyNotPinned { announced: key, .. })
                if key == announced
        ),
        "{refused:?}"
    );
    let mut right = Client::new(pinned.into_connection()).pin_mxe_key(announced);
    assert!(
        right.record(&patient.wallet.pubkey()).await.is_err(),
        "nothing stored"
    );
    right
        .store_record(&patient.wallet, &patient.key, &victims_summary())
        .await
        .unwrap();
}

/// Ways to tamper with a sealed record: each is stored by its owner and disclosed.
fn tamperings(original: &SealedRecord, other: &SealedRecord) -> Vec<(String, SealedRecord)> {
    let mut out = Vec::new();
    let add = |ciphertext: &[u8; 32], difference: u64| {
        (FieldElement::from_bytes_mod_order(ciphertext) + FieldElement::from(difference)).to_bytes()
    };
    for i in 0..6 {
        let mut flipped = *original;
        flipped.ciphertexts[i][3] ^= 0x10;
        if FieldElement::from_canonical_bytes(&flipped.ciphertexts[i]).is_ok() {
            out.push((format!("bit flipped in ciphertext {i}"), flipped));
        }
        let mut shifted = *original;
        shifted.ciphertexts[i] = add(&shifted.ciphertexts[i], 1 << 20);
        out.push((format!("known difference added to ciphertext {i}"), shifted));
    }
    for (i, j) in [(0, 1), (1, 3), (2, 4), (4, 5)] {
        let mut swapped = *original;
        swapped.ciphertexts.swap(i, j);
        out.push((format!("ciphertexts {i} and {j} swapped"), swapped));
    }
    for i in [0, 2, 5] {
        let mut spliced = *original;
        spliced.ciphertexts[i] = other.ciphertexts[i];
        out.push((
            format!("ciphertext {i} spliced from another version"),
            spliced,
        ));
    }
    let mut tag_shifted = *original;
    tag_shifted.ciphertexts[0] = add(&tag_shifted.ciphertexts[0], 1);
    tag_shifted.ciphertexts[5] = add(&tag_shifted.ciphertexts[5], 1);
    out.push(("header and tag shifted together".into(), tag_shifted));
    out
}

#[tokio::test]
async fn tampered_records_are_refused_by_the_cluster() {
    let mut chain = medshare_sdk::embedded::start().await.unwrap();
    let reader = person(&mut chain).await;
    let cases = {
        let someone = person(&mut chain).await;
        let sealed = seal(&chain, &someone, &victims_summary(), 1);
        tamperings(&sealed, &sealed).len()
    };
    assert!(cases >= 20, "{cases} cases");
    // Case `cases` is the untouched record: the control that must be delivered.
    for (offset, case) in (100..).zip(0..=cases) {
        let patient = person(&mut chain).await;
        let original = seal(&chain, &patient, &victims_summary(), 1);
        let other_version = seal(&chain, &patient, &attackers_summary(), 2);
        let (name, sealed) = tamperings(&original, &other_version)
            .into_iter()
            .nth(case)
            .unwrap_or(("untouched".into(), original));
        let store = instructions::store_record(&patient.wallet.pubkey(), &sealed);
        chain.send(&[store], &[&patient.wallet]).await.unwrap();
        share(
            &mut chain,
            &patient.wallet,
            &patient.wallet,
            offset,
            reader.key.public_key(),
        )
        .await
        .unwrap();
        let (_, receipt) = chain.deliver(offset).await.unwrap();
        let status = disclosure(&mut chain, offset).await.status;
        if case == cases {
            let (_, opened) = delivered_to(&chain, &receipt, &reader);
            assert_eq!(opened, victims_summary(), "{name}");
        } else {
            assert!(shared_events(&receipt).is_empty(), "{name}: delivered");
            assert_eq!(status, DisclosureStatus::RecordNotBound, "{name}");
        }
    }
}
