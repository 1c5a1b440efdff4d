//! The demo's research chapter: a study of type 2 diabetes over 24 patients' records, counted
//! by the cluster and revealed only where at least k patients stand behind a number.

use super::stage::{Actor, Stage};
use crate::commands::research;
use anyhow::{bail, Context};
use medshare_sdk::{
    client::Client,
    clinic::Person,
    connection::EmbeddedConnection,
    record::Icd10Code,
    study::{
        cohort::{cohort_record, LISINOPRIL, METFORMIN},
        model, AgeBands, Icd10Prefix, StudyQuestion,
    },
};
use share_medical_records::{constants::STUDY_COUNTERS, state::structural_zeros, StudyTerms};
use solana_keypair::Keypair;
use solana_program::{hash::hash, pubkey::Pubkey};
use std::time::Duration;
use time::macros::date;

const PATIENTS: usize = 24;
const K: u32 = 5;
const WAIT: Duration = Duration::from_secs(60);
const PROTOCOL: &[u8] = b"Protocol MS-2026-01: prevalence of type 2 diabetes (ICD-10 E11) among adults, with metformin and lisinopril use, hypertension (I10) and lipid disorders (E78), by sex and age band. Approved by the ethics board.";

/// Runs the chapter; `board` is the access configuration's authority, which approves studies.
pub async fn run(stage: &mut Stage, board: &Actor, researcher: &Actor) -> anyhow::Result<()> {
    let question = StudyQuestion {
        diagnosis: Icd10Prefix::parse("E11")?,
        sexes: vec![],
        ages: Some((18, 110)),
        reference_date: date!(2026 - 01 - 01),
        age_bands: AgeBands::default(),
        medications: vec![METFORMIN, LISINOPRIL],
        categories: vec![Icd10Code::parse("I10")?, Icd10Code::parse("E78")?],
    };
    let criteria = question.criteria()?;
    let now = stage.client.now().await?;
    let terms = StudyTerms {
        protocol_hash: hash(PROTOCOL).to_bytes(),
        k: K,
        epsilon_milli: 0,
        min_participants: 10,
        enrol_from: now,
        enrol_until: now + 30 * 86_400,
    };
    let study = stage
        .client
        .register_study(&researcher.wallet, 1, criteria, terms)
        .await
        .context("registering the study")?;
    println!("   the researcher registers study {study}: E11 among adults, k = {K}");
    stage.client.approve_study(&board.wallet, &study).await?;
    println!("   the compliance officer, as the ethics board's key, approves it; its criteria are now fixed");

    let patients = enrol(&mut stage.client, &study, terms.protocol_hash).await?;
    let (leaver_index, leaver) = &patients[3];
    stage
        .client
        .leave_study(leaver, &study, WAIT, |_| {})
        .await
        .context("leaving the study")?;
    println!(
        "   patient {} changes their mind and leaves: the cluster subtracts what the join added",
        leaver_index + 1
    );

    stage.client.close_study(&researcher.wallet, &study).await?;
    let revealed = stage
        .client
        .reveal_study(&researcher.wallet, &study, WAIT, |_| {})
        .await
        .context("revealing the study")?;
    println!("   the researcher closes enrolment and asks for the one reveal:");
    print!("{}", research::results(&revealed, false));

    let counted: Vec<usize> = (0..PATIENTS)
        .filter(|index| index != leaver_index)
        .collect();
    let expected = counted
        .iter()
        .try_fold([0; STUDY_COUNTERS], |total, index| {
            let contribution = model::contribution(&cohort_record(*index), &criteria)?;
            anyhow::Ok(std::array::from_fn(|cell| total[cell] + contribution[cell]))
        })?;
    if revealed.results != model::reveal_exact(&expected, K, structural_zeros(&criteria)) {
        bail!("the revealed counts differ from the records' own");
    }
    println!(
        "   {} participants on chain, each a join its patient signed, equal the count inside the signed result; no one saw a record",
        revealed.participants
    );
    Ok(())
}

/// Stores a record for each of the cohort's patients and enters it in `study`.
async fn enrol(
    client: &mut Client<EmbeddedConnection>,
    study: &Pubkey,
    protocol_hash: [u8; 32],
) -> anyhow::Result<Vec<(usize, Keypair)>> {
    let mut patients = Vec::new();
    for index in 0..PATIENTS {
        let wallet = Person::patient(client, &cohort_record(index)).await?.wallet;
        client
            .join_study(&wallet, study, protocol_hash, WAIT, |_| {})
            .await
            .with_context(|| format!("patient {} joining", index + 1))?;
        patients.push((index, wallet));
    }
    println!(
        "   {PATIENTS} patients store their records and join, some with E11 and some without: every record adds to the encrypted tally, so no join says which"
    );
    Ok(patients)
}
