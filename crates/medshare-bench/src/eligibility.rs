//! Eligibility answers on chain: every transaction sent once (for the footprint table), and an
//! answer's latency timed against a record's disclosure in the same rounds.

use crate::{
    footprint::Recorder,
    spread::{latency_table, Spread},
    table::Table,
};
use medshare_sdk::{
    clinic::{Clinic, Person},
    connection::EmbeddedConnection,
    eligibility::{model::answers_yes, EligibilityQuestion, Term},
    instructions,
    record::{example_summary, FieldSet},
    study::Icd10Prefix,
};
use share_medical_records::state::{
    DisclosureStatus, PurposeOfUse, Question, QuestionAllowance, QuestionTerms,
};
use solana_signer::Signer;
use std::time::{Duration, Instant};

const DAY: Duration = Duration::from_secs(86_400);
/// Answers and disclosures per round, and rounds.
const DRAWS: usize = 10;
const ROUNDS: usize = 5;

/// "Type 2 diabetes, aged 18 to 75, no penicillin allergy": three kinds of term.
fn trial_question() -> anyhow::Result<Question> {
    let question = EligibilityQuestion {
        conditions: vec![Term::present(Icd10Prefix::parse("E11")?)],
        medications: vec![],
        allergies: vec![Term::absent(0)],
        sexes: vec![],
        ages: Some((18, 75)),
        on: time::macros::date!(2026 - 12 - 06),
    };
    Ok(question.encode()?)
}

fn allowance(questions: u16) -> QuestionAllowance {
    QuestionAllowance {
        terms: QuestionTerms::ALL,
        questions_left: questions,
    }
}

/// Sends every eligibility transaction once: the grant, a question under it and its callback,
/// and a patient's own answer for a key and its callback.
pub async fn record_transactions(recorder: &mut Recorder) -> anyhow::Result<()> {
    let patient = Person::patient(&mut recorder.client, &example_summary()).await?;
    let site = Person::funded(&mut recorder.client).await?;
    let (me, verifier) = (patient.wallet.pubkey(), site.wallet.pubkey());
    (recorder.client)
        .register_provider(
            &site.wallet,
            site.key.public_key(),
            "Trial Site",
            "1234567893",
        )
        .await?;
    let expires_at = recorder.client.expiry_after(DAY).await?;
    let grant = instructions::grant_eligibility(
        &me,
        &verifier,
        allowance(2),
        PurposeOfUse::Research,
        expires_at,
    );
    recorder
        .send("grant_eligibility", grant, &patient.wallet)
        .await?;
    let question = trial_question()?;
    let ask = instructions::ask_question(&verifier, &me, 301, question);
    recorder
        .send(
            "answer_question (verifier under a grant)",
            ask,
            &site.wallet,
        )
        .await?;
    recorder.deliver("answer_question callback", 301).await?;
    let answer = instructions::answer_for(&me, 302, site.key.public_key(), question);
    recorder
        .send(
            "answer_question (the patient, for a key)",
            answer,
            &patient.wallet,
        )
        .await?;
    recorder.deliver("answer_question callback", 302).await?;
    for offset in [301, 302] {
        let status = recorder.client.disclosure(offset).await?.status;
        anyhow::ensure!(
            status == DisclosureStatus::Delivered,
            "answer {offset}: {status:?}"
        );
    }
    Ok(())
}

/// Seconds from queueing to holding the opened, checked result.
struct Draw {
    record: f64,
    answer: f64,
}

/// The p50 latency of an answer against a record's disclosure, interleaved in each round: one
/// provider pulls the record under a grant of every field, a trial site asks under an
/// eligibility grant (a provider holds one grant from a patient, so they are two).
pub async fn latency() -> anyhow::Result<Table> {
    let mut clinic = Clinic::open(EmbeddedConnection::in_memory().await?).await?;
    let provider = clinic.provider("Clinic", FieldSet::ALL, DAY).await?;
    let Clinic {
        mut client,
        patient,
    } = clinic;
    let me = patient.wallet.pubkey();
    let site = Person::funded(&mut client).await?;
    client
        .register_provider(
            &site.wallet,
            site.key.public_key(),
            "Trial Site",
            "1234567893",
        )
        .await?;
    let questions = (ROUNDS * DRAWS) as u16;
    client
        .grant_eligibility(
            &patient.wallet,
            &site.wallet.pubkey(),
            allowance(questions),
            PurposeOfUse::Research,
            DAY,
        )
        .await?;
    let question = trial_question()?;
    let expected = answers_yes(&example_summary(), &question)?;

    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let mut draws = Vec::new();
        for _ in 0..DRAWS {
            let started = Instant::now();
            let offset = client.request_record(&provider.wallet, &me).await?;
            client.connection().chain().deliver(offset).await?;
            let opened = client.open_disclosure(offset, &provider.key).await?;
            anyhow::ensure!(
                opened.summary == example_summary(),
                "record {offset}: other values"
            );
            let record = started.elapsed().as_secs_f64();

            let started = Instant::now();
            let offset = client.ask(&site.wallet, &me, question).await?;
            client.connection().chain().deliver(offset).await?;
            let answer = client.open_answer(offset, &question, &site.key).await?;
            anyhow::ensure!(answer.yes == expected, "answer {offset}: {}", answer.yes);
            draws.push(Draw {
                record,
                answer: started.elapsed().as_secs_f64(),
            });
        }
        let p50 = |field: fn(&Draw) -> f64| Spread::of(draws.iter().map(field)).median;
        rounds.push(Draw {
            record: p50(|d| d.record),
            answer: p50(|d| d.answer),
        });
    }
    Ok(table(&rounds))
}

fn table(rounds: &[Draw]) -> Table {
    let of = |field: fn(&Draw) -> f64| -> Vec<f64> { rounds.iter().map(field).collect() };
    let mut table = latency_table(
        "Eligibility answers on the embedded chain (request -> cluster executes -> callback -> recipient opens and checks)",
        "request",
        &[
            ("record disclosure (baseline): every field, decrypted", of(|d| d.record)),
            (
                "eligibility answer: three terms, opened and checked against its question",
                of(|d| d.answer),
            ),
        ],
    );
    table.note(format!(
        "{ROUNDS} rounds of {DRAWS} requests of each kind, interleaved, on one chain; a round's p50 is the median of its {DRAWS}. The answer's time ends when its tag matched the question's hash."
    ));
    table
}
