//! A study's question in clinical terms, and its encoding as `StudyCriteria`.

use crate::record::{character, encode_date, Icd10Code, RecordError, Sex};
use share_medical_records::constants::{AGE_CUTOFFS, WATCHED_CODES};
use share_medical_records::state::StudyCriteria;
use std::fmt;
use time::Date;

/// The first 1 to 6 characters of an ICD-10 code (`E`, `E11`, `E11.9`), or none at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icd10Prefix {
    /// The characters in base 37, as the record stores them.
    pub value: u32,
    pub length: u32,
}

impl Icd10Prefix {
    /// Every record matches the empty prefix.
    pub const ANY: Self = Self {
        value: 0,
        length: 0,
    };

    pub fn parse(prefix: &str) -> Result<Self, RecordError> {
        let normalized: String = prefix.chars().filter(|c| *c != '.').collect();
        if normalized.is_empty() {
            return Ok(Self::ANY);
        }
        // A full code of 3 to 6 characters parses as one; a shorter prefix is padded to
        // parse, then cut back.
        let padded = format!("{normalized:0<3}");
        let code = Icd10Code::parse(&padded)?;
        let length = normalized.chars().count() as u32;
        Ok(Self {
            value: code.packed() % 37u32.pow(length),
            length,
        })
    }

    pub fn modulus(&self) -> u32 {
        37u32.pow(self.length)
    }

    /// The prefix a program-side `prefix` and `modulus` (37^n) name; `None` for a modulus that
    /// is no power of 37 up to 37^6.
    pub fn of(value: u32, modulus: u32) -> Option<Self> {
        let length = share_medical_records::state::prefix_length(modulus)?;
        Some(Self { value, length })
    }
}

/// The characters, with a dot after the third as in codes (`E`, `E11`, `E11.6`); `?` for an
/// empty position.
impl fmt::Display for Icd10Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for position in 0..self.length {
            if position == 3 {
                f.write_str(".")?;
            }
            let digit = self.value / 37u32.pow(position) % 37;
            write!(f, "{}", character(digit).unwrap_or('?'))?;
        }
        Ok(())
    }
}

/// The ages, in whole years at the study's reference date, where the counted age bands begin:
/// ascending, such as 18, 40, 65, 80 for the bands under 18, 18-39, 40-64, 65-79 and 80+.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeBands(pub [u32; AGE_CUTOFFS]);

impl Default for AgeBands {
    fn default() -> Self {
        Self([18, 40, 65, 80])
    }
}

/// What a researcher asks, in clinical terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyQuestion {
    pub diagnosis: Icd10Prefix,
    /// The sexes that match; empty for all.
    pub sexes: Vec<Sex>,
    /// The ages that match, inclusive, in whole years at `reference_date`; `None` for all,
    /// including records without a birth date.
    pub ages: Option<(u32, u32)>,
    pub reference_date: Date,
    pub age_bands: AgeBands,
    /// RxNorm concepts counted among the matched.
    pub medications: Vec<u32>,
    /// ICD-10 categories (3 characters) counted among the matched.
    pub categories: Vec<Icd10Code>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QuestionError {
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("a study counts at most {WATCHED_CODES} medications and {WATCHED_CODES} categories")]
    TooManyWatched,
    #[error("{0} is not a 3-character ICD-10 category")]
    NotACategory(String),
    #[error("age bands must start at increasing ages above 0")]
    UnorderedAgeBands,
    #[error("the age range {0}..={1} is empty or reaches before 1900")]
    InvalidAges(u32, u32),
    #[error("RxNorm concept id 0 is not a concept")]
    ZeroRxcui,
}

impl StudyQuestion {
    /// The criteria the program stores and the circuits read.
    pub fn criteria(&self) -> Result<StudyCriteria, QuestionError> {
        if self.medications.len() > WATCHED_CODES || self.categories.len() > WATCHED_CODES {
            return Err(QuestionError::TooManyWatched);
        }
        if self.medications.contains(&0) {
            return Err(QuestionError::ZeroRxcui);
        }
        let mut medications = [0; WATCHED_CODES];
        medications[..self.medications.len()].copy_from_slice(&self.medications);
        let mut categories = [0; WATCHED_CODES];
        for (slot, category) in categories.iter_mut().zip(&self.categories) {
            if category.to_string().len() != 3 {
                return Err(QuestionError::NotACategory(category.to_string()));
            }
            *slot = category.packed();
        }
        let sexes = if self.sexes.is_empty() {
            0b1111
        } else {
            self.sexes
                .iter()
                .fold(0u8, |mask, sex| mask | 1 << (*sex as u8))
        };
        let (born_from, born_until) = match self.ages {
            None => (0, u16::MAX),
            Some((youngest, oldest)) => birth_days(self.reference_date, youngest, oldest)?,
        };
        let bands = self.age_bands.0;
        if bands[0] == 0 || bands.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(QuestionError::UnorderedAgeBands);
        }
        // Bands by birth day ascending: the oldest age first.
        let mut age_cutoffs = [0u16; AGE_CUTOFFS];
        for (cutoff, age) in age_cutoffs.iter_mut().zip(bands.iter().rev()) {
            *cutoff = born_after(self.reference_date, *age)?;
        }
        Ok(StudyCriteria {
            prefix: self.diagnosis.value,
            modulus: self.diagnosis.modulus(),
            sexes,
            born_from,
            born_until,
            age_cutoffs,
            medications,
            categories,
        })
    }
}

/// The birth days (days since 1900-01-01, inclusive) of someone aged `youngest` to `oldest`
/// whole years on `date`.
pub fn birth_days(date: Date, youngest: u32, oldest: u32) -> Result<(u16, u16), QuestionError> {
    let invalid = || QuestionError::InvalidAges(youngest, oldest);
    if youngest > oldest {
        return Err(invalid());
    }
    let from = born_after(date, oldest + 1).map_err(|_| invalid())?;
    let until = born_by(date, youngest).map_err(|_| invalid())?;
    Ok((from, until))
}

/// The last birth day of someone `age` or older on `date`.
fn born_by(date: Date, age: u32) -> Result<u16, QuestionError> {
    let year = date.year() - age as i32;
    let day = date.day().min(date.month().length(year));
    let born = Date::from_calendar_date(year, date.month(), day)
        .map_err(|_| RecordError::Malformed(format!("no date {age} years back")))?;
    Ok(encode_date(Some(born))?)
}

/// The first birth day of someone younger than `age` on `date`.
fn born_after(date: Date, age: u32) -> Result<u16, QuestionError> {
    Ok(born_by(date, age)? + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn question() -> StudyQuestion {
        StudyQuestion {
            diagnosis: Icd10Prefix::parse("E11").unwrap(),
            sexes: vec![],
            ages: Some((40, 64)),
            reference_date: date!(2026 - 01 - 01),
            age_bands: AgeBands::default(),
            medications: vec![860975],
            categories: vec![Icd10Code::parse("I10").unwrap()],
        }
    }

    #[test]
    fn prefixes_of_every_length_are_the_codes_low_digits() {
        let code = Icd10Code::parse("E11.65").unwrap().packed();
        for length in 0..=5 {
            let text = &"E1165"[..length];
            let prefix = Icd10Prefix::parse(text).unwrap();
            assert_eq!(prefix.length, length as u32);
            assert_eq!(code % prefix.modulus(), prefix.value, "{text}");
            let read_back = Icd10Prefix::of(prefix.value, prefix.modulus()).unwrap();
            assert_eq!(read_back.to_string().replace('.', ""), text);
        }
        assert!(Icd10Prefix::parse("1").is_err());
    }

    #[test]
    fn an_age_range_is_a_birth_day_range_at_the_reference_date() {
        let criteria = question().criteria().unwrap();
        // 64 at 2026-01-01: born 1961-01-02 or later; 40: born 1986-01-01 or earlier.
        let day = |date| encode_date(Some(date)).unwrap();
        assert_eq!(criteria.born_from, day(date!(1961 - 01 - 02)));
        assert_eq!(criteria.born_until, day(date!(1986 - 01 - 01)));
        assert_eq!(criteria.age_cutoffs[0], day(date!(1946 - 01 - 02)));
        assert!(criteria
            .age_cutoffs
            .windows(2)
            .all(|pair| pair[0] < pair[1]));
        assert_eq!(criteria.sexes, 0b1111);
        share_medical_records::state::StudyCriteria::validate(&criteria).unwrap();
    }

    #[test]
    fn questions_the_circuit_cannot_ask_are_refused() {
        let too_many = StudyQuestion {
            medications: vec![1, 2, 3, 4, 5],
            ..question()
        };
        assert_eq!(too_many.criteria(), Err(QuestionError::TooManyWatched));
        let not_category = StudyQuestion {
            categories: vec![Icd10Code::parse("E11.9").unwrap()],
            ..question()
        };
        assert!(matches!(
            not_category.criteria(),
            Err(QuestionError::NotACategory(_))
        ));
        let empty = StudyQuestion {
            ages: Some((65, 40)),
            ..question()
        };
        assert_eq!(empty.criteria(), Err(QuestionError::InvalidAges(65, 40)));
    }
}
