//! A deterministic cohort of varied records, for the demo and tests: some with type 2
//! diabetes (E11) and some without, of both sexes and across ages, with the medications and
//! allergies such patients have.

use super::{AgeBands, Icd10Prefix, StudyQuestion};
use crate::record::{
    AllergySet, BloodType, ClinicalSummary, Condition, Icd10Code, Medication, Sex,
};
use time::{Date, Month};

/// Metformin 500 mg oral tablet.
pub const METFORMIN: u32 = 860975;
/// Lisinopril 10 mg oral tablet.
pub const LISINOPRIL: u32 = 314076;
/// Atorvastatin 20 mg oral tablet.
pub const ATORVASTATIN: u32 = 617314;

/// A question about `diagnosis` under which no cell is a structural zero: every sex and age
/// (records without a birth date too), four medications (RxNorm 1 to 4) and four categories
/// (I10, E78, J45, I25) watched, counted at 2026-01-01.
pub fn question_counting_every_cell(diagnosis: Icd10Prefix) -> StudyQuestion {
    StudyQuestion {
        diagnosis,
        sexes: vec![],
        ages: None,
        reference_date: Date::from_calendar_date(2026, Month::January, 1).expect("a date"),
        age_bands: AgeBands::default(),
        medications: vec![1, 2, 3, 4],
        categories: ["I10", "E78", "J45", "I25"]
            .map(|code| Icd10Code::parse(code).expect("a category"))
            .into(),
    }
}

/// Record `index` of the cohort: two in three have E11, alternating sexes, born across
/// 1940-1999; none of the fields is random, so runs compare.
pub fn cohort_record(index: usize) -> ClinicalSummary {
    let code = |text: &str| Condition {
        code: Icd10Code::parse(text).expect("a valid ICD-10 code"),
        onset: None,
    };
    let medication = |rxcui| Medication {
        rxcui,
        started: None,
    };
    let diabetic = index % 3 != 2;
    let mut conditions = Vec::new();
    let mut medications = Vec::new();
    if diabetic {
        conditions.push(code(if index % 4 == 0 { "E11.65" } else { "E11.9" }));
        medications.push(medication(METFORMIN));
    }
    if index % 2 == 0 {
        conditions.push(code("I10"));
        medications.push(medication(LISINOPRIL));
    }
    if index % 5 == 1 {
        conditions.push(code("E78.5"));
        medications.push(medication(ATORVASTATIN));
    }
    if index % 7 == 3 {
        conditions.push(code("J45.909"));
    }
    let year = 1940 + (index * 13 % 60) as i32;
    let month = Month::try_from(1 + (index % 12) as u8).expect("a month");
    let allergies = match index % 4 {
        0 => vec!["penicillins"],
        1 => vec!["penicillins", "latex"],
        2 => vec![],
        _ => vec!["sulfonamides"],
    };
    ClinicalSummary {
        birth_date: Some(
            Date::from_calendar_date(year, month, 1 + (index % 28) as u8).expect("a date"),
        ),
        sex: if index % 2 == 0 {
            Sex::Female
        } else {
            Sex::Male
        },
        blood_type: BloodType::OPositive,
        weight_dag: 6_000 + 150 * (index % 20) as u16,
        height_mm: 1_550 + 10 * (index % 30) as u16,
        allergies: AllergySet::from_names(allergies).expect("known allergen classes"),
        conditions,
        medications,
    }
}
