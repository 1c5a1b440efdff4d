//! The parts of the FHIR R4 resources the import reads; other elements are ignored.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Bundle {
    #[serde(default)]
    pub entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Entry {
    pub full_url: Option<String>,
    pub resource: Option<Value>,
}

/// What every resource is checked for before it is read as its type.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Header {
    pub resource_type: Option<String>,
    pub id: Option<String>,
    /// Extensions that change the meaning of the resource; the import cannot honour them.
    pub modifier_extension: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CodeableConcept {
    #[serde(default)]
    pub coding: Vec<Coding>,
    pub text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Reference {
    pub reference: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Quantity {
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub system: Option<String>,
    pub code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Period {
    pub start: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Patient {
    pub birth_date: Option<String>,
    pub gender: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AllergyIntolerance {
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: Option<CodeableConcept>,
    pub code: Option<CodeableConcept>,
    pub patient: Option<Reference>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Condition {
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: Option<CodeableConcept>,
    pub code: Option<CodeableConcept>,
    pub subject: Option<Reference>,
    pub onset_date_time: Option<String>,
    /// The other forms of `onset[x]`, read only to refuse them rather than lose them.
    pub onset_age: Option<Value>,
    pub onset_period: Option<Value>,
    pub onset_range: Option<Value>,
    pub onset_string: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MedicationStatement {
    pub status: Option<String>,
    pub medication_codeable_concept: Option<CodeableConcept>,
    pub medication_reference: Option<Value>,
    pub subject: Option<Reference>,
    pub effective_date_time: Option<String>,
    pub effective_period: Option<Period>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Observation {
    pub status: Option<String>,
    pub code: Option<CodeableConcept>,
    pub subject: Option<Reference>,
    pub value_quantity: Option<Quantity>,
    pub value_codeable_concept: Option<CodeableConcept>,
}

impl CodeableConcept {
    /// The code of the first coding in one of `systems`.
    pub fn code_in(&self, systems: &[&str]) -> Option<&str> {
        self.coding
            .iter()
            .filter(|coding| {
                coding
                    .system
                    .as_deref()
                    .is_some_and(|s| systems.contains(&s))
            })
            .find_map(|coding| coding.code.as_deref())
    }

    /// Every code, whatever its system: status elements are matched on their code alone.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.coding
            .iter()
            .filter_map(|coding| coding.code.as_deref())
    }

    /// The codings as `system code` pairs, for error messages.
    pub fn describe(&self) -> String {
        let codings: Vec<String> = self
            .coding
            .iter()
            .map(|coding| {
                format!(
                    "{} {}",
                    coding.system.as_deref().unwrap_or("(no system)"),
                    coding.code.as_deref().unwrap_or("(no code)")
                )
            })
            .collect();
        match (&self.text, codings.is_empty()) {
            (None, true) => "an empty CodeableConcept".to_string(),
            (Some(text), true) => format!("the text {text:?}"),
            (_, false) => codings.join(", "),
        }
    }
}
