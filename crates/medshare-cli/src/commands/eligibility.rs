//! `medshare patient allow-questions|answer|questions` and `medshare provider ask|answer`:
//! eligibility questions, answered yes or no by the cluster without the record leaving its
//! encryption (`docs/eligibility.md`).

use super::{parse_ages, parse_date, parse_duration, parse_pubkey, parse_sex, parse_x25519_key};
use super::{patient::Purpose, Progress};
use crate::{
    display::timestamp,
    failure::{fail, Exit},
};
use anyhow::Context;
use clap::{Args, Subcommand};
use medshare_sdk::{
    accounting::status_words,
    client::{Client, ClientError, Party},
    connection::Connection,
    eligibility::{describe, Answer, EligibilityQuestion, Term},
    record::{Sex, ALLERGENS},
    study::Icd10Prefix,
    SecretKey,
};
use share_medical_records::state::{
    Disclosure, DisclosureBasis, DisclosureSubject, Grant, ProviderProfile, Question,
    QuestionAllowance, QuestionTerms,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::time::Duration;
use time::{Date, OffsetDateTime};

/// A question about one record; every term given must hold.
#[derive(Args, Debug)]
pub struct QuestionArgs {
    /// An ICD-10 code or prefix the record must hold (E11, E11.6...); at most two with
    /// --no-diagnosis.
    #[arg(long)]
    diagnosis: Vec<String>,
    /// An ICD-10 code or prefix the record must not hold.
    #[arg(long)]
    no_diagnosis: Vec<String>,
    /// An RxNorm concept the patient must be taking; at most two with --not-taking.
    #[arg(long)]
    taking: Vec<u32>,
    /// An RxNorm concept the patient must not be taking.
    #[arg(long)]
    not_taking: Vec<u32>,
    /// An allergen class the record must flag (penicillins, peanut, latex...).
    #[arg(long)]
    allergic_to: Vec<String>,
    /// An allergen class the record must not flag.
    #[arg(long)]
    not_allergic_to: Vec<String>,
    /// Sexes that match, comma-separated (female, male, other, unknown).
    #[arg(long, value_delimiter = ',', value_parser = parse_sex)]
    sex: Vec<Sex>,
    /// Ages that match, inclusive, in whole years on --on, such as 18-65. A record without a
    /// birth date never matches.
    #[arg(long, value_parser = parse_ages)]
    age: Option<(u32, u32)>,
    /// The date ages are counted at (default: today on the chain's clock).
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
}

impl QuestionArgs {
    /// The question as the program takes it, ages counted at --on or at `today`.
    fn encode(&self, today: Date) -> anyhow::Result<Question> {
        let prefixes = |codes: &[String], present: bool| {
            codes
                .iter()
                .map(|code| Ok(term(Icd10Prefix::parse(code)?, present)))
                .collect::<anyhow::Result<Vec<_>>>()
        };
        let allergens = |names: &[String], present: bool| {
            names
                .iter()
                .map(|name| {
                    let index = ALLERGENS
                        .iter()
                        .position(|allergen| allergen.name.eq_ignore_ascii_case(name))
                        .ok_or_else(|| {
                            let known: Vec<&str> = ALLERGENS.iter().map(|a| a.name).collect();
                            fail(
                                Exit::Input,
                                format!(
                                    "unknown allergen class {name:?}; known: {}",
                                    known.join(", ")
                                ),
                            )
                        })?;
                    Ok(term(index, present))
                })
                .collect::<anyhow::Result<Vec<_>>>()
        };
        let codes = |present: &[u32], absent: &[u32]| {
            let taken = present.iter().map(|code| term(*code, true));
            taken
                .chain(absent.iter().map(|code| term(*code, false)))
                .collect()
        };
        let question = EligibilityQuestion {
            conditions: [
                prefixes(&self.diagnosis, true)?,
                prefixes(&self.no_diagnosis, false)?,
            ]
            .concat(),
            medications: codes(&self.taking, &self.not_taking),
            allergies: [
                allergens(&self.allergic_to, true)?,
                allergens(&self.not_allergic_to, false)?,
            ]
            .concat(),
            sexes: self.sex.clone(),
            ages: self.age,
            on: self.on.unwrap_or(today),
        };
        question.encode().map_err(|error| {
            fail(
                Exit::Input,
                format!("this question cannot be asked: {error}"),
            )
        })
    }
}

fn term<T>(code: T, present: bool) -> Term<T> {
    Term { code, present }
}

/// The kinds of term an eligibility grant covers, as named on the command line.
const TERM_NAMES: [(QuestionTerms, &str); 5] = [
    (QuestionTerms::CONDITIONS, "conditions"),
    (QuestionTerms::MEDICATIONS, "medications"),
    (QuestionTerms::ALLERGIES, "allergies"),
    (QuestionTerms::SEX, "sex"),
    (QuestionTerms::AGE, "age"),
];

fn parse_terms(text: &str) -> Result<QuestionTerms, String> {
    text.split(',').map(str::trim).try_fold(QuestionTerms(0), |terms, name| {
        let (kind, _) = TERM_NAMES.iter().find(|(_, known)| *known == name).ok_or_else(|| {
            format!("unknown kind of term {name:?}; known: conditions, medications, allergies, sex, age")
        })?;
        Ok(QuestionTerms(terms.0 | kind.0))
    })
}

fn term_names(terms: QuestionTerms) -> String {
    let names: Vec<&str> = (TERM_NAMES.iter())
        .filter(|(kind, _)| terms.contains(*kind))
        .map(|(_, name)| *name)
        .collect();
    names.join(", ")
}

#[derive(Subcommand)]
pub enum PatientQuestionCommand {
    /// Let a registered verifier (an insurer, a trial site, a pharmacy) ask yes-or-no
    /// questions about your record, of the kinds you choose, up to a number of questions.
    /// It learns one yes or no per question and no field. It replaces any grant of fields to
    /// the same provider.
    ///
    /// Example: medshare patient allow-questions 7Xf...Q2 --terms conditions,age --questions 2
    AllowQuestions {
        /// The verifier's wallet address.
        #[arg(value_parser = parse_pubkey)]
        verifier: Pubkey,
        /// Kinds of term it may ask about: conditions, medications, allergies, sex, age.
        #[arg(long, value_parser = parse_terms)]
        terms: QuestionTerms,
        /// How many questions it may ask, answered or not. Each answer is one bit about you:
        /// keep this small.
        #[arg(long, default_value_t = 1)]
        questions: u16,
        #[arg(long, value_enum, default_value_t = Purpose::Research)]
        purpose: Purpose,
        #[arg(long, value_parser = parse_duration, default_value = "30d")]
        expires_in: Duration,
    },
    /// Answer a verifier's question yourself: the cluster sends it the answer, encrypted for
    /// its key, and nothing else.
    ///
    /// Example: medshare patient answer 7Xf...Q2 --diagnosis E11 --age 18-65
    Answer {
        /// The verifier's wallet address (its registered key receives the answer).
        #[arg(value_parser = parse_pubkey, required_unless_present = "key")]
        verifier: Option<Pubkey>,
        /// Or an x25519 key, as 64 hex digits.
        #[arg(long, value_parser = parse_x25519_key, conflicts_with = "verifier")]
        key: Option<[u8; 32]>,
        #[command(flatten)]
        question: QuestionArgs,
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// List the questions asked about your record: who asked what, when, and whether it was
    /// answered (the answer itself went only to the asker).
    ///
    /// Example: medshare patient questions
    Questions,
}

#[derive(Subcommand)]
pub enum VerifierCommand {
    /// Ask a yes-or-no question about a patient's record under their eligibility grant.
    ///
    /// Example: medshare provider ask 9Qm...Hk --diagnosis E11 --age 18-65 --not-allergic-to penicillins
    Ask {
        /// The patient's wallet address.
        #[arg(value_parser = parse_pubkey)]
        patient: Pubkey,
        #[command(flatten)]
        question: QuestionArgs,
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Open an answer a patient had sent to your key, with the question it answers.
    ///
    /// Example: medshare provider answer 1234567890
    Answer {
        /// The computation offset the patient gave you.
        offset: u64,
    },
}

pub async fn run_patient<C: Connection>(
    command: &PatientQuestionCommand,
    wallet: &Keypair,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let me = wallet.pubkey();
    match command {
        PatientQuestionCommand::AllowQuestions {
            verifier,
            terms,
            questions,
            purpose,
            expires_in,
        } => {
            let profile = profile(client, verifier).await?;
            let allowance = QuestionAllowance {
                terms: *terms,
                questions_left: *questions,
            };
            let expires_at = client
                .grant_eligibility(wallet, verifier, allowance, (*purpose).into(), *expires_in)
                .await
                .context("allowing questions")?;
            println!(
                "{} ({verifier}) may ask {questions} question(s) about {} until {}",
                profile.name,
                term_names(*terms),
                timestamp(expires_at)
            );
            println!("each answer is one yes or no; {questions} answer(s) tell at most {questions} bit(s) about you");
        }
        PatientQuestionCommand::Answer {
            verifier,
            key,
            question,
            timeout,
        } => {
            let recipient_key = match (key, verifier) {
                (Some(key), _) => *key,
                (None, Some(verifier)) => profile(client, verifier).await?.encryption_key,
                (None, None) => {
                    return Err(fail(
                        Exit::Input,
                        "name the verifier's wallet, or its --key",
                    ))
                }
            };
            let question = question.encode(today(client).await?)?;
            eprintln!("question: {}", describe(&question));
            let offset = client
                .answer_for(wallet, recipient_key, question)
                .await
                .context("answering the question")?;
            let receipt = wait(client, wallet, offset, *timeout).await?;
            println!(
                "answer {offset} {}: give the verifier this number to open it",
                status_words(receipt.status)
            );
        }
        PatientQuestionCommand::Questions => {
            let receipts = client.disclosures(Party::Patient(me)).await?;
            let asked: Vec<_> = (receipts.iter())
                .filter(|receipt| matches!(receipt.subject, DisclosureSubject::Answer { .. }))
                .collect();
            if asked.is_empty() {
                println!("no questions asked");
            }
            for receipt in asked {
                let question = match client.asked_question(receipt).await {
                    Ok(question) => describe(&question),
                    Err(error) => format!("(question not found: {error})"),
                };
                let asker = if receipt.provider == Pubkey::default() {
                    "you, for a key".to_string()
                } else {
                    receipt.provider.to_string()
                };
                println!(
                    "{}  {}  {asker}  {}: {question}",
                    receipt.computation_offset,
                    timestamp(receipt.queued_at),
                    status_words(receipt.status)
                );
            }
        }
    }
    Ok(())
}

pub async fn run_verifier<C: Connection>(
    command: &VerifierCommand,
    wallet: &Keypair,
    key: &SecretKey,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let (offset, question) = match command {
        VerifierCommand::Ask {
            patient,
            question,
            timeout,
        } => {
            let question = question.encode(today(client).await?)?;
            eprintln!("question: {}", describe(&question));
            let offset = client
                .ask(wallet, patient, question)
                .await
                .context("asking the question")?;
            wait(client, wallet, offset, *timeout).await?;
            (offset, question)
        }
        VerifierCommand::Answer { offset } => {
            let receipt = client.disclosure(*offset).await?;
            let question = client.asked_question(&receipt).await?;
            eprintln!("question: {}", describe(&question));
            (*offset, question)
        }
    };
    let Answer { receipt, yes, .. } = client
        .open_answer(offset, &question, key)
        .await
        .context("opening the answer")?;
    println!("answer {offset}: {}", if yes { "yes" } else { "no" });
    if let DisclosureBasis::Grant(grant) = receipt.basis {
        if let Some(grant) = client.fetch::<Grant>(grant).await? {
            let left = grant.questions.questions_left;
            eprintln!("{left} question(s) left under the patient's grant");
        }
    }
    Ok(())
}

async fn profile<C: Connection>(
    client: &mut Client<C>,
    wallet: &Pubkey,
) -> anyhow::Result<ProviderProfile> {
    client
        .fetch(medshare_sdk::addresses::provider(wallet))
        .await?
        .ok_or_else(|| {
            fail(
                Exit::NotFound,
                format!("no provider is registered with wallet {wallet} on this chain"),
            )
        })
}

/// Today on the chain's clock.
async fn today<C: Connection>(client: &mut Client<C>) -> anyhow::Result<Date> {
    let now = client.now().await?;
    Ok(OffsetDateTime::from_unix_timestamp(now)?.date())
}

/// Waits for the cluster's answer, closing the computation out if the cluster dropped it.
async fn wait<C: Connection>(
    client: &mut Client<C>,
    wallet: &Keypair,
    offset: u64,
    seconds: u64,
) -> anyhow::Result<Disclosure> {
    let mut progress = Progress::new("the cluster is answering");
    let waited = client
        .await_disclosure(offset, Duration::from_secs(seconds), |waited| {
            progress.report(waited)
        })
        .await;
    drop(progress);
    if let Err(ClientError::Dropped { offset }) = waited {
        client.close_out(offset, wallet).await?;
        let dropped =
            format!("the cluster dropped question {offset}; closed out, nothing was answered");
        return Err(fail(Exit::Refused, dropped));
    }
    Ok(waited?)
}
