//! Code systems and the concept tables the import and the export share, so that both directions
//! use the same codes.

use super::model::CodeableConcept;
use crate::record::{BloodType, Sex, ALLERGENS};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Concept {
    pub code: &'static str,
    pub display: &'static str,
}

const fn concept(code: &'static str, display: &'static str) -> Concept {
    Concept { code, display }
}

/// The observations a record holds, by LOINC code.
pub(super) const BODY_WEIGHT: Concept = concept("29463-7", "Body weight");
pub(super) const BODY_HEIGHT: Concept = concept("8302-2", "Body height");
pub(super) const ABO_RH_GROUP: Concept = concept("882-1", "ABO and Rh group [Type] in Blood");

/// Each blood type with its SNOMED CT finding (the concepts of the IPS value set "ABO and Rh
/// group [Type] in Blood") and its LOINC answer (answer list LL2972-9, as tx.fhir.org expands
/// it from LOINC 2.81). Export writes both codings; import accepts either.
pub(super) const BLOOD_GROUPS: [(BloodType, Concept, Concept); 8] = [
    (
        BloodType::ONegative,
        concept("278148006", "Blood group O Rh(D) negative"),
        concept("LA21322-5", "O Neg"),
    ),
    (
        BloodType::OPositive,
        concept("278147001", "Blood group O Rh(D) positive"),
        concept("LA21321-7", "O Pos"),
    ),
    (
        BloodType::ANegative,
        concept("278152006", "Blood group A Rh(D) negative"),
        concept("LA21326-6", "A Neg"),
    ),
    (
        BloodType::APositive,
        concept("278149003", "Blood group A Rh(D) positive"),
        concept("LA21325-8", "A Pos"),
    ),
    (
        BloodType::BNegative,
        concept("278153001", "Blood group B Rh(D) negative"),
        concept("LA21328-2", "B Neg"),
    ),
    (
        BloodType::BPositive,
        concept("278150003", "Blood group B Rh(D) positive"),
        concept("LA21327-4", "B Pos"),
    ),
    (
        BloodType::AbNegative,
        concept("278154007", "Blood group AB Rh(D) negative"),
        concept("LA21324-1", "AB Neg"),
    ),
    (
        BloodType::AbPositive,
        concept("278151004", "Blood group AB Rh(D) positive"),
        concept("LA21323-3", "AB Pos"),
    ),
];

/// The SNOMED CT substance for each allergen class, in the order of [`ALLERGENS`]. `None` where
/// no class concept could be verified: those classes travel as `code.text` (the class name)
/// alone, which the import accepts too. Sources: HL7 IPS (penicillin, the SNOMED IPS free set
/// for foods, latex and insect venom), US Core examples (sulfonamide, ACE inhibitor), the SNOMED
/// editorial guide (opioid agonist), the November 2024 release notes (iodinated contrast media),
/// Synthea (milk, tree nut: a US Edition concept), German MII value sets (cephalosporin), UK
/// drug lists built with `<< 255632006` (anticonvulsant), Endeavour IMapp's SNOMED drug model
/// (NSAID).
pub(super) const ALLERGEN_SUBSTANCES: [(&str, Option<Concept>); ALLERGENS.len()] = [
    ("penicillins", Some(concept("764146007", "Penicillin"))),
    (
        "cephalosporins",
        Some(concept("764147003", "Cephalosporin")),
    ),
    ("sulfonamides", Some(concept("387406002", "Sulfonamide"))),
    (
        "NSAIDs (including aspirin)",
        Some(concept(
            "372665008",
            "Non-steroidal anti-inflammatory agent",
        )),
    ),
    (
        "opioids",
        Some(concept(
            "404642006",
            "Substance with opioid receptor agonist mechanism of action",
        )),
    ),
    ("macrolides", None),
    ("fluoroquinolones", None),
    ("tetracyclines", None),
    (
        "anticonvulsants",
        Some(concept("255632006", "Anticonvulsant")),
    ),
    (
        "ACE inhibitors",
        Some(concept(
            "372733002",
            "Substance with angiotensin-converting enzyme inhibitor mechanism of action",
        )),
    ),
    (
        "iodinated contrast media",
        Some(concept("426722004", "Iodinated contrast media")),
    ),
    ("local anaesthetics", None),
    ("neuromuscular blockers", None),
    ("peanut", Some(concept("762952008", "Peanut"))),
    ("tree nuts", Some(concept("442571000124108", "Tree nut"))),
    ("milk", Some(concept("3718001", "Cow's milk"))),
    ("egg", Some(concept("102263004", "Eggs (edible)"))),
    ("fish", Some(concept("735971005", "Fish"))),
    ("shellfish", Some(concept("735029006", "Shellfish"))),
    ("soy", Some(concept("256355007", "Soyabean"))),
    ("wheat", Some(concept("412071004", "Wheat"))),
    ("sesame", Some(concept("260167008", "Sesame seed"))),
    ("latex", Some(concept("111088007", "Latex"))),
    ("insect venom", Some(concept("280939008", "Insect venom"))),
];

/// FHIR `AdministrativeGender` codes, which the record's `Sex` follows.
pub(super) const GENDERS: [(Sex, &str); 4] = [
    (Sex::Unknown, "unknown"),
    (Sex::Male, "male"),
    (Sex::Female, "female"),
    (Sex::Other, "other"),
];

pub(super) fn gender_code(sex: Sex) -> &'static str {
    GENDERS
        .iter()
        .find(|(each, _)| *each == sex)
        .map(|(_, code)| *code)
        .expect("every Sex has a gender code")
}

pub(super) fn sex_from_gender(code: &str) -> Option<Sex> {
    GENDERS
        .iter()
        .find(|(_, each)| *each == code)
        .map(|(sex, _)| *sex)
}

/// The allergen class (index into [`ALLERGENS`]) a SNOMED CT coding names, or failing that the
/// class whose name the text is.
pub(super) fn allergen_index(code: &CodeableConcept) -> Option<usize> {
    let by_coding = code.coding.iter().find_map(|coding| {
        if coding.system.as_deref() != Some(SNOMED) {
            return None;
        }
        let snomed = coding.code.as_deref()?;
        ALLERGEN_SUBSTANCES
            .iter()
            .position(|(_, substance)| substance.is_some_and(|s| s.code == snomed))
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
            BLOOD_GROUPS.iter().find_map(|(blood_type, snomed, loinc)| {
                let matches = match coding.system.as_deref()? {
                    SNOMED => snomed.code == code,
                    LOINC => loinc.code == code,
                    _ => false,
                };
                matches.then_some(*blood_type)
            })
        })
        .collect()
}
