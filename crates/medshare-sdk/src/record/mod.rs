//! The clinical summary a patient stores, and its encoding into the five field elements of a
//! sealed record (format 2): the header, two elements of conditions, two of medications.
//! Sealed with its binding tag it takes 6 ciphertexts (192 bytes).
//! `docs/record-encoding.md` documents every field.

mod codes;
mod elements;
mod example;
pub mod fhir;
mod fields;
mod seal;

pub(crate) use codes::character;
pub use codes::{Allergen, AllergySet, BloodType, Icd10Code, Sex, ALLERGENS};
pub use elements::ELEMENTS;
pub use example::example_summary;
pub use fields::{field_set_names, FieldSet, FIELD_SETS};
pub use seal::{open_delivery, open_record, rotation_tag, seal_record};

use medshare_crypto::pack::{Scalar, ScalarType};
use time::Date;

/// Conditions and medications a record holds at most (the circuit's array lengths).
pub const MAX_CONDITIONS: usize = 8;
pub const MAX_MEDICATIONS: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClinicalSummary {
    pub birth_date: Option<Date>,
    pub sex: Sex,
    pub blood_type: BloodType,
    /// Body weight in decagrams (10 g); 0 = not recorded. Up to 655.35 kg.
    pub weight_dag: u16,
    /// Body height in millimetres; 0 = not recorded.
    pub height_mm: u16,
    pub allergies: AllergySet,
    pub conditions: Vec<Condition>,
    pub medications: Vec<Medication>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub code: Icd10Code,
    pub onset: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Medication {
    /// RxNorm concept unique identifier (RXCUI); never 0.
    pub rxcui: u32,
    pub started: Option<Date>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error(
        "a record holds at most {MAX_CONDITIONS} conditions and {MAX_MEDICATIONS} medications"
    )]
    TooManyEntries,
    #[error("{0} is outside the representable range 1900-01-02..=2079-06-06")]
    DateOutOfRange(Date),
    #[error("RxNorm concept id 0 is not a concept")]
    ZeroRxcui,
    #[error("ICD-10 code {0:?}: {1}")]
    InvalidIcd10(String, &'static str),
    #[error("field {0} holds {1}, which is not a valid code")]
    InvalidCode(&'static str, u128),
    #[error("the decrypted record is malformed: {0}")]
    Malformed(String),
    #[error(
        "this record was sealed for another owner or account, or altered: its binding tag does not verify"
    )]
    NotBound,
    #[error(transparent)]
    Crypto(#[from] medshare_crypto::Error),
}

/// Day 0 of the encoding; a stored 0 means "no date".
fn epoch() -> Date {
    Date::from_calendar_date(1900, time::Month::January, 1).expect("valid date")
}

/// The day count a date is stored as (days from 1900-01-01); 0 for "not recorded".
pub fn encode_date(date: Option<Date>) -> Result<u16, RecordError> {
    let Some(date) = date else { return Ok(0) };
    let days = date.to_julian_day() - epoch().to_julian_day();
    match u16::try_from(days) {
        Ok(days) if days > 0 => Ok(days),
        _ => Err(RecordError::DateOutOfRange(date)),
    }
}

/// The date a stored day count stands for; `None` for 0, "not recorded".
pub fn decode_date(days: u16) -> Option<Date> {
    (days != 0)
        .then(|| Date::from_julian_day(epoch().to_julian_day() + days as i32).expect("in range"))
}

/// The scalar types of the circuit's `Header`: birth day, sex, blood type, weight, height and
/// the allergen flags, in declaration order.
fn header_types() -> Vec<ScalarType> {
    let mut types = vec![
        ScalarType::Unsigned(16), // birth_day
        ScalarType::Unsigned(8),  // sex
        ScalarType::Unsigned(8),  // blood_type
        ScalarType::Unsigned(16), // weight_dag
        ScalarType::Unsigned(16), // height_mm
    ];
    types.extend([ScalarType::Bool; ALLERGENS.len()]);
    types
}

/// The scalar types of an entry list (conditions or medications): a code and a day per slot.
fn entry_types(slots: usize) -> Vec<ScalarType> {
    [ScalarType::Unsigned(32), ScalarType::Unsigned(16)].repeat(slots)
}

impl ClinicalSummary {
    /// The scalars of `Pack<ClinicalSummary>`, in the circuit's declaration order.
    pub fn to_scalars(&self) -> Result<Vec<Scalar>, RecordError> {
        if self.conditions.len() > MAX_CONDITIONS || self.medications.len() > MAX_MEDICATIONS {
            return Err(RecordError::TooManyEntries);
        }
        let unsigned = |bits, value: u128| Scalar::Unsigned { bits, value };
        let mut scalars = vec![
            unsigned(16, encode_date(self.birth_date)?.into()),
            unsigned(8, self.sex as u128),
            unsigned(8, self.blood_type as u128),
            unsigned(16, self.weight_dag.into()),
            unsigned(16, self.height_mm.into()),
        ];
        scalars.extend(self.allergies.flags().map(Scalar::Bool));
        for slot in 0..MAX_CONDITIONS {
            let (code, onset) = match self.conditions.get(slot) {
                Some(condition) => (condition.code.packed(), encode_date(condition.onset)?),
                None => (0, 0),
            };
            scalars.extend([unsigned(32, code.into()), unsigned(16, onset.into())]);
        }
        for slot in 0..MAX_MEDICATIONS {
            let (rxcui, started) = match self.medications.get(slot) {
                Some(Medication { rxcui: 0, .. }) => return Err(RecordError::ZeroRxcui),
                Some(medication) => (medication.rxcui, encode_date(medication.started)?),
                None => (0, 0),
            };
            scalars.extend([unsigned(32, rxcui.into()), unsigned(16, started.into())]);
        }
        Ok(scalars)
    }

    /// Rebuilds a summary from unpacked scalars; empty condition and medication slots are dropped.
    pub fn from_scalars(scalars: &[Scalar]) -> Result<Self, RecordError> {
        let mut values = scalars.iter().map(|scalar| match *scalar {
            Scalar::Unsigned { value, .. } => value,
            Scalar::Bool(flag) => flag as u128,
            Scalar::Signed { value, .. } => value as u128,
            Scalar::Full(_) => u128::MAX,
        });
        let mut next = || {
            values
                .next()
                .ok_or_else(|| RecordError::Malformed("too few values".into()))
        };
        let birth_date = decode_date(next()? as u16);
        let sex = Sex::from_code(next()?)?;
        let blood_type = BloodType::from_code(next()?)?;
        let weight_dag = next()? as u16;
        let height_mm = next()? as u16;
        let mut flags = [false; ALLERGENS.len()];
        for flag in flags.iter_mut() {
            *flag = next()? != 0;
        }
        let mut conditions = Vec::new();
        for _ in 0..MAX_CONDITIONS {
            let (code, onset) = (next()? as u32, next()? as u16);
            if code != 0 {
                conditions.push(Condition {
                    code: Icd10Code::from_packed(code)?,
                    onset: decode_date(onset),
                });
            }
        }
        let mut medications = Vec::new();
        for _ in 0..MAX_MEDICATIONS {
            let (rxcui, started) = (next()? as u32, next()? as u16);
            if rxcui != 0 {
                medications.push(Medication {
                    rxcui,
                    started: decode_date(started),
                });
            }
        }
        Ok(Self {
            birth_date,
            sex,
            blood_type,
            weight_dag,
            height_mm,
            allergies: AllergySet::from_flags(flags),
            conditions,
            medications,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn icd10_codes_round_trip_through_their_packed_form() {
        for code in ["A00", "E11.9", "I25.10", "J45.909", "Z99.89", "C7A.01"] {
            let parsed = Icd10Code::parse(code).unwrap();
            assert_eq!(
                Icd10Code::from_packed(parsed.packed()).unwrap(),
                parsed,
                "{code}"
            );
            assert_eq!(parsed.to_string(), code);
        }
    }

    #[test]
    fn icd10_codes_that_cannot_be_stored_are_refused() {
        for code in ["S52.521A", "E1", "1AB", "E11-9", ""] {
            assert!(
                matches!(Icd10Code::parse(code), Err(RecordError::InvalidIcd10(..))),
                "{code}"
            );
        }
    }

    #[test]
    fn dates_outside_the_encoding_are_refused_not_truncated() {
        let mut summary = ClinicalSummary {
            birth_date: Some(date!(1899 - 12 - 31)),
            ..ClinicalSummary::default()
        };
        assert!(matches!(
            summary.to_scalars(),
            Err(RecordError::DateOutOfRange(_))
        ));
        summary.birth_date = Some(date!(2079 - 06 - 07));
        assert!(matches!(
            summary.to_scalars(),
            Err(RecordError::DateOutOfRange(_))
        ));
        summary.birth_date = Some(date!(2079 - 06 - 06));
        let scalars = summary.to_scalars().unwrap();
        assert_eq!(ClinicalSummary::from_scalars(&scalars).unwrap(), summary);
    }

    #[test]
    fn a_ninth_condition_is_refused() {
        let condition = Condition {
            code: Icd10Code::parse("I10").unwrap(),
            onset: None,
        };
        let summary = ClinicalSummary {
            conditions: vec![condition; MAX_CONDITIONS + 1],
            ..ClinicalSummary::default()
        };
        assert_eq!(summary.to_scalars(), Err(RecordError::TooManyEntries));
    }

    #[test]
    fn an_unknown_code_in_a_decrypted_record_is_an_error() {
        let mut scalars = ClinicalSummary::default().to_scalars().unwrap();
        scalars[1] = Scalar::Unsigned { bits: 8, value: 9 };
        assert_eq!(
            ClinicalSummary::from_scalars(&scalars),
            Err(RecordError::InvalidCode("sex", 9))
        );
    }
}
