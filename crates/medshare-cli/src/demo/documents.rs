//! Step 10 of the demo: documents. The patient adds a discharge letter, a laboratory adds
//! results under its grant, the cardiologist has the letter's key disclosed and opens the
//! letter, and a withdrawn document is refused.

use super::stage::{Actor, Stage};
use anyhow::{bail, Context};
use medshare_sdk::{
    documents::{store::DocumentStore, NewDocument},
    instructions::{self, PairRequest, PairSubject},
    record::FieldSet,
};
use share_medical_records::{
    errors::MedshareError,
    state::{DocumentCategory, PurposeOfUse},
    DisclosureRequest,
};
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::path::Path;

const LETTER_LEN: usize = 1 << 20;

pub async fn run(
    stage: &mut Stage,
    patient: &Actor,
    cardiologist: &Actor,
    lab: &Actor,
    dir: &Path,
) -> anyhow::Result<Pubkey> {
    let store = DocumentStore::directory(dir.join("store"))?;
    let letter = dir.join("discharge-letter.pdf");
    let content: Vec<u8> = (0..LETTER_LEN).map(|i| (i * 7 + i / 251) as u8).collect();
    std::fs::write(&letter, &content)?;
    let patient_wallet = patient.wallet.pubkey();
    let new = NewDocument {
        file: &letter,
        category: DocumentCategory::DischargeLetter,
        emergency_access: false,
    };
    let document = (stage.client)
        .add_document(&patient.wallet, &patient_wallet, new, &store)
        .await
        .context("adding the discharge letter")?;
    let contents = stage.client.document(&document).await?.contents;
    println!(
        "   the patient encrypted a {} KiB letter here and added it: document {document}",
        LETTER_LEN / 1024
    );
    println!(
        "   -> a {}-byte blob in the store under its SHA-256 {}; the account holds that digest, the key sealed to the MXE and a commitment to it",
        contents.padded_size,
        crate::display::short_hex(&contents.digest)
    );

    let expires_at = stage.client.now().await? + 30 * super::DAY;
    for (provider, fields) in [
        (
            cardiologist,
            FieldSet(FieldSet::CONDITIONS.0 | FieldSet::DOCUMENTS.0),
        ),
        (lab, FieldSet::DOCUMENTS),
    ] {
        let grant = instructions::grant_access(
            &patient_wallet,
            &provider.wallet.pubkey(),
            fields,
            PurposeOfUse::Treatment,
            expires_at,
        );
        stage.send("grant_access", grant, &patient.wallet).await?;
    }
    let results = dir.join("results.csv");
    std::fs::write(&results, "test,value,unit\nHbA1c,6.1,%\n")?;
    let new = NewDocument {
        file: &results,
        category: DocumentCategory::LabReport,
        emergency_access: false,
    };
    let added = (stage.client)
        .add_document(&lab.wallet, &patient_wallet, new, &store)
        .await
        .context("the laboratory adding its results")?;
    println!("   the laboratory added its results under its grant: document {added}");

    let offset = stage.next_offset();
    let accounts = PairRequest::under_grant(
        &cardiologist.wallet.pubkey(),
        &patient_wallet,
        PairSubject::Document(document),
    );
    let request = instructions::disclose_sealed_pair(&accounts, offset, DisclosureRequest::Grant);
    stage
        .send(
            "disclose_sealed_pair (grant)",
            request,
            &cardiologist.wallet,
        )
        .await?;
    stage.deliver(offset).await?;
    let received = dir.join("received.pdf");
    (stage.client)
        .fetch_document(offset, &cardiologist.key, &store, &received)
        .await
        .context("the cardiologist fetching the letter")?;
    if std::fs::read(&received)? != content {
        bail!("the cardiologist opened other bytes than the patient added");
    }
    println!("   the cardiologist checked the key against the commitment, the blob against its digest, and decrypted the letter: identical");

    let withdraw = instructions::withdraw_document(
        &patient_wallet,
        stage.client.document(&document).await?.id,
    );
    stage
        .send("withdraw_document", withdraw, &patient.wallet)
        .await?;
    let again = PairRequest::under_grant(
        &cardiologist.wallet.pubkey(),
        &patient_wallet,
        PairSubject::Document(document),
    );
    let refused =
        instructions::disclose_sealed_pair(&again, stage.next_offset(), DisclosureRequest::Grant);
    stage
        .expect_refusal(
            "disclose_sealed_pair (grant)",
            refused,
            &cardiologist.wallet,
            MedshareError::DocumentWithdrawn,
        )
        .await?;
    println!("   what was disclosed before the withdrawal stays disclosed; the receipt says so\n");
    Ok(document)
}
