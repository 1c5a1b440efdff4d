//! Research studies: every study transaction sent once (for the footprint table), and
//! contributions per second on the embedded chain against disclosures per second measured in
//! the same run.

use crate::{footprint::Recorder, spread::Spread, table::Table};
use medshare_sdk::{
    addresses,
    client::Client,
    clinic::Person,
    connection::EmbeddedConnection,
    instructions,
    study::{cohort::cohort_record, Icd10Prefix, StudyQuestion},
    SecretKey,
};
use share_medical_records::{constants::STUDY_SHARDS, StudyTerms};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::time::Instant;

/// Records' contributions timed per round, and rounds.
const CONTRIBUTIONS: usize = 20;
const ROUNDS: usize = 3;

fn question() -> StudyQuestion {
    StudyQuestion {
        diagnosis: Icd10Prefix::parse("E11").expect("a prefix"),
        sexes: vec![],
        ages: Some((18, 110)),
        reference_date: time::macros::date!(2026 - 01 - 01),
        age_bands: Default::default(),
        medications: vec![medshare_sdk::study::cohort::METFORMIN],
        categories: vec![],
    }
}

fn terms(now: i64) -> StudyTerms {
    StudyTerms {
        protocol_hash: [1; 32],
        k: 2,
        epsilon_milli: 0,
        min_participants: 2,
        enrol_from: now - 60,
        enrol_until: now + 86_400,
    }
}

/// `count` funded patients, each with a cohort record stored.
async fn patients(
    client: &mut Client<EmbeddedConnection>,
    count: usize,
) -> anyhow::Result<Vec<Keypair>> {
    let mut patients = Vec::new();
    for index in 0..count {
        patients.push(Person::patient(client, &cohort_record(index)).await?.wallet);
    }
    Ok(patients)
}

/// An approved study of `researcher` on `client`'s chain, `authority` holding the access
/// configuration.
async fn approved_study(
    client: &mut Client<EmbeddedConnection>,
    researcher: &Keypair,
    authority: &Keypair,
) -> anyhow::Result<Pubkey> {
    let now = client.now().await?;
    let study = client
        .register_study(researcher, 1, question().criteria()?, terms(now))
        .await?;
    client.approve_study(authority, &study).await?;
    Ok(study)
}

/// Sends every study transaction once: register, approve, joins, a leave, close, the reveal.
pub async fn record_transactions(
    recorder: &mut Recorder,
    authority: &Keypair,
) -> anyhow::Result<()> {
    let researcher = Person::funded(&mut recorder.client).await?.wallet;
    let members = patients(&mut recorder.client, 3).await?;
    let now = recorder.client.now().await?;
    let register =
        instructions::register_study(&researcher.pubkey(), 1, question().criteria()?, terms(now));
    recorder
        .send("register_study", register, &researcher)
        .await?;
    let study = addresses::study(&researcher.pubkey(), 1);
    let approve = instructions::approve_study(&authority.pubkey(), &study);
    recorder.send("approve_study", approve, authority).await?;
    let mut offset = 100;
    for (shard, patient) in (0u8..).zip(&members) {
        offset += 1;
        let join = instructions::join_study(&patient.pubkey(), &study, shard, [1; 32], offset);
        recorder.send("join_study", join, patient).await?;
        recorder.deliver("join_study callback", offset).await?;
    }
    offset += 1;
    let leave = instructions::leave_study(&members[2].pubkey(), &study, 2, offset);
    recorder.send("leave_study", leave, &members[2]).await?;
    recorder.deliver("leave_study callback", offset).await?;
    let close = instructions::close_study(&researcher.pubkey(), &study);
    recorder.send("close_study", close, &researcher).await?;
    offset += 1;
    let reveal = instructions::reveal_study(&researcher.pubkey(), &study, offset);
    recorder.send("reveal_study", reveal, &researcher).await?;
    recorder.deliver("reveal_study callback", offset).await?;
    Ok(())
}

/// Seconds `count` runs of `run` take, one after the other.
async fn timed<F, Fut>(count: usize, mut run: F) -> anyhow::Result<f64>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let started = Instant::now();
    for index in 0..count {
        run(index).await?;
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Contributions per second, one at a time and four at once (one per shard), against
/// disclosures per second one at a time, each round on a fresh chain.
pub async fn throughput() -> anyhow::Result<Table> {
    let (mut sequential, mut concurrent, mut baseline) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let chain = medshare_sdk::embedded::start().await?;
        let mut client = Client::new(EmbeddedConnection::from_chain(chain));
        let authority = Person::funded(&mut client).await?.wallet;
        let researcher = Person::funded(&mut client).await?.wallet;
        let deployer = client.connection().chain().deployer.insecure_clone();
        let configure =
            instructions::initialize_access_config(&deployer.pubkey(), &authority.pubkey(), vec![]);
        client.send(configure, &deployer).await?;
        let study = approved_study(&mut client, &researcher, &authority).await?;
        let members = patients(&mut client, 2 * CONTRIBUTIONS).await?;
        let recipient = SecretKey::generate().public_key();

        let cell = std::cell::RefCell::new(&mut client);
        let disclosures = timed(CONTRIBUTIONS, |index| {
            let (cell, patient) = (&cell, &members[index]);
            async move {
                let mut client = cell.borrow_mut();
                let offset = 1_000 + index as u64;
                let share = instructions::share_record(&patient.pubkey(), offset, recipient);
                client.send(share, patient).await?;
                client.connection().chain().deliver(offset).await?;
                anyhow::Ok(())
            }
        })
        .await?;
        let joins = timed(CONTRIBUTIONS, |index| {
            let (cell, patient) = (&cell, &members[index]);
            async move {
                let mut client = cell.borrow_mut();
                let offset = 2_000 + index as u64;
                let shard = (index % STUDY_SHARDS as usize) as u8;
                let join =
                    instructions::join_study(&patient.pubkey(), &study, shard, [1; 32], offset);
                client.send(join, patient).await?;
                client.connection().chain().deliver(offset).await?;
                anyhow::Ok(())
            }
        })
        .await?;
        let batches = CONTRIBUTIONS / STUDY_SHARDS as usize;
        let four_at_once = timed(batches, |batch| {
            let cell = &cell;
            let members = &members[CONTRIBUTIONS..];
            async move {
                let mut client = cell.borrow_mut();
                for shard in 0..STUDY_SHARDS {
                    let index = batch * STUDY_SHARDS as usize + shard as usize;
                    let patient = &members[index];
                    let offset = 3_000 + index as u64;
                    let join =
                        instructions::join_study(&patient.pubkey(), &study, shard, [1; 32], offset);
                    client.send(join, patient).await?;
                }
                client.connection().chain().deliver_all().await?;
                anyhow::Ok(())
            }
        })
        .await?;
        baseline.push(CONTRIBUTIONS as f64 / disclosures);
        sequential.push(CONTRIBUTIONS as f64 / joins);
        concurrent.push((batches * STUDY_SHARDS as usize) as f64 / four_at_once);
    }
    let mut table = Table::new(
        "Study contributions on the embedded chain",
        &[
            "flow",
            "per second (median of rounds)",
            "x disclosures, same round",
        ],
    );
    let median = |values: &[f64]| Spread::of(values.iter().copied()).median;
    let over = |values: &[f64]| format!("{:.2}x", Spread::of_ratios(values, &baseline).median);
    table.row(vec![
        "disclosure (baseline): queue, evaluate, call back".into(),
        format!("{:.2}", median(&baseline)),
        "1.00x".into(),
    ]);
    table.row(vec![
        "join: queue, evaluate, call back, one at a time".into(),
        format!("{:.2}", median(&sequential)),
        over(&sequential),
    ]);
    table.row(vec![
        format!("joins, {STUDY_SHARDS} at once (one per shard)"),
        format!("{:.2}", median(&concurrent)),
        over(&concurrent),
    ]);
    table.note(format!(
        "{CONTRIBUTIONS} contributions per flow and round, {ROUNDS} rounds, each on a fresh chain; the single-process cluster evaluates one circuit at a time, so four shards in flight measure the chain's side, not parallel MPC."
    ));
    Ok(table)
}
