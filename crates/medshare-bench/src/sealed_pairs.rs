//! Documents and attestations on chain, both disclosed through `disclose_sealed_pair`: every
//! transaction sent once (for the footprint table), and a document key's and an attestation's
//! disclosure timed against a record's in the same rounds.

use crate::{
    footprint::Recorder,
    spread::{latency_table, Spread},
    table::Table,
};
use medshare_crypto::{
    document::{self, DocumentBinding, DocumentKey},
    sealed,
};
use medshare_sdk::{
    addresses,
    attestations::{commitment, Diagnosis, Terms},
    clinic::{Clinic, Person},
    connection::EmbeddedConnection,
    documents::{key::seal_file_key, store::DocumentStore, NewDocument},
    instructions::{self, PairRequest, PairSubject},
    record::{example_summary, FieldSet, Icd10Code},
    sealed_pair::seal_pair,
};
use share_medical_records::{
    state::{
        AttestationSchema, DisclosureStatus, DocumentCategory, DocumentContents, PurposeOfUse,
    },
    DisclosureRequest, Statement,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::time::{Duration, Instant};

const DAY: Duration = Duration::from_secs(86_400);
/// Records, documents and attestations the provider is granted: everything.
const GRANTED: FieldSet = FieldSet(FieldSet::ALL.0 | FieldSet::DOCUMENTS.0);
/// Disclosures of each kind per round, and rounds.
const DISCLOSURES: usize = 10;
const ROUNDS: usize = 5;

fn diagnosis(evidence: u64) -> anyhow::Result<Diagnosis> {
    Ok(Diagnosis {
        code: Icd10Code::parse("E11.9")?,
        treated_on: time::macros::date!(2026 - 11 - 02),
        evidence: Some(evidence),
    })
}

/// What is added as `patient`'s document `id`: a small blob's digest and length, the key's
/// commitment, and the key sealed to the MXE, as `Client::add_document` makes them.
fn document_contents(
    patient: &Pubkey,
    id: u64,
    mxe_key: &[u8; 32],
) -> anyhow::Result<DocumentContents> {
    let address = addresses::document(patient, id);
    let key = DocumentKey::generate();
    let binding = DocumentBinding {
        document: address.to_bytes(),
        version: 1,
    };
    let content = [0x5a; 1_000];
    let blob = document::encrypt(&key, &binding, 1_000, &content[..], std::io::sink())?;
    Ok(DocumentContents {
        category: DocumentCategory::LabReport,
        digest: blob.digest,
        padded_size: blob.len,
        key_commitment: document::key_commitment(&key, &binding),
        sealed_key: seal_file_key(&key, mxe_key, patient, &address)?,
    })
}

/// What `attester` states about `patient` as its attestation `id`, as `Client::attest` seals it.
fn statement(
    attester: &Person,
    patient: &Pubkey,
    id: u64,
    mxe_key: &[u8; 32],
) -> anyhow::Result<Statement> {
    let address = addresses::attestation(&attester.wallet.pubkey(), id);
    let body = diagnosis(id)?.packed()?;
    let salt = rand::random::<u128>();
    let binding = sealed::attestation_binding(&patient.to_bytes(), &address.to_bytes());
    Ok(Statement {
        schema: AttestationSchema::Diagnosis,
        expires_at: None,
        commitment: commitment(&address, body, salt),
        sealed_body: seal_pair([body, salt], mxe_key, binding)?,
    })
}

/// Sends every document and attestation transaction once: accredit, add (by the patient and
/// by a provider under its grant), a key's disclosure and its callback, withdraw, attest (and
/// supersede), a body's disclosure and its callback, revoke. `authority` holds the access
/// configuration.
pub async fn record_transactions(
    recorder: &mut Recorder,
    authority: &Keypair,
) -> anyhow::Result<()> {
    let patient = Person::patient(&mut recorder.client, &example_summary()).await?;
    let provider = Person::funded(&mut recorder.client).await?;
    let (me, lab) = (patient.wallet.pubkey(), provider.wallet.pubkey());
    (recorder.client)
        .register_provider(
            &provider.wallet,
            provider.key.public_key(),
            "County Lab",
            "1234567893",
        )
        .await?;
    (recorder.client)
        .grant(&patient.wallet, &lab, GRANTED, PurposeOfUse::Treatment, DAY)
        .await?;
    let accredit = instructions::accredit_provider(&authority.pubkey(), &lab);
    recorder
        .send("accredit_provider", accredit, authority)
        .await?;
    let mxe_key = recorder.client.mxe_public_key().await?;

    for (id, uploader, name) in [
        (1, &patient, "add_document (patient)"),
        (2, &provider, "add_document (provider under a grant)"),
    ] {
        let contents = document_contents(&me, id, &mxe_key)?;
        let add = instructions::add_document(&uploader.wallet.pubkey(), &me, id, contents, false);
        recorder.send(name, add, &uploader.wallet).await?;
    }
    let document = PairSubject::Document(addresses::document(&me, 1));
    let request = PairRequest::under_grant(&lab, &me, document);
    let disclose = instructions::disclose_sealed_pair(&request, 201, DisclosureRequest::Grant);
    recorder
        .send(
            "disclose_sealed_pair (document key)",
            disclose,
            &provider.wallet,
        )
        .await?;
    recorder
        .deliver("disclose_sealed_pair callback (document key)", 201)
        .await?;
    let withdraw = instructions::withdraw_document(&me, 1);
    recorder
        .send("withdraw_document", withdraw, &patient.wallet)
        .await?;

    let first = statement(&provider, &me, 1, &mxe_key)?;
    let attest = instructions::attest(&lab, &me, 1, first, None);
    recorder.send("attest", attest, &provider.wallet).await?;
    let superseded = Some(addresses::attestation(&lab, 1));
    let second = statement(&provider, &me, 2, &mxe_key)?;
    let attest = instructions::attest(&lab, &me, 2, second, superseded);
    recorder
        .send("attest (superseding another)", attest, &provider.wallet)
        .await?;
    let attestation = addresses::attestation(&lab, 2);
    let request = PairRequest::under_grant(&lab, &me, PairSubject::Attestation(attestation));
    let disclose = instructions::disclose_sealed_pair(&request, 202, DisclosureRequest::Grant);
    recorder
        .send(
            "disclose_sealed_pair (attestation)",
            disclose,
            &provider.wallet,
        )
        .await?;
    recorder
        .deliver("disclose_sealed_pair callback (attestation)", 202)
        .await?;
    let revoke = instructions::revoke_attestation(&lab, &attestation);
    recorder
        .send("revoke_attestation", revoke, &provider.wallet)
        .await?;

    // Sizes count only if the cluster delivered: a pair sealed amiss would call back shorter.
    for offset in [201, 202] {
        let status = recorder.client.disclosure(offset).await?.status;
        anyhow::ensure!(
            status == DisclosureStatus::Delivered,
            "disclosure {offset}: {status:?}"
        );
    }
    Ok(())
}

/// Seconds from queueing a disclosure to holding what it opens, checked.
struct Draw {
    record: f64,
    document: f64,
    attestation: f64,
}

/// The p50 latency of a record's, a document key's and an attestation's disclosure under one
/// grant, interleaved in each round, each kind against the record's p50 of the same round.
pub async fn latency() -> anyhow::Result<Table> {
    let mut clinic = Clinic::open(EmbeddedConnection::in_memory().await?).await?;
    let provider = clinic.provider("Clinic", GRANTED, DAY).await?;
    let Clinic {
        mut client,
        patient,
    } = clinic;
    let me = patient.wallet.pubkey();
    let deployer = client.connection().chain().deployer.insecure_clone();
    let configure =
        instructions::initialize_access_config(&deployer.pubkey(), &deployer.pubkey(), vec![]);
    client.send(configure, &deployer).await?;
    client
        .accredit_provider(&deployer, &provider.wallet.pubkey())
        .await?;
    let diagnosed = diagnosis(1)?;
    let attestation = client
        .attest(&provider.wallet, &me, &diagnosed, Terms::default())
        .await?;
    let work = tempfile::tempdir()?;
    let file = work.path().join("report.pdf");
    std::fs::write(&file, vec![0x5a; 100_000])?;
    let new = NewDocument {
        file: &file,
        category: DocumentCategory::LabReport,
        emergency_access: false,
    };
    let store = DocumentStore::directory(work.path().join("store"))?;
    let document = client
        .add_document(&patient.wallet, &me, new, &store)
        .await?;
    let expected = example_summary().restricted_to(GRANTED);

    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let mut draws = Vec::new();
        for _ in 0..DISCLOSURES {
            let started = Instant::now();
            let offset = client.request_record(&provider.wallet, &me).await?;
            client.connection().chain().deliver(offset).await?;
            let opened = client.open_disclosure(offset, &provider.key).await?;
            anyhow::ensure!(opened.summary == expected, "record {offset}: other values");
            let record = started.elapsed().as_secs_f64();

            let started = Instant::now();
            let request = PairRequest::under_grant(
                &provider.wallet.pubkey(),
                &me,
                PairSubject::Document(document),
            );
            let offset = client
                .request_sealed_pair(&provider.wallet, request, DisclosureRequest::Grant)
                .await?;
            client.connection().chain().deliver(offset).await?;
            let opened = client.open_document_key(offset, &provider.key).await?;
            anyhow::ensure!(opened.address == document, "document key {offset}: another");
            let document = started.elapsed().as_secs_f64();

            let started = Instant::now();
            let offset = client
                .request_attestation(&provider.wallet, &attestation)
                .await?;
            client.connection().chain().deliver(offset).await?;
            let verified = client
                .verify_attestation(offset, &provider.key, &me)
                .await?;
            anyhow::ensure!(
                verified.failure().is_none() && verified.diagnosis.as_ref() == Some(&diagnosed),
                "attestation {offset}: {:?}",
                verified.checks
            );
            draws.push(Draw {
                record,
                document,
                attestation: started.elapsed().as_secs_f64(),
            });
        }
        let p50 = |field: fn(&Draw) -> f64| Spread::of(draws.iter().map(field)).median;
        rounds.push(Draw {
            record: p50(|d| d.record),
            document: p50(|d| d.document),
            attestation: p50(|d| d.attestation),
        });
    }
    Ok(table(&rounds))
}

fn table(rounds: &[Draw]) -> Table {
    let of = |field: fn(&Draw) -> f64| -> Vec<f64> { rounds.iter().map(field).collect() };
    let mut table = latency_table(
        "Document keys and attestations on the embedded chain (request -> cluster executes -> callback -> recipient opens and checks)",
        "disclosure",
        &[
            ("record (baseline): opened, its fields decrypted", of(|d| d.record)),
            (
                "document key: opened, checked against the key commitment",
                of(|d| d.document),
            ),
            ("attestation: opened and verified (6 checks)", of(|d| d.attestation)),
        ],
    );
    table.note(format!(
        "{ROUNDS} rounds of {DISCLOSURES} disclosures of each kind, interleaved, by one provider under one grant (all field sets and documents) on one chain; a round's p50 is the median of its {DISCLOSURES}. The document key's time ends when the key is checked, before any download (the document table gives the stores' rates); the attestation's ends when its body matched the on-chain commitment."
    ));
    table
}
