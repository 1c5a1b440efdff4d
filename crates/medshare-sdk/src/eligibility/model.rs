//! The `answer_question` circuit's predicate in plain Rust. Tests hold the compiled circuit
//! to it, and search it for questions that tell a verifier more than one bit.

use crate::record::{ClinicalSummary, RecordError};
use crate::study::model::QueriedFields;
use share_medical_records::state::{Question, ABSENT, PRESENT};

/// Whether `summary` satisfies every term of `question`: the answer the cluster gives about a
/// bound record.
pub fn answers_yes(summary: &ClinicalSummary, question: &Question) -> Result<bool, RecordError> {
    let record = QueriedFields::of(summary)?;
    let term = |rule: u8, present: bool| match rule {
        PRESENT => present,
        ABSENT => !present,
        _ => true,
    };
    let code_terms = (0..2).all(|t| {
        let diagnosed = record
            .conditions
            .iter()
            .any(|code| code % question.condition_moduli[t] == question.condition_prefixes[t]);
        let taking = record.medications.contains(&question.medications[t]);
        term(question.condition_rules[t], diagnosed) && term(question.medication_rules[t], taking)
    });
    let allergies = record.allergies.iter().enumerate().all(|(i, flagged)| {
        let required = question.allergies_present >> i & 1 == 1;
        let excluded = question.allergies_absent >> i & 1 == 1;
        (!required || *flagged) && (!excluded || !*flagged)
    });
    let sex = question.sexes == 0 || question.sexes >> record.sex & 1 == 1;
    let born = record.birth_day;
    let age = question.born_until == 0
        || (born != 0 && (question.born_from..=question.born_until).contains(&born));
    Ok(code_terms && allergies && sex && age)
}
