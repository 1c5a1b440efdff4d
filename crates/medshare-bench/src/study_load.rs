//! `cargo bench -p medshare-bench --bench study_load -- <rpc url> <deployer keypair> [patients]`:
//! contributions per second against `medshare localnet` over JSON-RPC, beside disclosures per
//! second measured in the same run. The deployer holds the access configuration (as after
//! `npm run migrate`) and approves the study. Patients join one at a time, then four at once
//! from four clients (one per shard).

use futures::future::try_join_all;
use medshare_sdk::{
    client::Client,
    clinic::Person,
    connection::RpcConnection,
    instructions,
    study::{cohort::cohort_record, Icd10Prefix, StudyQuestion},
    SecretKey,
};
use share_medical_records::{constants::STUDY_SHARDS, StudyTerms};
use solana_keypair::read_keypair_file;
use solana_signer::Signer;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(120);

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    let url = args
        .first()
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8899".into());
    let deployer = read_keypair_file(args.get(1).map_or("deployer.json", String::as_str))
        .map_err(|error| anyhow::anyhow!("reading the deployer's keypair: {error}"))?;
    let patients: usize = args.get(2).map_or(Ok(20), |n| n.parse())?;
    anyhow::ensure!(
        patients % STUDY_SHARDS as usize == 0,
        "patients must divide among the shards"
    );

    let mut client = Client::new(RpcConnection::new(&url));
    let researcher = Person::funded(&mut client).await?.wallet;
    let now = client.now().await?;
    let question = StudyQuestion {
        diagnosis: Icd10Prefix::parse("E11")?,
        sexes: vec![],
        ages: None,
        reference_date: time::macros::date!(2026 - 01 - 01),
        age_bands: Default::default(),
        medications: vec![],
        categories: vec![],
    };
    let terms = StudyTerms {
        protocol_hash: [1; 32],
        k: 2,
        epsilon_milli: 0,
        min_participants: 2,
        enrol_from: now - 60,
        enrol_until: now + 86_400,
    };
    let study = client
        .register_study(&researcher, rand::random(), question.criteria()?, terms)
        .await?;
    client.approve_study(&deployer, &study).await?;
    let mut members = Vec::new();
    for index in 0..2 * patients {
        members.push(
            Person::patient(&mut client, &cohort_record(index))
                .await?
                .wallet,
        );
    }
    eprintln!("{} patients stored their records", members.len());

    let recipient = SecretKey::generate().public_key();
    let started = Instant::now();
    for patient in &members[..patients] {
        let offset: u64 = rand::random();
        let share = instructions::share_record(&patient.pubkey(), offset, recipient);
        client.send(share, patient).await?;
        client.await_disclosure(offset, WAIT, |_| {}).await?;
    }
    let disclosures = patients as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    for patient in &members[..patients] {
        client
            .join_study(patient, &study, [1; 32], WAIT, |_| {})
            .await?;
    }
    let sequential = patients as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    for batch in members[patients..].chunks(STUDY_SHARDS as usize) {
        try_join_all(batch.iter().map(|patient| {
            let (url, study) = (&url, &study);
            async move {
                let mut client = Client::new(RpcConnection::new(url));
                client
                    .join_study(patient, study, [1; 32], WAIT, |_| {})
                    .await
            }
        }))
        .await?;
    }
    let concurrent = patients as f64 / started.elapsed().as_secs_f64();

    println!("study load against {url}: {patients} per flow");
    println!("disclosures one at a time (baseline): {disclosures:.2}/s");
    println!(
        "joins one at a time:                  {sequential:.2}/s ({:.2}x)",
        sequential / disclosures
    );
    println!(
        "joins four at once:                   {concurrent:.2}/s ({:.2}x)",
        concurrent / disclosures
    );
    Ok(())
}
