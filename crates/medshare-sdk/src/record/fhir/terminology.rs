//! Code systems and the concept tables the import and the export share, so that both directions
//! use the same codes.

use super::model::CodeableConcept;
use crate::record::{BloodType, Sex, ALLERGENS};
use serde::{Deserialize, Deserializer};
use std::sync::LazyLock;

pub(super) const SNOMED: &str = "http://snomed.info/sct";
pub(super) const LOINC: &str = "http://loinc.org";
pub(super) const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";
pub(super) const ICD10_CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
pub(super) const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
pub(super) const UCUM: &str = "http://unitsofmeasure.org";
pub(super) const ALLERGY_CLINICAL: &str =
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
pub(super) const CONDITION_CLINICAL: &str =
    "http://terminology.hl7.org/CodeSystem/condition-clinical";
pub(super) const OBSERVATION_CATEGORY: &str =
    "http://terminology.hl7.org/CodeSystem/observation-category";

/// A code and its display in one code system.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(super) struct Concept {
    pub code: String,
    pub display: String,
}

/// The concept tables, from the JSON file the TypeScript client reads too
/// (`concepts.json`, which says where each concept comes from).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Concepts {
    /// The observations a record holds, by LOINC code.
    pub observations: Observations,
    /// Each blood type with its SNOMED CT finding and its LOINC answer. Export writes both
    /// codings; import accepts either.
    pub blood_groups: Vec<BloodGroup>,
    /// The SNOMED CT substance for each allergen class, in the order of [`ALLERGENS`]; `None`
    /// where no class concept could be verified: those classes travel as `code.text` (the
    /// class name) alone, which the import accepts too.
    pub allergen_substances: Vec<AllergenSubstance>,
    /// FHIR `AdministrativeGender` codes, which the record's `Sex` follows.
    genders: Vec<Gender>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Observations {
    pub body_weight: Concept,
    pub body_height: Concept,
    pub abo_rh_group: Concept,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BloodGroup {
    #[serde(deserialize_with = "blood_type")]
    pub blood_type: BloodType,
    pub snomed: Concept,
    pub loinc: Concept,
}

#[derive(Debug, Deserialize)]
pub(super) struct AllergenSubstance {
    pub allergen: String,
    pub substance: Option<Concept>,
}

#[derive(Debug, Deserialize)]
struct Gender {
    #[serde(deserialize_with = "sex")]
    sex: Sex,
    code: String,
}

fn blood_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BloodType, D::Error> {
    BloodType::from_code(u128::deserialize(deserializer)?).map_err(serde::de::Error::custom)
}

fn sex<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Sex, D::Error> {
    Sex::from_code(u128::deserialize(deserializer)?).map_err(serde::de::Error::custom)
}

pub(super) static CONCEPTS: LazyLock<Concepts> = LazyLock::new(|| {
    let concepts: Concepts =
        serde_json::from_str(include_str!("concepts.json")).expect("concepts.json is well formed");
    let names = concepts
        .allergen_substances
        .iter()
        .map(|each| &each.allergen);
    assert!(
        names.eq(ALLERGENS.iter().map(|allergen| allergen.name)),
        "concepts.json lists the allergen classes in the record's order"
    );
    concepts
});

pub(super) fn gender_code(sex: Sex) -> &'static str {
    let gender = CONCEPTS.genders.iter().find(|each| each.sex == sex);
    &gender.expect("every Sex has a gender code").code
}

pub(super) fn sex_from_gender(code: &str) -> Option<Sex> {
    let gender = CONCEPTS.genders.iter().find(|each| each.code == code);
    gender.map(|each| each.sex)
}

/// The allergen class (index into [`ALLERGENS`]) a SNOMED CT coding names, or failing that the
/// class whose name the text is.
pub(super) fn allergen_index(code: &CodeableConcept) -> Option<usize> {
    let by_coding = code.coding.iter().find_map(|coding| {
        if coding.system.as_deref() != Some(SNOMED) {
            return None;
        }
        let snomed = coding.code.as_deref()?;
        (CONCEPTS.allergen_substances.iter())
            .position(|each| each.substance.as_ref().is_some_and(|s| s.code == snomed))
    });
    by_coding.or_else(|| {
        let text = code.text.as_deref()?.trim();
        ALLERGENS
            .iter()
            .position(|allergen| allergen.name.eq_ignore_ascii_case(text))
    })
}

/// The blood types the SNOMED CT and LOINC answer codings of a value name (one per coding that
/// is recognised), so that the caller can refuse codings that disagree.
pub(super) fn blood_types(value: &CodeableConcept) -> Vec<BloodType> {
    value
        .coding
        .iter()
        .filter_map(|coding| {
            let code = coding.code.as_deref()?;
            CONCEPTS.blood_groups.iter().find_map(|group| {
                let matches = match coding.system.as_deref()? {
                    SNOMED => group.snomed.code == code,
                    LOINC => group.loinc.code == code,
                    _ => false,
                };
                matches.then_some(group.blood_type)
            })
        })
        .collect()
}
