//! The coded fields of a clinical summary.

use super::RecordError;
use std::fmt;

/// Administrative sex, as FHIR's `AdministrativeGender`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Sex {
    #[default]
    Unknown = 0,
    Male = 1,
    Female = 2,
    Other = 3,
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sex::Unknown => "unknown",
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Other => "other",
        })
    }
}

impl Sex {
    pub(super) fn from_code(code: u128) -> Result<Self, RecordError> {
        Ok(match code {
            0 => Sex::Unknown,
            1 => Sex::Male,
            2 => Sex::Female,
            3 => Sex::Other,
            _ => return Err(RecordError::InvalidCode("sex", code)),
        })
    }
}

/// ABO group and RhD factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum BloodType {
    #[default]
    Unknown = 0,
    ONegative = 1,
    OPositive = 2,
    ANegative = 3,
    APositive = 4,
    BNegative = 5,
    BPositive = 6,
    AbNegative = 7,
    AbPositive = 8,
}

impl fmt::Display for BloodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use BloodType::*;
        f.write_str(match self {
            Unknown => "not recorded",
            ONegative => "O negative",
            OPositive => "O positive",
            ANegative => "A negative",
            APositive => "A positive",
            BNegative => "B negative",
            BPositive => "B positive",
            AbNegative => "AB negative",
            AbPositive => "AB positive",
        })
    }
}

impl BloodType {
    pub(super) fn from_code(code: u128) -> Result<Self, RecordError> {
        use BloodType::*;
        const ALL: [BloodType; 9] = [
            Unknown, ONegative, OPositive, ANegative, APositive, BNegative, BPositive, AbNegative,
            AbPositive,
        ];
        usize::try_from(code)
            .ok()
            .and_then(|index| ALL.get(index))
            .copied()
            .ok_or(RecordError::InvalidCode("blood_type", code))
    }
}

/// An ICD-10 (or ICD-10-CM) code of 3 to 6 characters, stored without its dot.
///
/// Packed base 37 into a `u32`: character i (from the left) contributes `digit * 37^i`, where
/// '0'..'9' are 1..10 and 'A'..'Z' are 11..36; 0 marks an empty slot. Six characters reach
/// 37^6 - 1 < 2^32; seven-character ICD-10-CM codes (with an episode extension) do not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icd10Code(String);

impl Icd10Code {
    pub fn parse(code: &str) -> Result<Self, RecordError> {
        let invalid = |why| RecordError::InvalidIcd10(code.to_string(), why);
        let normalized: String = code
            .chars()
            .filter(|c| *c != '.')
            .collect::<String>()
            .to_ascii_uppercase();
        let chars: Vec<char> = normalized.chars().collect();
        if chars.len() < 3 {
            return Err(invalid("shorter than 3 characters"));
        }
        if chars.len() > 6 {
            return Err(invalid(
                "longer than 6 characters; 7th-character extensions cannot be stored",
            ));
        }
        if !chars[0].is_ascii_uppercase() || !chars[1].is_ascii_digit() {
            return Err(invalid("must start with a letter and a digit"));
        }
        if !chars.iter().all(|c| c.is_ascii_alphanumeric()) {
            return Err(invalid("may hold only letters, digits and one dot"));
        }
        Ok(Self(normalized))
    }

    /// The code in base 37, as the record and the study circuits hold it.
    pub fn packed(&self) -> u32 {
        self.0
            .chars()
            .rev()
            .fold(0u32, |acc, c| acc * 37 + digit(c))
    }

    /// The code a base-37 value stands for.
    pub fn from_packed(mut packed: u32) -> Result<Self, RecordError> {
        let mut code = String::new();
        while packed > 0 {
            code.push(character(packed % 37).ok_or_else(|| {
                RecordError::Malformed("ICD-10 code with an empty position".into())
            })?);
            packed /= 37;
        }
        Self::parse(&code)
    }
}

/// The character of one base-37 position: '0'..'9' for 1..10, 'A'..'Z' for 11..36; `None` for
/// an empty position.
pub(crate) fn character(digit: u32) -> Option<char> {
    match digit {
        1..=10 => Some((b'0' + (digit - 1) as u8) as char),
        11..=36 => Some((b'A' + (digit - 11) as u8) as char),
        _ => None,
    }
}

fn digit(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32 + 1,
        _ => c as u32 - 'A' as u32 + 11,
    }
}

impl fmt::Display for Icd10Code {
    /// The conventional form, with a dot after the category: `E11.9`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.split_at_checked(3) {
            Some((category, "")) => f.write_str(category),
            Some((category, rest)) => write!(f, "{category}.{rest}"),
            None => f.write_str(&self.0),
        }
    }
}

/// One of the allergen classes a record can flag; its position is its bit in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allergen {
    pub name: &'static str,
    /// FHIR `AllergyIntolerance.category`.
    pub category: &'static str,
}

const fn allergen(name: &'static str, category: &'static str) -> Allergen {
    Allergen { name, category }
}

/// The documented allergen code set: flag i of a record means `ALLERGENS[i]`.
pub const ALLERGENS: [Allergen; 24] = [
    allergen("penicillins", "medication"),
    allergen("cephalosporins", "medication"),
    allergen("sulfonamides", "medication"),
    allergen("NSAIDs (including aspirin)", "medication"),
    allergen("opioids", "medication"),
    allergen("macrolides", "medication"),
    allergen("fluoroquinolones", "medication"),
    allergen("tetracyclines", "medication"),
    allergen("anticonvulsants", "medication"),
    allergen("ACE inhibitors", "medication"),
    allergen("iodinated contrast media", "medication"),
    allergen("local anaesthetics", "medication"),
    allergen("neuromuscular blockers", "medication"),
    allergen("peanut", "food"),
    allergen("tree nuts", "food"),
    allergen("milk", "food"),
    allergen("egg", "food"),
    allergen("fish", "food"),
    allergen("shellfish", "food"),
    allergen("soy", "food"),
    allergen("wheat", "food"),
    allergen("sesame", "food"),
    allergen("latex", "environment"),
    allergen("insect venom", "environment"),
];

/// Which of [`ALLERGENS`] the patient is allergic to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AllergySet([bool; ALLERGENS.len()]);

impl AllergySet {
    pub fn from_flags(flags: [bool; ALLERGENS.len()]) -> Self {
        Self(flags)
    }

    /// The set naming these allergens (case-insensitive); unknown names are returned as errors.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut flags = [false; ALLERGENS.len()];
        for name in names {
            let index = ALLERGENS
                .iter()
                .position(|allergen| allergen.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| format!("unknown allergen {name:?}"))?;
            flags[index] = true;
        }
        Ok(Self(flags))
    }

    pub fn flags(&self) -> impl Iterator<Item = bool> + '_ {
        self.0.iter().copied()
    }

    pub fn allergens(&self) -> impl Iterator<Item = &'static Allergen> + '_ {
        ALLERGENS
            .iter()
            .zip(self.0)
            .filter(|(_, set)| *set)
            .map(|(allergen, _)| allergen)
    }
}
