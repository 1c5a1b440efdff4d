//! Searches for a way around the eligibility rules: the compiled circuit against its model on
//! random records and questions; random questions for one the program accepts although every
//! record answers it alike (or refuses although it tells records apart); random attackers
//! against the allowance; and what many questions add up to.

use super::*;
use common::{
    circuits::{stored, Circuits},
    random::*,
};
use medshare_sdk::{
    instructions::ANSWER_QUESTION_CIRCUIT,
    record::{
        decode_date, seal_record, ClinicalSummary, Condition, Icd10Code, Medication, ALLERGENS,
    },
};
use rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};
use share_medical_records::{
    instructions::answer_arguments,
    state::{ABSENT, PRESENT},
};
use solana_program::pubkey::Pubkey;
use std::collections::HashMap;

const CONCEPTS: [u32; 4] = [860975, 314076, 197361, 1191];

/// A code of `length` characters whose first characters are the prefix `value` of `prefix_length`.
fn code_with_prefix(rng: &mut StdRng, value: u32, prefix_length: u32) -> Icd10Code {
    let length = rng.gen_range(prefix_length.max(3)..=6);
    let packed = (prefix_length..length).fold(value, |packed, position| {
        // The second character is a digit ('0'..'9' are 1..10), the others any of 1..36.
        let digit = if position == 1 {
            rng.gen_range(1..=10)
        } else {
            rng.gen_range(1..=36)
        };
        packed + digit * 37u32.pow(position)
    });
    Icd10Code::from_packed(packed).expect("a valid code")
}

fn prefix_length(modulus: u32) -> u32 {
    (0..=6).find(|n| 37u32.pow(*n) == modulus).unwrap()
}

/// A random question of one to five kinds of term (one or two most often), often with terms
/// that overlap or contradict: what an attacker probing the rules would try. Not always valid.
fn random_question(rng: &mut StdRng) -> Question {
    let mut question = Question::default();
    let kinds = match rng.gen_range(0..10) {
        0..=3 => 1,
        4..=6 => 2,
        _ => rng.gen_range(3..=5),
    };
    let mut asked = [false; 5];
    for kind in rand::seq::index::sample(rng, 5, kinds) {
        asked[kind] = true;
    }
    let [conditions, medications, allergies, sexes, ages] = asked;
    let base = random_code(rng).packed();
    let rule = |rng: &mut StdRng| [PRESENT, ABSENT][rng.gen_range(0..2)];
    for t in 0..2 {
        if conditions && (t == 0 || rng.gen_bool(0.5)) {
            // Prefixes of one code, so that terms nest; sometimes of another.
            let code = if rng.gen_bool(0.7) {
                base
            } else {
                random_code(rng).packed()
            };
            let modulus = 37u32.pow(rng.gen_range(1..=4));
            question.condition_rules[t] = rule(rng);
            question.condition_prefixes[t] = code % modulus;
            question.condition_moduli[t] = modulus;
        }
        if medications && (t == 0 || rng.gen_bool(0.5)) {
            question.medication_rules[t] = rule(rng);
            question.medications[t] = CONCEPTS[rng.gen_range(0..2)];
        }
    }
    if allergies {
        let mask = |rng: &mut StdRng| {
            (0..ALLERGENS.len())
                .filter(|_| rng.gen_bool(0.08))
                .fold(0u32, |mask, i| mask | 1 << i)
        };
        question.allergies_present = mask(rng);
        question.allergies_absent = mask(rng);
    }
    if sexes {
        question.sexes = rng.gen_range(1..16);
    }
    if ages {
        let from = if rng.gen_bool(0.2) {
            1
        } else {
            rng.gen_range(1..u16::MAX)
        };
        question.born_from = from;
        question.born_until = if rng.gen_bool(0.2) {
            u16::MAX
        } else {
            rng.gen_range(from..=u16::MAX)
        };
    }
    question
}

/// A record built to satisfy `question`: the search's first guess for a "yes". Its codes are
/// drawn at random within each term, so a contradiction the rules missed shows as a miss.
fn built_to_satisfy(rng: &mut StdRng, question: &Question) -> ClinicalSummary {
    let mut summary = random_summary(rng);
    summary.conditions.truncate(4);
    summary.medications.truncate(4);
    for t in 0..2 {
        let (prefix, modulus) = (question.condition_prefixes[t], question.condition_moduli[t]);
        if question.condition_rules[t] == PRESENT {
            let code = code_with_prefix(rng, prefix, prefix_length(modulus));
            summary.conditions.push(Condition { code, onset: None });
        }
        if question.medication_rules[t] == PRESENT {
            let rxcui = question.medications[t];
            summary.medications.push(Medication {
                rxcui,
                started: None,
            });
        }
    }
    for t in 0..2 {
        let (prefix, modulus) = (question.condition_prefixes[t], question.condition_moduli[t]);
        if question.condition_rules[t] == ABSENT {
            summary
                .conditions
                .retain(|condition| condition.code.packed() % modulus != prefix);
        }
        if question.medication_rules[t] == ABSENT {
            summary
                .medications
                .retain(|taken| taken.rxcui != question.medications[t]);
        }
    }
    let mut flags: Vec<bool> = summary.allergies.flags().collect();
    for (i, flag) in flags.iter_mut().enumerate() {
        *flag = (*flag || question.allergies_present >> i & 1 == 1)
            && question.allergies_absent >> i & 1 == 0;
    }
    summary.allergies = medshare_sdk::record::AllergySet::from_flags(flags.try_into().unwrap());
    if question.sexes != 0 {
        let sexes: Vec<Sex> = [Sex::Unknown, Sex::Male, Sex::Female, Sex::Other]
            .into_iter()
            .filter(|sex| question.sexes >> (*sex as u8) & 1 == 1)
            .collect();
        summary.sex = *sexes.choose(rng).unwrap();
    }
    if question.born_until != 0 {
        let day = rng.gen_range(question.born_from..=question.born_until);
        summary.birth_date = decode_date(day);
    }
    summary
}

/// A record built to satisfy `question` but for one asked term, chosen at random, which it
/// fails: the search's guess for a "no".
fn built_to_fail(rng: &mut StdRng, question: &Question) -> ClinicalSummary {
    let mut summary = built_to_satisfy(rng, question);
    let t = rng.gen_range(0..2);
    let (prefix, modulus) = (question.condition_prefixes[t], question.condition_moduli[t]);
    let rxcui = question.medications[t];
    let allergen = rng.gen_range(0..ALLERGENS.len());
    let mut flags: Vec<bool> = summary.allergies.flags().collect();
    match rng.gen_range(0..5) {
        0 => match question.condition_rules[t] {
            PRESENT => summary
                .conditions
                .retain(|c| c.code.packed() % modulus != prefix),
            ABSENT => summary.conditions.insert(
                0,
                Condition {
                    code: code_with_prefix(rng, prefix, prefix_length(modulus)),
                    onset: None,
                },
            ),
            _ => {}
        },
        1 => match question.medication_rules[t] {
            PRESENT => summary.medications.retain(|taken| taken.rxcui != rxcui),
            ABSENT => summary.medications.insert(
                0,
                Medication {
                    rxcui,
                    started: None,
                },
            ),
            _ => {}
        },
        2 => flags[allergen] = !flags[allergen],
        3 => {
            let outside: Vec<Sex> = [Sex::Unknown, Sex::Male, Sex::Female, Sex::Other]
                .into_iter()
                .filter(|sex| question.sexes >> (*sex as u8) & 1 == 0)
                .collect();
            // None outside: a term that asks every sex, which the rules must refuse.
            if let Some(sex) = outside.choose(rng) {
                summary.sex = *sex;
            }
        }
        _ => summary.birth_date = None,
    }
    summary.conditions.truncate(8);
    summary.medications.truncate(8);
    summary.allergies = medshare_sdk::record::AllergySet::from_flags(flags.try_into().unwrap());
    summary
}

/// Whether some record answers `question` yes and some no, searched for among random records
/// and records built to satisfy it or to fail one of its terms.
fn tells_records_apart(rng: &mut StdRng, question: &Question) -> (bool, bool) {
    let (mut yes, mut no) = (false, false);
    for _ in 0..100 {
        let candidates = [
            random_summary(rng),
            built_to_satisfy(rng, question),
            built_to_fail(rng, question),
        ];
        for summary in candidates {
            if summary.to_scalars().is_err() {
                continue;
            }
            let answer = answers_yes(&summary, question).unwrap();
            (yes, no) = (yes || answer, no || !answer);
        }
        if yes && no {
            break;
        }
    }
    (yes, no)
}

#[test]
fn no_question_the_program_accepts_is_answered_alike_by_every_record() {
    let mut rng = StdRng::seed_from_u64(30);
    let (mut accepted, mut constant) = (0, 0);
    for case in 0..3_000 {
        let question = random_question(&mut rng);
        let verdict = question.validate();
        if verdict == Err(MedshareError::InvalidQuestion.into()) {
            continue;
        }
        let (yes, no) = tells_records_apart(&mut rng, &question);
        match verdict {
            Ok(()) => {
                accepted += 1;
                assert!(
                    yes && no,
                    "case {case}: accepted, yet yes {yes} no {no}: {question:?}"
                );
            }
            Err(error) if error == MedshareError::QuestionAlwaysSame.into() => {
                constant += 1;
                assert!(
                    !(yes && no),
                    "case {case}: refused as constant, yet it tells records apart: {question:?}"
                );
            }
            Err(other) => panic!("case {case}: {other}"),
        }
    }
    // Both sides of the rule were searched.
    assert!(
        accepted > 500 && constant > 100,
        "{accepted} accepted, {constant} constant"
    );
}

#[tokio::test]
async fn the_compiled_circuit_answers_as_the_model() {
    let circuits = Circuits::registered(&[ANSWER_QUESTION_CIRCUIT]).await;
    let mut rng = StdRng::seed_from_u64(31);
    let mxe = circuits.keys.mxe_public_key();
    let (mut yes, mut unbound) = (0, 0);
    for case in 0..160 {
        let question = loop {
            let question = random_question(&mut rng);
            if question.validate().is_ok() {
                break question;
            }
        };
        // Half the records are built to satisfy the question, so both answers are common.
        let summary = if case % 2 == 0 {
            built_to_satisfy(&mut rng, &question)
        } else {
            random_summary(&mut rng)
        };
        if summary.to_scalars().is_err() {
            continue;
        }
        let owner = Pubkey::new_unique();
        // One record in 16 is sealed for someone else: it must answer nothing.
        let sealed_for = if case % 16 == 5 {
            Pubkey::new_unique()
        } else {
            owner
        };
        let patient = medshare_sdk::SecretKey::generate();
        let nonce = rng.gen_range(1..1u128 << 126);
        let sealed = seal_record(&summary, &patient, &mxe, &sealed_for, nonce).unwrap();
        let record = stored(owner, &sealed);
        let verifier = medshare_sdk::SecretKey::generate();
        let offset = rng.gen();
        let args = answer_arguments(
            &record,
            &addresses::record(&owner),
            verifier.public_key(),
            offset,
            &question,
            &question.hash(),
        );
        let output = circuits.run(ANSWER_QUESTION_CIRCUIT, &args, &HashMap::new());

        // Key, nonce, two ciphertexts; whether bound; the question's tag.
        assert_eq!(output.len(), 32 + 16 + 64 + 1 + 16, "case {case}");
        assert_eq!(output[..32], verifier.public_key());
        let nonce = u128::from_le_bytes(output[32..48].try_into().unwrap());
        assert_eq!(
            nonce,
            share_medical_records::constants::output_nonce(offset)
        );
        let ciphertexts: [[u8; 32]; 2] = [
            output[48..80].try_into().unwrap(),
            output[80..112].try_into().unwrap(),
        ];
        let bound = output[112] == 1;
        let tag = u128::from_le_bytes(output[113..].try_into().unwrap());
        assert_eq!(bound, sealed_for == owner, "case {case}");
        assert_eq!(tag, question_tag(&question.hash()));
        let [answer, inner_tag] = open_delivered_pair(&ciphertexts, nonce, &verifier, &mxe)
            .unwrap()
            .unwrap();
        assert_eq!(inner_tag, tag);
        let expected = bound && answers_yes(&summary, &question).unwrap();
        assert_eq!(
            answer == 1,
            expected,
            "case {case}: {summary:?} {question:?}"
        );
        yes += expected as u32;
        unbound += !bound as u32;
    }
    assert!((30..130).contains(&yes), "{yes} of 160 answered yes");
    assert_eq!(unbound, 10);
}

/// What an attacker holding an eligibility grant of `ALLOWANCE` questions tries, in any order.
#[derive(Debug, Clone, Copy)]
enum Move {
    /// A question within the granted terms, left queued.
    Ask,
    /// A question with a term the grant does not cover.
    AskBeyondTerms,
    /// The cluster answers everything queued.
    Deliver,
    /// The record itself, under the eligibility grant.
    PullRecord,
    /// An answer "for the patient", signed by the verifier.
    AnswerAsPatient,
    /// The patient narrows the grant's expiry.
    PatientNarrows,
    /// A question about another patient's record.
    AskAboutAnother,
}

const ALLOWANCE: u16 = 3;

#[tokio::test]
async fn no_sequence_of_moves_gets_more_answers_than_the_allowance() {
    let mut rng = StdRng::seed_from_u64(32);
    let moves = [
        Move::Ask,
        Move::AskBeyondTerms,
        Move::Deliver,
        Move::PullRecord,
        Move::AnswerAsPatient,
        Move::PatientNarrows,
        Move::AskAboutAnother,
    ];
    for run in 0..6 {
        let mut trial = Trial::granted(QuestionTerms(1 | 4 | 16), ALLOWANCE).await;
        let other = person(trial.chain()).await;
        store(trial.chain(), &other, &example_summary(), 1).await;
        let (mut offset, mut asked, mut answers, mut fields) = (100, 0u16, 0, 0);
        for step in 0..18 {
            offset += 1;
            let chosen = *moves.choose(&mut rng).unwrap();
            let question = loop {
                let question = random_question(&mut rng);
                if question.validate().is_ok()
                    && QuestionTerms(1 | 4 | 16).contains(question.terms())
                {
                    break question;
                }
            };
            let sent = match chosen {
                Move::Ask => trial.ask(offset, question).await,
                Move::AskBeyondTerms => {
                    trial
                        .ask(
                            offset,
                            Question {
                                sexes: 2,
                                ..question
                            },
                        )
                        .await
                }
                Move::Deliver => {
                    let site_key = trial.site.key.public_key();
                    let chain = trial.client.connection().chain();
                    for (_, _, receipt) in chain.deliver_all().await.unwrap() {
                        answers += answered_events(&receipt)
                            .iter()
                            .filter(|event| event.recipient_key == site_key)
                            .count();
                        fields += shared_events(&receipt).len();
                    }
                    continue;
                }
                Move::PullRecord => {
                    let chain = trial.client.connection().chain();
                    request(chain, &trial.site, &trial.patient, offset).await
                }
                Move::AnswerAsPatient => {
                    let site = &trial.site;
                    let answer = instructions::answer_question(
                        &site.wallet.pubkey(),
                        &trial.patient.wallet.pubkey(),
                        None,
                        offset,
                        QuestionRequest::Patient {
                            recipient_key: site.key.public_key(),
                        },
                        question,
                    );
                    let chain = trial.client.connection().chain();
                    send_anew(chain, &[answer], &site.wallet).await
                }
                Move::PatientNarrows => {
                    let grant = grant_address(&trial.patient, &trial.site);
                    let chain = trial.client.connection().chain();
                    let now = chain.now().await.unwrap();
                    let narrow = instructions::narrow_grant(
                        &trial.patient.wallet.pubkey(),
                        &grant,
                        FieldSet::ELIGIBILITY,
                        now + 1_800 - step,
                    );
                    send_anew(chain, &[narrow], &trial.patient.wallet)
                        .await
                        .unwrap();
                    continue;
                }
                Move::AskAboutAnother => {
                    let site = &trial.site;
                    let ask = instructions::ask_question(
                        &site.wallet.pubkey(),
                        &other.wallet.pubkey(),
                        offset,
                        question,
                    );
                    let chain = trial.client.connection().chain();
                    send_anew(chain, &[ask], &site.wallet).await
                }
            };
            let expected_to_pass = matches!(chosen, Move::Ask) && asked < ALLOWANCE;
            assert_eq!(
                sent.is_ok(),
                expected_to_pass,
                "run {run} step {step}: {chosen:?}"
            );
            asked += sent.is_ok() as u16;
            assert_eq!(trial.questions_left().await, ALLOWANCE - asked);
        }
        for (_, _, receipt) in trial.chain().deliver_all().await.unwrap() {
            answers += answered_events(&receipt).len();
            fields += shared_events(&receipt).len();
        }
        assert_eq!(answers, asked as usize, "run {run}");
        assert!(answers <= ALLOWANCE as usize);
        assert_eq!(fields, 0, "run {run}: no field reached the verifier");
    }
}

/// What many questions add up to: one bit each, so 16 questions about age pin a birth day
/// (16 bits) to the day. The allowance is what stops this; the test shows the bisection
/// working and the 17th question refused.
#[tokio::test]
async fn sixteen_age_questions_find_a_birth_day_and_the_allowance_stops_there() {
    let mut trial = Trial::granted(QuestionTerms::AGE, 16).await;
    let patient = trial.patient.wallet.pubkey();
    let (mut low, mut high) = (1u16, u16::MAX);
    for _ in 0..16 {
        let middle = low + (high - low) / 2;
        let born_by_middle = Question {
            born_from: 1,
            born_until: middle,
            ..Question::default()
        };
        let offset = trial
            .client
            .ask(&trial.site.wallet, &patient, born_by_middle)
            .await
            .unwrap();
        trial.chain().deliver_all().await.unwrap();
        let answer = (trial.client)
            .open_answer(offset, &born_by_middle, &trial.site.key)
            .await
            .unwrap();
        if answer.yes {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    assert_eq!(low, high);
    assert_eq!(decode_date(low), example_summary().birth_date);
    let another = Question {
        born_from: 1,
        born_until: low,
        ..Question::default()
    };
    let error = custom_error(trial.ask(1, another).await);
    assert_eq!(error, medshare_error(MedshareError::QuestionsSpent));
}
