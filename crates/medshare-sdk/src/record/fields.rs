//! Field sets: the units a grant covers and a disclosure carries.

use super::ClinicalSummary;
pub use share_medical_records::state::FieldSet;

/// Every field set with its name, in bit order. `documents` is not part of the record: a grant
/// names it to cover the patient's documents. `eligibility` is no field at all: the receipts of
/// answers to eligibility questions name it (`grant_eligibility` gives it, with its allowance).
pub const FIELD_SETS: [(FieldSet, &str); 8] = [
    (FieldSet::DEMOGRAPHICS, "demographics"),
    (FieldSet::BLOOD_TYPE, "blood-type"),
    (FieldSet::VITALS, "vitals"),
    (FieldSet::ALLERGIES, "allergies"),
    (FieldSet::CONDITIONS, "conditions"),
    (FieldSet::MEDICATIONS, "medications"),
    (FieldSet::DOCUMENTS, "documents"),
    (FieldSet::ELIGIBILITY, "eligibility"),
];

/// The names of the sets in `fields`.
pub fn field_set_names(fields: FieldSet) -> Vec<&'static str> {
    FIELD_SETS
        .iter()
        .filter(|(set, _)| fields.contains(*set))
        .map(|(_, name)| *name)
        .collect()
}

impl ClinicalSummary {
    /// The summary as a disclosure of `fields` delivers it: the circuit replaces every other
    /// field with its "not recorded" value, which is what decoding that yields.
    pub fn restricted_to(&self, fields: FieldSet) -> ClinicalSummary {
        let keep = |set| fields.contains(set);
        let empty = ClinicalSummary::default();
        ClinicalSummary {
            birth_date: if keep(FieldSet::DEMOGRAPHICS) {
                self.birth_date
            } else {
                empty.birth_date
            },
            sex: if keep(FieldSet::DEMOGRAPHICS) {
                self.sex
            } else {
                empty.sex
            },
            blood_type: if keep(FieldSet::BLOOD_TYPE) {
                self.blood_type
            } else {
                empty.blood_type
            },
            weight_dag: if keep(FieldSet::VITALS) {
                self.weight_dag
            } else {
                empty.weight_dag
            },
            height_mm: if keep(FieldSet::VITALS) {
                self.height_mm
            } else {
                empty.height_mm
            },
            allergies: if keep(FieldSet::ALLERGIES) {
                self.allergies
            } else {
                empty.allergies
            },
            conditions: if keep(FieldSet::CONDITIONS) {
                self.conditions.clone()
            } else {
                empty.conditions
            },
            medications: if keep(FieldSet::MEDICATIONS) {
                self.medications.clone()
            } else {
                empty.medications
            },
        }
    }
}
