//! `medshare demo`: the core story, step by step, on the embedded chain.

use crate::display::{hex, short_hex, summary, timestamp};
use anyhow::{bail, Context};
use medshare_sdk::{
    addresses,
    events::{decode_events, MedshareEvent},
    instructions,
    record::{example_summary, open_record, seal_record},
    SecretKey,
};
use share_medical_records::state::{Disclosure, PatientRecord};
use solana_signer::Signer;

const SOL: u64 = 1_000_000_000;

pub async fn run() -> anyhow::Result<()> {
    println!("medshare demo: a patient shares an encrypted record through Arcium MPC\n");

    println!("1. Starting an embedded Solana chain with a local Arcium cluster");
    let mut chain = medshare_sdk::embedded::start()
        .await
        .context("starting the embedded chain")?;
    let mxe_key = chain.mxe_public_key();
    println!("   program            {}", share_medical_records::ID);
    println!("   MXE x25519 key     {}", hex(&mxe_key));
    println!("   circuit            share_record (registered from build/share_record.arcis)\n");

    println!("2. The patient: a wallet and an x25519 encryption key");
    let patient = chain.funded_keypair(10 * SOL).await?;
    let patient_key = SecretKey::generate();
    println!("   wallet             {}", patient.pubkey());
    println!("   encryption key     {}\n", hex(&patient_key.public_key()));

    let record = example_summary();
    println!("3. The clinical summary, encrypted on the patient's machine");
    print!("{}", summary(&record));
    let sealed = seal_record(&record, &patient_key, &mxe_key, 1)?;
    println!(
        "   -> {} Rescue ciphertexts, {} bytes:",
        sealed.ciphertexts.len(),
        sealed.ciphertexts.len() * 32
    );
    for ciphertext in &sealed.ciphertexts {
        println!("      {}", hex(ciphertext));
    }
    println!();

    println!("4. store_record: the ciphertexts go on-chain");
    let receipt = chain
        .send(
            &[instructions::store_record(&patient.pubkey(), &sealed)],
            &[&patient],
        )
        .await?;
    let record_address = addresses::record(&patient.pubkey());
    let account = chain
        .account(record_address)
        .await?
        .context("record account")?;
    println!(
        "   transaction        {} ({} bytes)",
        receipt.signature, receipt.size
    );
    println!(
        "   record account     {} ({} bytes, {} lamports rent)\n",
        record_address,
        account.data.len(),
        account.lamports
    );

    println!("5. The recipient publishes an x25519 key; the patient shares the record with it");
    let recipient_key = SecretKey::generate();
    println!("   recipient key      {}", hex(&recipient_key.public_key()));
    let computation_offset = fresh_offset();
    let share = instructions::share_record(
        &patient.pubkey(),
        computation_offset,
        recipient_key.public_key(),
        u128::from(computation_offset),
    );
    let receipt = chain.send(&[share], &[&patient]).await?;
    println!(
        "   transaction        {} ({} bytes)",
        receipt.signature, receipt.size
    );
    println!("   computation        {computation_offset} queued\n");

    println!("6. The Arcium cluster runs the circuit: decrypt with the patient's key, re-encrypt for the recipient");
    let (outcome, receipt) = chain.deliver(computation_offset).await?;
    println!(
        "   callback           {} ({} bytes, BLS-signed output)",
        receipt.signature, receipt.size
    );
    let Some(shared) = decode_events(&receipt.logs)
        .into_iter()
        .find_map(|event| match event {
            MedshareEvent::RecordDisclosed(shared) => Some(shared),
            _ => None,
        })
    else {
        bail!("the cluster did not deliver the record: {:?}", outcome);
    };
    println!(
        "   event RecordDisclosed patient {}, version {}, nonce {}",
        shared.patient, shared.record_version, shared.output_nonce
    );
    for ciphertext in &shared.ciphertexts {
        println!("      {}", short_hex(ciphertext));
    }
    println!();

    println!("7. The recipient decrypts with its own key");
    let opened = open_record(
        &shared.ciphertexts,
        shared.output_nonce,
        &recipient_key,
        &mxe_key,
    )?;
    print!("{}", summary(&opened));
    if opened != record {
        bail!("the decrypted record differs from the stored one");
    }
    println!("   identical to what the patient stored\n");

    println!("8. The disclosure receipt, kept on-chain for compliance");
    let disclosure: Disclosure = chain
        .anchor_account(addresses::disclosure(computation_offset))
        .await?;
    println!(
        "   {:?}: patient {} -> key {}, record version {}, queued {}, completed {}",
        disclosure.status,
        disclosure.patient,
        short_hex(&disclosure.recipient_key),
        disclosure.record_version,
        timestamp(disclosure.queued_at),
        timestamp(disclosure.completed_at)
    );
    let stored: PatientRecord = chain.anchor_account(record_address).await?;
    println!(
        "   the stored record is unchanged: version {}, same ciphertexts: {}",
        stored.version,
        stored.ciphertexts == sealed.ciphertexts
    );
    Ok(())
}

/// A computation offset nobody else uses; the chain is fresh, so the clock suffices.
fn fresh_offset() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos() as u64)
        .unwrap_or(1)
}
