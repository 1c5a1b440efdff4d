//! What every end-to-end test needs: a chain, people, a record, and error matching.

#![allow(dead_code)] // each test binary uses its own subset

pub mod circuits;
mod consent;
pub mod random;
#[allow(unused_imports)] // the core-flow binaries use none of it
pub use consent::*;

use medshare_sdk::{
    addresses,
    events::{decode_events, DisclosureFailed, MedshareEvent, RecordDisclosed},
    instructions::{self, DisclosureAccounts, SealedRecord},
    record::{open_delivery, rotation_tag, seal_record, ClinicalSummary},
    ChainError, LocalChain, Receipt, SecretKey,
};
use share_medical_records::{
    errors::MedshareError,
    state::{Disclosure, PatientRecord},
    DisclosureRequest,
};
use solana_instruction_error::InstructionError;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction_error::TransactionError;

#[allow(unused_imports)] // the study tests store records of their own
pub use medshare_sdk::{clinic::Person, record::example_summary};

pub const LAMPORTS: u64 = 10_000_000_000;

/// Anchor's error for an account that must exist and does not.
pub const ACCOUNT_NOT_INITIALIZED: u32 = 3012;
/// Anchor's error for an account that is not at the address its seeds derive.
pub const CONSTRAINT_SEEDS: u32 = 2006;

pub async fn person(chain: &mut LocalChain) -> Person {
    Person {
        wallet: chain.funded_keypair(LAMPORTS).await.expect("funding"),
        key: SecretKey::generate(),
    }
}

pub fn seal(
    chain: &LocalChain,
    patient: &Person,
    summary: &ClinicalSummary,
    nonce: u128,
) -> SealedRecord {
    seal_record(
        summary,
        &patient.key,
        &chain.mxe_public_key(),
        &patient.wallet.pubkey(),
        nonce,
    )
    .expect("sealing")
}

pub async fn store(
    chain: &mut LocalChain,
    patient: &Person,
    summary: &ClinicalSummary,
    nonce: u128,
) -> SealedRecord {
    let sealed = seal(chain, patient, summary, nonce);
    chain
        .send(
            &[instructions::store_record(
                &patient.wallet.pubkey(),
                &sealed,
            )],
            &[&patient.wallet],
        )
        .await
        .expect("store_record");
    sealed
}

/// `patient` replaces their record with `sealed`.
pub async fn update(
    chain: &mut LocalChain,
    patient: &Person,
    sealed: &SealedRecord,
) -> Result<Receipt, ChainError> {
    let update = instructions::update_record(&patient.wallet.pubkey(), sealed);
    chain.send(&[update], &[&patient.wallet]).await
}

/// `patient` has the cluster re-seal their record for `new_key`, with the tag computed from
/// the record as stored now.
pub async fn rotate(
    chain: &mut LocalChain,
    patient: &Person,
    offset: u64,
    new_key: &SecretKey,
) -> Result<Receipt, ChainError> {
    let stored = record(chain, &patient.wallet).await;
    let mxe = chain.mxe_public_key();
    let tag = rotation_tag(&stored, &patient.key, new_key, &mxe, offset).unwrap();
    let rotate = instructions::rotate_record_key(
        &patient.wallet.pubkey(),
        &patient.wallet.pubkey(),
        offset,
        new_key.public_key(),
        tag,
    );
    chain.send(&[rotate], &[&patient.wallet]).await
}

/// `signer` asks to send `owner`'s whole record to `recipient_key`.
pub async fn share(
    chain: &mut LocalChain,
    signer: &Keypair,
    owner: &Keypair,
    computation_offset: u64,
    recipient_key: [u8; 32],
) -> Result<Receipt, ChainError> {
    let accounts = DisclosureAccounts {
        requester: signer.pubkey(),
        record: addresses::record(&owner.pubkey()),
        provider: None,
        grant: None,
        access_config: None,
    };
    let share = instructions::disclose_record(
        &accounts,
        computation_offset,
        DisclosureRequest::Patient { recipient_key },
    );
    chain.send(&[share], &[signer]).await
}

pub async fn disclosure(chain: &mut LocalChain, computation_offset: u64) -> Disclosure {
    chain
        .anchor_account(addresses::receipt(computation_offset))
        .await
        .expect("disclosure receipt")
}

pub async fn record(chain: &mut LocalChain, owner: &Keypair) -> PatientRecord {
    chain
        .anchor_account(addresses::record(&owner.pubkey()))
        .await
        .expect("record account")
}

pub fn shared_events(receipt: &Receipt) -> Vec<RecordDisclosed> {
    decode_events(&receipt.logs)
        .into_iter()
        .filter_map(|event| match event {
            MedshareEvent::RecordDisclosed(shared) => Some(shared),
            _ => None,
        })
        .collect()
}

/// The one `RecordDisclosed` event of a delivery, and the record as `recipient` decrypts it.
pub fn delivered_to(
    chain: &LocalChain,
    receipt: &Receipt,
    recipient: &Person,
) -> (RecordDisclosed, ClinicalSummary) {
    let [shared] = shared_events(receipt)
        .try_into()
        .expect("one RecordDisclosed event");
    let opened = open_delivery(
        &shared.ciphertexts,
        shared.output_nonce,
        &recipient.key,
        &chain.mxe_public_key(),
    )
    .expect("the recipient decrypts the share");
    (shared, opened)
}

pub fn failed_events(receipt: &Receipt) -> Vec<DisclosureFailed> {
    decode_events(&receipt.logs)
        .into_iter()
        .filter_map(|event| match event {
            MedshareEvent::DisclosureFailed(failed) => Some(failed),
            _ => None,
        })
        .collect()
}

/// The packed field elements a delivery decrypts to, before decoding: what the recipient
/// actually holds, bit for bit.
pub fn decrypted_elements(
    chain: &LocalChain,
    shared: &RecordDisclosed,
    recipient: &Person,
) -> Vec<medshare_crypto::FieldElement> {
    let secret = recipient
        .key
        .shared_secret(&chain.mxe_public_key())
        .expect("shared secret");
    medshare_crypto::RescueCipher::new(&secret)
        .decrypt(&shared.ciphertexts, &shared.output_nonce.to_le_bytes())
        .expect("decrypt")
}

/// The field elements of `summary`, as the patient's machine packs it.
pub fn packed(summary: &ClinicalSummary) -> Vec<medshare_crypto::FieldElement> {
    summary.to_elements().expect("encodable").to_vec()
}

/// Sends `instructions` signed by `signer` and paid by a new wallet. The runtime refuses an exact
/// repeat of a transaction under the same blockhash before any program runs; a payer of its own
/// makes a repeated instruction reach the program.
pub async fn send_anew(
    chain: &mut LocalChain,
    instructions: &[solana_program::instruction::Instruction],
    signer: &Keypair,
) -> Result<Receipt, ChainError> {
    let payer = chain.funded_keypair(LAMPORTS / 100).await?;
    chain.send(instructions, &[&payer, signer]).await
}

/// The custom program error a failed transaction ended with.
pub fn custom_error(result: Result<Receipt, ChainError>) -> u32 {
    match result {
        Err(ChainError::Transaction {
            error: TransactionError::InstructionError(_, InstructionError::Custom(code)),
            ..
        }) => code,
        other => panic!("expected a custom program error, got {other:?}"),
    }
}

pub fn medshare_error(error: MedshareError) -> u32 {
    u32::from(error)
}

/// x25519 keys the program refuses, with the error each one meets: the points of small order
/// (anyone could compute the shared secret) and non-canonical encodings (u >= p).
pub fn weak_keys() -> Vec<([u8; 32], MedshareError)> {
    let le = |hex: &str| -> [u8; 32] {
        let bytes: Vec<u8> = (0..64)
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        bytes.try_into().unwrap()
    };
    let small = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ];
    let non_canonical = [
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ];
    (small
        .iter()
        .map(|key| (le(key), MedshareError::SmallOrderKey)))
    .chain(
        non_canonical
            .iter()
            .map(|key| (le(key), MedshareError::NonCanonicalKey)),
    )
    .collect()
}
