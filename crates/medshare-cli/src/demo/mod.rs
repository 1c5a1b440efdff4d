//! `medshare demo`: the whole story on the embedded chain, step by step: a patient stores an
//! encrypted record, grants a provider part of it, the provider pulls it, the patient revokes,
//! an emergency physician breaks the glass, an outsider's copy of the record opens for nobody,
//! the patient rotates their key, documents are added and one fetched, a diagnosis is attested
//! and verified, a trial site checks the patient's eligibility without seeing the record, a
//! compliance officer reads the accounting of disclosures, and a researcher counts a diagnosis
//! over 24 consenting patients' records.

mod attestations;
mod documents;
mod eligibility;
mod stage;
mod study;

use crate::display::{fields, hex, summary};
use anyhow::{bail, Context};
use medshare_sdk::{
    client::Party,
    instructions,
    record::{example_summary, open_record, rotation_tag, seal_record, FieldSet},
    SecretKey,
};
use share_medical_records::{
    errors::MedshareError,
    state::{EmergencyJustification, PurposeOfUse},
};
use solana_signer::Signer;
use stage::{Actor, Stage};

const DAY: i64 = 86_400;

pub async fn run() -> anyhow::Result<()> {
    println!(
        "medshare demo: consent-based sharing of an encrypted medical record through Arcium MPC\n"
    );

    println!(
        "1. An embedded Solana chain with a local Arcium cluster; the circuits are registered"
    );
    let mut stage = Stage::start().await?;
    let officer = stage.actor("compliance officer").await?;
    let patient = stage.actor("patient").await?;
    let cardiologist = stage.actor("cardiologist").await?;
    let physician = stage.actor("ER physician").await?;
    let lab = stage.actor("laboratory").await?;
    println!("   program            {}", share_medical_records::ID);
    println!("   MXE x25519 key     {}", hex(&stage.mxe_key));
    println!(
        "   circuits           {} (from build/)",
        instructions::CIRCUITS.join(", ")
    );
    let deployer = stage.chain().deployer.insecure_clone();
    stage
        .send(
            "initialize_access_config",
            instructions::initialize_access_config(
                &deployer.pubkey(),
                &officer.wallet.pubkey(),
                vec![physician.wallet.pubkey()],
            ),
            &deployer,
        )
        .await?;
    println!("   the compliance officer holds the access configuration; the ER physician is on its break-glass list\n");

    println!("2. The patient encrypts a clinical summary on their machine and stores it");
    let record = example_summary();
    print!("{}", summary(&record, FieldSet::ALL));
    let sealed = seal_record(
        &record,
        &patient.key,
        &stage.mxe_key,
        &patient.wallet.pubkey(),
        1,
    )?;
    println!(
        "   -> {} Rescue ciphertexts under the patient's x25519 key, the last a tag binding them to this wallet and account",
        sealed.ciphertexts.len()
    );
    stage
        .send(
            "store_record",
            instructions::store_record(&patient.wallet.pubkey(), &sealed),
            &patient.wallet,
        )
        .await?;
    println!();

    println!("3. Three providers publish profiles with their encryption keys");
    for (provider, name, identifier) in [
        (&cardiologist, "Dr. Ada Okafor, Cardiology", "1234567893"),
        (&physician, "County General Emergency", "1987654325"),
        (&lab, "Riverside Laboratory", "1467583920"),
    ] {
        let register = instructions::register_provider(
            &provider.wallet.pubkey(),
            provider.key.public_key(),
            name,
            identifier,
        );
        stage
            .send("register_provider", register, &provider.wallet)
            .await?;
    }
    println!();

    let granted = FieldSet(FieldSet::VITALS.0 | FieldSet::CONDITIONS.0 | FieldSet::MEDICATIONS.0);
    println!(
        "4. The patient grants the cardiologist {} for treatment, for 30 days",
        fields(granted)
    );
    let expires_at = stage.client.now().await? + 30 * DAY;
    let grant = instructions::grant_access(
        &patient.wallet.pubkey(),
        &cardiologist.wallet.pubkey(),
        granted,
        PurposeOfUse::Treatment,
        expires_at,
    );
    stage.send("grant_access", grant, &patient.wallet).await?;
    println!();

    println!("5. The cardiologist pulls the record; the patient is offline and signs nothing");
    let offset = request_under_grant(&mut stage, &cardiologist, &patient).await?;
    stage.deliver(offset).await?;
    println!("   the cardiologist decrypts with its own key:");
    let opened = stage
        .client
        .open_disclosure(offset, &cardiologist.key)
        .await?;
    print!("{}", summary(&opened.summary, opened.fields()));
    if opened.summary != record.restricted_to(granted) {
        bail!("the cardiologist received other values than the granted ones");
    }
    println!("   exactly the granted fields; the others left the cluster as zeros\n");

    println!(
        "6. The cardiologist asks again; while the cluster computes, the patient revokes the grant"
    );
    let offset = request_under_grant(&mut stage, &cardiologist, &patient).await?;
    let grant_address =
        medshare_sdk::addresses::grant(&patient.wallet.pubkey(), &cardiologist.wallet.pubkey());
    let revoke = instructions::revoke_grant(&patient.wallet.pubkey(), &grant_address);
    stage.send("revoke_grant", revoke, &patient.wallet).await?;
    stage.deliver(offset).await?;
    let receipt = stage.client.disclosure(offset).await?;
    println!(
        "   receipt: {}: the output is public in the callback, so the disclosure counts as made",
        medshare_sdk::accounting::status_words(receipt.status)
    );
    let refused = instructions::request_record(
        &cardiologist.wallet.pubkey(),
        &patient.wallet.pubkey(),
        stage.next_offset(),
    );
    stage
        .expect_refusal(
            "disclose_record (grant)",
            refused,
            &cardiologist.wallet,
            MedshareError::GrantRevoked,
        )
        .await?;
    println!();

    println!(
        "7. Break-glass: the ER physician, on the list, pulls the emergency fields without a grant"
    );
    let offset = stage.next_offset();
    let emergency = instructions::emergency_access(
        &physician.wallet.pubkey(),
        &patient.wallet.pubkey(),
        offset,
        EmergencyJustification::PatientUnresponsive,
    );
    stage
        .send("disclose_record (emergency)", emergency, &physician.wallet)
        .await?;
    stage.deliver(offset).await?;
    let opened = stage.client.open_disclosure(offset, &physician.key).await?;
    print!("{}", summary(&opened.summary, opened.fields()));
    println!("   the disclosure is flagged emergency in its receipt and its event, where the patient sees it");
    let not_listed = instructions::emergency_access(
        &cardiologist.wallet.pubkey(),
        &patient.wallet.pubkey(),
        stage.next_offset(),
        EmergencyJustification::PatientUnresponsive,
    );
    stage
        .expect_refusal(
            "disclose_record (emergency)",
            not_listed,
            &cardiologist.wallet,
            MedshareError::NotEmergencyProvider,
        )
        .await?;
    println!();

    println!(
        "8. An outsider copies the patient's sealed record from the ledger into a record of their own and asks for it"
    );
    let outsider = stage.actor("outsider").await?;
    let copy = instructions::SealedRecord::from(&stage.record(&patient).await?);
    stage
        .send(
            "store_record (the copy)",
            instructions::store_record(&outsider.wallet.pubkey(), &copy),
            &outsider.wallet,
        )
        .await?;
    let offset = stage.next_offset();
    let share =
        instructions::share_record(&outsider.wallet.pubkey(), offset, outsider.key.public_key());
    stage
        .send("disclose_record (patient)", share, &outsider.wallet)
        .await?;
    stage.deliver_unbound(offset).await?;
    println!();

    println!(
        "9. The patient rotates their key: the cluster re-seals the record, nobody decrypts it"
    );
    let new_key = SecretKey::generate();
    let offset = stage.next_offset();
    let stored = stage.record(&patient).await?;
    let new_tag = rotation_tag(&stored, &patient.key, &new_key, &stage.mxe_key, offset)?;
    let rotate = instructions::rotate_record_key(
        &patient.wallet.pubkey(),
        &patient.wallet.pubkey(),
        offset,
        new_key.public_key(),
        new_tag,
    );
    stage
        .send("rotate_record_key", rotate, &patient.wallet)
        .await?;
    stage.deliver_rotation(offset).await?;
    let stored = stage.record(&patient).await?;
    let reopened = open_record(&stored, &new_key, &stage.mxe_key)
        .context("opening the re-sealed record with the new key")?;
    if reopened != record {
        bail!("the re-sealed record differs from the stored one");
    }
    println!(
        "   record version {} now opens with the new key {}; the old key is retired\n",
        stored.version,
        hex(&new_key.public_key()[..8])
    );

    println!(
        "10. Documents: a discharge letter and lab results, encrypted here, their keys sealed to the MXE"
    );
    let dir = std::env::temp_dir().join(format!("medshare-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let documents = documents::run(&mut stage, &patient, &cardiologist, &lab, &dir).await;
    std::fs::remove_dir_all(&dir).ok();
    let letter = documents?;

    println!(
        "11. Attestations: an accredited cardiologist vouches for a diagnosis; others verify it"
    );
    let cast = attestations::Cast {
        officer: &officer,
        patient: &patient,
        cardiologist: &cardiologist,
        lab: &lab,
        physician: &physician,
    };
    attestations::run(&mut stage, cast, letter).await?;

    println!(
        "12. Eligibility: a trial site checks the patient's eligibility without seeing the record"
    );
    let site = stage.actor("trial site").await?;
    eligibility::run(&mut stage, &patient, &site).await?;

    println!(
        "13. The compliance officer reads the accounting of disclosures from on-chain receipts"
    );
    let receipts = (stage.client)
        .disclosures(Party::Patient(patient.wallet.pubkey()))
        .await?;
    let rows: Vec<_> = receipts
        .iter()
        .map(medshare_sdk::accounting::AuditRow::new)
        .collect();
    crate::commands::audit::print_table(&rows);
    println!();

    println!(
        "14. A researcher counts type 2 diabetes over many patients' records, with their consent"
    );
    let researcher = stage.actor("researcher").await?;
    study::run(&mut stage, &officer, &researcher).await?;
    Ok(())
}

/// `provider` asks for `patient`'s record under its grant; returns the computation's offset.
async fn request_under_grant(
    stage: &mut Stage,
    provider: &Actor,
    patient: &Actor,
) -> anyhow::Result<u64> {
    let offset = stage.next_offset();
    let request =
        instructions::request_record(&provider.wallet.pubkey(), &patient.wallet.pubkey(), offset);
    stage
        .send("disclose_record (grant)", request, &provider.wallet)
        .await?;
    Ok(offset)
}
