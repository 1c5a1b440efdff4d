//! An eligibility question in clinical terms, its encoding as the program's `Question`, and
//! the words it reads back in.

use crate::record::{decode_date, Sex, ALLERGENS};
use crate::study::{
    question::{birth_days, QuestionError},
    Icd10Prefix,
};
use share_medical_records::state::{Question, ABSENT, NOT_ASKED, PRESENT};
use time::Date;

/// A term: `code` must be present in the record, or absent from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term<T> {
    pub code: T,
    pub present: bool,
}

impl<T> Term<T> {
    pub fn present(code: T) -> Self {
        Self {
            code,
            present: true,
        }
    }

    pub fn absent(code: T) -> Self {
        Self {
            code,
            present: false,
        }
    }

    fn rule(&self) -> u8 {
        if self.present {
            PRESENT
        } else {
            ABSENT
        }
    }
}

/// What a verifier asks of one record: every term must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityQuestion {
    /// At most two ICD-10 prefixes, each present or absent.
    pub conditions: Vec<Term<Icd10Prefix>>,
    /// At most two RxNorm concepts, each taken or not.
    pub medications: Vec<Term<u32>>,
    /// Allergen classes, by their index in [`ALLERGENS`], each flagged or not.
    pub allergies: Vec<Term<usize>>,
    /// The sexes that match; empty asks nothing of sex.
    pub sexes: Vec<Sex>,
    /// Whole years of age on `on`, inclusive; `None` asks nothing of age.
    pub ages: Option<(u32, u32)>,
    pub on: Date,
}

/// Terms of each kind of code a question holds.
const CODE_TERMS: usize = 2;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EligibilityError {
    #[error(transparent)]
    Question(#[from] QuestionError),
    #[error(
        "a question holds at most {CODE_TERMS} condition terms and {CODE_TERMS} medication terms"
    )]
    TooManyTerms,
    #[error("no allergen class number {0}: there are {n}", n = ALLERGENS.len())]
    UnknownAllergen(usize),
    #[error("the program refuses this question: {0}")]
    Refused(String),
}

impl EligibilityQuestion {
    /// The question as the program stores and the circuit reads it, checked as the program
    /// checks it.
    pub fn encode(&self) -> Result<Question, EligibilityError> {
        if self.conditions.len() > CODE_TERMS || self.medications.len() > CODE_TERMS {
            return Err(EligibilityError::TooManyTerms);
        }
        let mut question = Question::default();
        for (t, term) in self.conditions.iter().enumerate() {
            question.condition_prefixes[t] = term.code.value;
            question.condition_moduli[t] = term.code.modulus();
            question.condition_rules[t] = term.rule();
        }
        for (t, term) in self.medications.iter().enumerate() {
            if term.code == 0 {
                return Err(QuestionError::ZeroRxcui.into());
            }
            question.medications[t] = term.code;
            question.medication_rules[t] = term.rule();
        }
        for term in &self.allergies {
            if term.code >= ALLERGENS.len() {
                return Err(EligibilityError::UnknownAllergen(term.code));
            }
            let bit = 1 << term.code;
            if term.present {
                question.allergies_present |= bit;
            } else {
                question.allergies_absent |= bit;
            }
        }
        question.sexes = self
            .sexes
            .iter()
            .fold(0, |mask, sex| mask | 1 << (*sex as u8));
        if let Some((youngest, oldest)) = self.ages {
            (question.born_from, question.born_until) = birth_days(self.on, youngest, oldest)?;
        }
        question
            .validate()
            .map_err(|error| EligibilityError::Refused(program_message(error)))?;
        Ok(question)
    }
}

fn program_message(error: anchor_lang::error::Error) -> String {
    match error {
        anchor_lang::error::Error::AnchorError(error) => error.error_msg,
        other => other.to_string(),
    }
}

/// The question in words, as anyone reading the ledger sees it: "diagnosis under E11 and no
/// allergy to penicillins and born 1961-01-02 to 1986-01-01".
pub fn describe(question: &Question) -> String {
    let mut terms = Vec::new();
    for t in 0..CODE_TERMS {
        let rule = question.condition_rules[t];
        if rule != NOT_ASKED {
            let prefix =
                Icd10Prefix::of(question.condition_prefixes[t], question.condition_moduli[t])
                    .map_or_else(|| "?".to_string(), |prefix| prefix.to_string());
            terms.push(match rule {
                PRESENT => format!("a diagnosis under {prefix}"),
                _ => format!("no diagnosis under {prefix}"),
            });
        }
    }
    for t in 0..CODE_TERMS {
        let rule = question.medication_rules[t];
        if rule != NOT_ASKED {
            let code = question.medications[t];
            terms.push(match rule {
                PRESENT => format!("taking RxNorm {code}"),
                _ => format!("not taking RxNorm {code}"),
            });
        }
    }
    for (i, allergen) in ALLERGENS.iter().enumerate() {
        if question.allergies_present >> i & 1 == 1 {
            terms.push(format!("allergic to {}", allergen.name));
        }
        if question.allergies_absent >> i & 1 == 1 {
            terms.push(format!("no allergy to {}", allergen.name));
        }
    }
    if question.sexes != 0 {
        let sexes: Vec<String> = [Sex::Unknown, Sex::Male, Sex::Female, Sex::Other]
            .iter()
            .filter(|sex| question.sexes >> (**sex as u8) & 1 == 1)
            .map(|sex| sex.to_string())
            .collect();
        terms.push(format!("sex {}", sexes.join(" or ")));
    }
    if question.born_until != 0 {
        let day = |days| decode_date(days).map_or("?".to_string(), |date| date.to_string());
        terms.push(format!(
            "born {} to {}",
            day(question.born_from),
            day(question.born_until)
        ));
    }
    if terms.is_empty() {
        "nothing".to_string()
    } else {
        terms.join(" and ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn trial() -> EligibilityQuestion {
        EligibilityQuestion {
            conditions: vec![Term::present(Icd10Prefix::parse("E11").unwrap())],
            medications: vec![Term::present(860975)],
            allergies: vec![Term::absent(0)],
            sexes: vec![],
            ages: Some((18, 65)),
            on: date!(2026 - 12 - 06),
        }
    }

    #[test]
    fn a_question_reads_back_in_words() {
        let question = trial().encode().unwrap();
        assert_eq!(
            describe(&question),
            "a diagnosis under E11 and taking RxNorm 860975 and no allergy to penicillins and born 1960-12-07 to 2008-12-06"
        );
        let short = EligibilityQuestion {
            conditions: vec![
                Term::present(Icd10Prefix::parse("E").unwrap()),
                Term::absent(Icd10Prefix::parse("E11.6").unwrap()),
            ],
            medications: vec![],
            allergies: vec![],
            sexes: vec![Sex::Female],
            ages: None,
            ..trial()
        };
        assert_eq!(
            describe(&short.encode().unwrap()),
            "a diagnosis under E and no diagnosis under E11.6 and sex female"
        );
    }

    #[test]
    fn questions_the_program_refuses_are_refused_here_first() {
        let nothing = EligibilityQuestion {
            conditions: vec![],
            medications: vec![],
            allergies: vec![],
            ages: None,
            ..trial()
        };
        assert!(matches!(
            nothing.encode(),
            Err(EligibilityError::Refused(_))
        ));
        let too_many = EligibilityQuestion {
            medications: vec![Term::present(1), Term::present(2), Term::present(3)],
            ..trial()
        };
        assert_eq!(too_many.encode(), Err(EligibilityError::TooManyTerms));
        let unknown = EligibilityQuestion {
            allergies: vec![Term::present(24)],
            ..trial()
        };
        assert_eq!(unknown.encode(), Err(EligibilityError::UnknownAllergen(24)));
    }
}
