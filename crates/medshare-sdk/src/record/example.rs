//! A fictional patient's summary, for the demo, the tests and anyone trying medshare out.

use super::{AllergySet, BloodType, ClinicalSummary, Condition, Icd10Code, Medication, Sex};
use time::macros::date;

/// Type 2 diabetes, hypertension and asthma, two medications, three allergies.
pub fn example_summary() -> ClinicalSummary {
    let condition = |code: &str, onset| Condition {
        code: Icd10Code::parse(code).expect("a valid ICD-10 code"),
        onset,
    };
    ClinicalSummary {
        birth_date: Some(date!(1961 - 03 - 14)),
        sex: Sex::Female,
        blood_type: BloodType::ANegative,
        weight_dag: 6_850,
        height_mm: 1_642,
        allergies: AllergySet::from_names(["penicillins", "shellfish", "latex"])
            .expect("known allergen classes"),
        conditions: vec![
            condition("E11.9", Some(date!(2009 - 06 - 02))),
            condition("I10", Some(date!(2014 - 11 - 20))),
            condition("J45.909", None),
        ],
        medications: vec![
            Medication {
                rxcui: 860975,
                started: Some(date!(2009 - 06 - 10)),
            },
            Medication {
                rxcui: 314076,
                started: Some(date!(2015 - 01 - 05)),
            },
        ],
    }
}
