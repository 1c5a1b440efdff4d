//! Step 12 of the demo: a trial site checks a patient's eligibility without seeing the record.
//! The patient allows it two questions about conditions, allergies and age; it learns one yes
//! or no for each, a third question is refused, and the record itself stays out of its reach.

use super::stage::{Actor, Stage};
use anyhow::bail;
use medshare_sdk::{
    eligibility::{describe, EligibilityQuestion, Term},
    instructions,
    study::Icd10Prefix,
};
use share_medical_records::{
    errors::MedshareError,
    state::{PurposeOfUse, Question, QuestionAllowance, QuestionTerms},
};
use solana_signer::Signer;
use time::OffsetDateTime;

const DAY: i64 = 86_400;

pub async fn run(stage: &mut Stage, patient: &Actor, site: &Actor) -> anyhow::Result<()> {
    let register = instructions::register_provider(
        &site.wallet.pubkey(),
        site.key.public_key(),
        "Riverside Diabetes Trial",
        "1558372946",
    );
    stage
        .send("register_provider", register, &site.wallet)
        .await?;
    let terms = QuestionTerms(
        QuestionTerms::CONDITIONS.0 | QuestionTerms::ALLERGIES.0 | QuestionTerms::AGE.0,
    );
    let allowance = QuestionAllowance {
        terms,
        questions_left: 2,
    };
    let now = stage.client.now().await?;
    let allow = instructions::grant_eligibility(
        &patient.wallet.pubkey(),
        &site.wallet.pubkey(),
        allowance,
        PurposeOfUse::Research,
        now + 30 * DAY,
    );
    stage
        .send("grant_eligibility", allow, &patient.wallet)
        .await?;
    println!("   the patient allows the trial site 2 questions about conditions, allergies and age, and no field");

    let today = OffsetDateTime::from_unix_timestamp(now)?.date();
    let diabetes = Term::present(Icd10Prefix::parse("E11")?);
    let criteria = [
        EligibilityQuestion {
            conditions: vec![diabetes.clone()],
            medications: vec![],
            allergies: vec![],
            sexes: vec![],
            ages: Some((18, 75)),
            on: today,
        },
        EligibilityQuestion {
            conditions: vec![diabetes],
            medications: vec![],
            allergies: vec![Term::absent(0)],
            sexes: vec![],
            ages: None,
            on: today,
        },
    ];
    for criterion in criteria {
        let question = criterion.encode()?;
        ask(stage, patient, site, question).await?;
    }

    let third = Question {
        born_from: 1,
        born_until: 20_000,
        ..Question::default()
    };
    let refused = instructions::ask_question(
        &site.wallet.pubkey(),
        &patient.wallet.pubkey(),
        stage.next_offset(),
        third,
    );
    stage
        .expect_refusal(
            "answer_question (a third)",
            refused,
            &site.wallet,
            MedshareError::QuestionsSpent,
        )
        .await?;
    let pull = instructions::request_record(
        &site.wallet.pubkey(),
        &patient.wallet.pubkey(),
        stage.next_offset(),
    );
    stage
        .expect_refusal(
            "disclose_record (grant)",
            pull,
            &site.wallet,
            MedshareError::FieldsNotGranted,
        )
        .await?;
    println!("   the site learned two bits about the patient; the receipts name each question for the patient and compliance\n");
    Ok(())
}

/// The site asks `question`; the cluster answers for its key alone.
async fn ask(
    stage: &mut Stage,
    patient: &Actor,
    site: &Actor,
    question: Question,
) -> anyhow::Result<()> {
    println!("   question: {}", describe(&question));
    let offset = stage.next_offset();
    let ask = instructions::ask_question(
        &site.wallet.pubkey(),
        &patient.wallet.pubkey(),
        offset,
        question,
    );
    stage.send("answer_question", ask, &site.wallet).await?;
    stage.deliver(offset).await?;
    let answer = stage
        .client
        .open_answer(offset, &question, &site.key)
        .await?;
    let expected = medshare_sdk::eligibility::model::answers_yes(
        &medshare_sdk::record::example_summary(),
        &question,
    )?;
    if answer.yes != expected {
        bail!(
            "the cluster answered {} where the record says {expected}",
            answer.yes
        );
    }
    println!(
        "   the site decrypts its answer: {}",
        if answer.yes { "yes" } else { "no" }
    );
    Ok(())
}
