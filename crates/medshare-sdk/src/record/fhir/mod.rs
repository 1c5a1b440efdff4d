//! FHIR R4 import and export of the clinical summary.
//!
//! The module reads only the resources it maps, with serde types for the elements it needs,
//! rather than a generated model of all of R4.
//!
//! | record field | FHIR R4 |
//! |---|---|
//! | birth date, sex | `Patient.birthDate`, `Patient.gender` |
//! | blood type | `Observation` LOINC 882-1, `valueCodeableConcept` SNOMED CT (or LOINC answer) |
//! | weight, height | `Observation` LOINC 29463-7 / 8302-2, `valueQuantity` in UCUM units |
//! | allergies | `AllergyIntolerance.code`: SNOMED CT, or text equal to an allergen class name |
//! | conditions | `Condition.code` ICD-10 / ICD-10-CM, `onsetDateTime` |
//! | medications | `MedicationStatement.medicationCodeableConcept` RxNorm, `effective[x]` |
//!
//! Import refuses, with an error naming the resource and the field, what it cannot store
//! faithfully: another resource type, another observation, a code outside the record's code
//! sets, an unconvertible unit, a partial or out-of-range date, a ninth condition or medication,
//! a second Patient or a second measurement of the same vital, a `modifierExtension`, and
//! resources that refer to different patients (one without a reference is taken to be about the
//! bundle's patient). Elements the record has no place for (names, identifiers, reactions,
//! notes...) are not read: the record holds no identity and no narrative. Measurements are
//! rounded to the record's resolution (10 g, 1 mm) and the time of day of a dateTime dropped.
//!
//! Status policy: a resource whose status says it does not apply is skipped, not refused, and
//! named in [`Import::skipped`], so the caller can show what was left out; skipped resources are
//! not validated further. That covers AllergyIntolerance with clinicalStatus inactive or
//! resolved, Condition with clinicalStatus inactive, remission or resolved, either of them with
//! verificationStatus refuted or entered-in-error, MedicationStatement with status stopped,
//! completed, not-taken or entered-in-error, and Observation with status cancelled or
//! entered-in-error. Other statuses (unconfirmed, on-hold, preliminary...) are imported.
//!
//! Export writes a `collection` Bundle with a resource only for what the disclosed field sets
//! hold; a withheld set, and a field that is not recorded, produce no resource at all.

mod dates;
mod export;
mod import;
mod model;
mod one_patient;
mod read;
mod terminology;
mod units;

#[cfg(test)]
mod tests;

pub use export::bundle_from_summary;
pub use import::summary_from_bundle;

use super::ClinicalSummary;

/// A summary read from a FHIR Bundle, with the resources left out because they do not apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub summary: ClinicalSummary,
    /// One sentence per skipped resource, e.g. `Condition "c3": clinicalStatus is resolved`.
    pub skipped: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FhirError {
    #[error("the input is not valid JSON: {0}")]
    Json(String),
    #[error("the input is not a FHIR Bundle: {0}")]
    NotABundle(String),
    /// `resource` is the type with its id (`Condition "c2"`) or its place in the bundle
    /// (`Condition at Bundle.entry[3]`); `field` is the element at fault.
    #[error("{resource}: {field} {problem}")]
    Refused {
        resource: String,
        field: &'static str,
        problem: String,
    },
}
