//! Eligibility questions: a yes or no about one record, answered by the `answer_question`
//! circuit (`docs/eligibility.md`).

use super::{is_code, prefix_length};
use crate::{constants::QUESTION_DOMAIN, errors::MedshareError};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::ArgBuilder;
use solana_program::hash::hashv;

/// What a term of a question asks of its code.
pub const NOT_ASKED: u8 = 0;
pub const PRESENT: u8 = 1;
pub const ABSENT: u8 = 2;

/// Allergen classes a record flags.
const ALLERGEN_MASK: u32 = (1 << 24) - 1;

/// A question about one record; every asked term must hold. The circuit's `Question` has the
/// same fields in the same order, which the program passes in plaintext. Days count from
/// 1900-01-01, as in the record.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Question {
    /// ICD-10 prefixes (base 37, `modulus` = 37^n for n characters, as a study's criteria)
    /// and their rules; an unused slot is prefix 0, modulus 1, rule `NOT_ASKED`.
    pub condition_prefixes: [u32; 2],
    pub condition_moduli: [u32; 2],
    pub condition_rules: [u8; 2],
    /// RxNorm concepts and their rules; an unused slot is 0, `NOT_ASKED`.
    pub medications: [u32; 2],
    pub medication_rules: [u8; 2],
    /// Allergen classes (bit i: flag i of the record) that must be flagged, and that must not.
    pub allergies_present: u32,
    pub allergies_absent: u32,
    /// Bit s: sex s matches (0 unknown, 1 male, 2 female, 3 other); 0 asks nothing of sex.
    pub sexes: u8,
    /// Birth days that match, inclusive; (0, 0) asks nothing of age. An unknown birth day is
    /// outside every asked range.
    pub born_from: u16,
    pub born_until: u16,
}

/// Asks nothing: every slot unused (and so refused as it is; set the terms to ask).
impl Default for Question {
    fn default() -> Self {
        Question {
            condition_prefixes: [0; 2],
            condition_moduli: [1; 2],
            condition_rules: [NOT_ASKED; 2],
            medications: [0; 2],
            medication_rules: [NOT_ASKED; 2],
            allergies_present: 0,
            allergies_absent: 0,
            sexes: 0,
            born_from: 0,
            born_until: 0,
        }
    }
}

/// The kinds of term a question asks, one bit each: what an eligibility grant lets its
/// verifier ask about.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct QuestionTerms(pub u8);

impl QuestionTerms {
    pub const CONDITIONS: QuestionTerms = QuestionTerms(1);
    pub const MEDICATIONS: QuestionTerms = QuestionTerms(2);
    pub const ALLERGIES: QuestionTerms = QuestionTerms(4);
    pub const SEX: QuestionTerms = QuestionTerms(8);
    pub const AGE: QuestionTerms = QuestionTerms(16);
    pub const ALL: QuestionTerms = QuestionTerms(31);

    pub fn contains(self, other: QuestionTerms) -> bool {
        other.0 & !self.0 == 0
    }

    pub fn is_valid(self) -> bool {
        self.0 != 0 && Self::ALL.contains(self)
    }
}

impl Question {
    /// The kinds of term the question asks.
    pub fn terms(&self) -> QuestionTerms {
        let kind = |asked: bool, kind: QuestionTerms| if asked { kind.0 } else { 0 };
        QuestionTerms(
            kind(
                self.condition_rules.iter().any(|rule| *rule != NOT_ASKED),
                QuestionTerms::CONDITIONS,
            ) | kind(
                self.medication_rules.iter().any(|rule| *rule != NOT_ASKED),
                QuestionTerms::MEDICATIONS,
            ) | kind(
                self.allergies_present | self.allergies_absent != 0,
                QuestionTerms::ALLERGIES,
            ) | kind(self.sexes != 0, QuestionTerms::SEX)
                | kind(self.born_until != 0, QuestionTerms::AGE),
        )
    }

    /// Checks that the question is well formed and that some record answers it yes and some
    /// no: a question whose answer is the same for every record tells the verifier nothing
    /// about the record, only what the receipt shows anyway, and would spend a question.
    pub fn validate(&self) -> Result<()> {
        let conditions_valid = (0..2).all(|t| {
            let (prefix, modulus) = (self.condition_prefixes[t], self.condition_moduli[t]);
            match self.condition_rules[t] {
                NOT_ASKED => prefix == 0 && modulus == 1,
                PRESENT | ABSENT => matches!(
                    prefix_length(modulus),
                    Some(length) if length > 0 && is_code(prefix, length)
                ),
                _ => false,
            }
        });
        let medications_valid = (0..2).all(|t| match self.medication_rules[t] {
            NOT_ASKED => self.medications[t] == 0,
            PRESENT | ABSENT => self.medications[t] != 0,
            _ => false,
        });
        let allergies_valid =
            (self.allergies_present | self.allergies_absent) & !ALLERGEN_MASK == 0;
        let ages_valid = if self.born_until == 0 {
            self.born_from == 0
        } else {
            0 < self.born_from && self.born_from <= self.born_until
        };
        require!(
            conditions_valid
                && medications_valid
                && allergies_valid
                && ages_valid
                && self.sexes < 15,
            MedshareError::InvalidQuestion
        );
        require!(!self.is_constant(), MedshareError::QuestionAlwaysSame);
        Ok(())
    }

    /// Whether every record answers the same: nothing asked, or a code or allergen required
    /// and excluded at once. Anything else is terms each of which some record meets and some
    /// does not, on fields of their own or on codes a record has room for side by side.
    fn is_constant(&self) -> bool {
        let condition_contradiction = (0..2).any(|required| {
            (0..2).any(|excluded| {
                self.condition_rules[required] == PRESENT
                    && self.condition_rules[excluded] == ABSENT
                    && self.condition_moduli[excluded] <= self.condition_moduli[required]
                    && self.condition_prefixes[required] % self.condition_moduli[excluded]
                        == self.condition_prefixes[excluded]
            })
        });
        let medication_contradiction = self.medication_rules.contains(&PRESENT)
            && self.medication_rules.contains(&ABSENT)
            && (0..2).all(|t| self.medications[t] == self.medications[0]);
        self.terms().0 == 0
            || self.allergies_present & self.allergies_absent != 0
            || condition_contradiction
            || medication_contradiction
    }

    /// SHA-256 of the question under its domain: what the receipt names.
    pub fn hash(&self) -> [u8; 32] {
        let bytes = anchor_lang::prelude::borsh::to_vec(self).expect("a question serializes");
        hashv(&[QUESTION_DOMAIN, &bytes]).to_bytes()
    }

    /// The question's fields as the circuit's plaintext arguments, in its order.
    pub fn arguments(&self, args: ArgBuilder) -> ArgBuilder {
        let args = self
            .condition_prefixes
            .iter()
            .fold(args, |args, prefix| args.plaintext_u32(*prefix));
        let args = self
            .condition_moduli
            .iter()
            .fold(args, |args, modulus| args.plaintext_u32(*modulus));
        let args = self
            .condition_rules
            .iter()
            .fold(args, |args, rule| args.plaintext_u8(*rule));
        let args = self
            .medications
            .iter()
            .fold(args, |args, code| args.plaintext_u32(*code));
        let args = self
            .medication_rules
            .iter()
            .fold(args, |args, rule| args.plaintext_u8(*rule));
        args.plaintext_u32(self.allergies_present)
            .plaintext_u32(self.allergies_absent)
            .plaintext_u8(self.sexes)
            .plaintext_u16(self.born_from)
            .plaintext_u16(self.born_until)
    }
}

/// The 128 bits of a question's hash the circuit encrypts beside the answer (the first 16
/// bytes, little-endian), so that the recipient sees which question an answer is to.
pub fn question_tag(hash: &[u8; 32]) -> u128 {
    u128::from_le_bytes(hash[..16].try_into().expect("16 bytes"))
}

/// What an eligibility grant lets its verifier ask: the kinds of term, and how many more
/// questions. Field grants carry none.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct QuestionAllowance {
    pub terms: QuestionTerms,
    /// Questions left to ask; each one queued spends one, answered or not.
    pub questions_left: u16,
}

impl QuestionAllowance {
    /// Spends one question on `question`, if the allowance covers its terms and has one left.
    pub fn spend(&mut self, question: &Question) -> Result<()> {
        require!(
            self.terms.contains(question.terms()),
            MedshareError::QuestionNotGranted
        );
        self.questions_left = self
            .questions_left
            .checked_sub(1)
            .ok_or(MedshareError::QuestionsSpent)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// E11 (base 37, as the record stores codes): E = 15, 1 = 2.
    const E11: u32 = 15 + 2 * 37 + 2 * 37 * 37;

    fn diabetic() -> Question {
        Question {
            condition_prefixes: [E11, 0],
            condition_moduli: [37 * 37 * 37, 1],
            condition_rules: [PRESENT, NOT_ASKED],
            ..Question::default()
        }
    }

    #[test]
    fn a_question_names_the_kinds_of_term_it_asks() {
        assert_eq!(diabetic().terms(), QuestionTerms::CONDITIONS);
        let more = Question {
            sexes: 4,
            born_from: 1,
            born_until: 40_000,
            ..diabetic()
        };
        assert_eq!(more.terms(), QuestionTerms(1 | 8 | 16));
        diabetic().validate().unwrap();
        more.validate().unwrap();
    }

    #[test]
    fn questions_every_record_answers_alike_are_refused() {
        let constant = MedshareError::QuestionAlwaysSame;
        let refused = |question: Question| {
            let error = question.validate().unwrap_err();
            assert_eq!(error, constant.into(), "{question:?}");
        };
        refused(Question::default());
        refused(Question {
            allergies_present: 1,
            allergies_absent: 1,
            ..Question::default()
        });
        // E11 required, E1 excluded: no record has one without the other.
        refused(Question {
            condition_prefixes: [E11, 15 + 2 * 37],
            condition_moduli: [37 * 37 * 37, 37 * 37],
            condition_rules: [PRESENT, ABSENT],
            ..Question::default()
        });
        refused(Question {
            medications: [6809, 6809],
            medication_rules: [PRESENT, ABSENT],
            ..diabetic()
        });
        // E1 required and E11 excluded is a real question (E10, E13, ...).
        Question {
            condition_prefixes: [15 + 2 * 37, E11],
            condition_moduli: [37 * 37, 37 * 37 * 37],
            condition_rules: [PRESENT, ABSENT],
            ..Question::default()
        }
        .validate()
        .unwrap();
    }

    #[test]
    fn malformed_questions_are_refused() {
        let invalid = |question: Question| {
            let error = question.validate().unwrap_err();
            assert_eq!(error, MedshareError::InvalidQuestion.into(), "{question:?}");
        };
        invalid(Question {
            condition_moduli: [0, 1],
            ..diabetic()
        });
        invalid(Question {
            condition_rules: [3, NOT_ASKED],
            ..diabetic()
        });
        invalid(Question {
            medications: [0, 0],
            medication_rules: [PRESENT, NOT_ASKED],
            ..diabetic()
        });
        invalid(Question {
            allergies_present: 1 << 24,
            ..diabetic()
        });
        invalid(Question {
            born_from: 500,
            born_until: 400,
            ..diabetic()
        });
        for sexes in [15, 16] {
            invalid(Question {
                sexes,
                ..diabetic()
            });
        }
    }

    #[test]
    fn an_allowance_spends_one_question_of_its_terms_at_a_time() {
        let mut allowance = QuestionAllowance {
            terms: QuestionTerms::CONDITIONS,
            questions_left: 1,
        };
        let aged = Question {
            born_from: 1,
            born_until: 40_000,
            ..diabetic()
        };
        assert_eq!(
            allowance.spend(&aged).unwrap_err(),
            MedshareError::QuestionNotGranted.into()
        );
        allowance.spend(&diabetic()).unwrap();
        assert_eq!(
            allowance.spend(&diabetic()).unwrap_err(),
            MedshareError::QuestionsSpent.into()
        );
    }
}
