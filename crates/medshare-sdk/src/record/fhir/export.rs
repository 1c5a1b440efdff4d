//! Writing the disclosed part of a summary as a FHIR R4 `collection` Bundle.

use super::dates::format_day;
use super::terminology::{gender_code, Concept, CONCEPTS};
use super::terminology::{ALLERGY_CLINICAL, CONDITION_CLINICAL, OBSERVATION_CATEGORY};
use super::terminology::{ICD10_CM, LOINC, RXNORM, SNOMED, UCUM};
use crate::record::{ClinicalSummary, FieldSet, ALLERGENS};
use serde_json::{json, Value};

/// The fullUrl of resource `n` of an export; 0 is the Patient. Fixed URLs make an export of the
/// same summary identical every time.
fn full_url(n: usize) -> String {
    format!("urn:uuid:6d656473-6861-4000-8000-{n:012x}")
}

/// A Bundle of the resources for the field sets in `fields`: a withheld set, and a field that is
/// not recorded, produce no resource. Every resource refers to the Patient's fullUrl, also when
/// demographics are withheld and the Patient resource is left out.
pub fn bundle_from_summary(summary: &ClinicalSummary, fields: FieldSet) -> Value {
    let patient = json!({ "reference": full_url(0) });
    let mut resources = Vec::new();
    if fields.contains(FieldSet::BLOOD_TYPE) {
        resources.extend(blood_group(summary, &patient));
    }
    if fields.contains(FieldSet::VITALS) {
        resources.extend(vitals(summary, &patient));
    }
    if fields.contains(FieldSet::ALLERGIES) {
        resources.extend(allergies(summary, &patient));
    }
    if fields.contains(FieldSet::CONDITIONS) {
        resources.extend(conditions(summary, &patient));
    }
    if fields.contains(FieldSet::MEDICATIONS) {
        resources.extend(medications(summary, &patient));
    }
    let mut entries = Vec::new();
    if fields.contains(FieldSet::DEMOGRAPHICS) {
        entries.push(entry(0, patient_resource(summary)));
    }
    entries.extend(
        resources
            .into_iter()
            .enumerate()
            .map(|(index, resource)| entry(index + 1, resource)),
    );
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entries })
}

fn entry(n: usize, resource: Value) -> Value {
    json!({ "fullUrl": full_url(n), "resource": resource })
}

fn coding(system: &str, concept: &Concept) -> Value {
    json!({ "system": system, "code": concept.code, "display": concept.display })
}

fn status(system: &str, code: &str) -> Value {
    json!({ "coding": [{ "system": system, "code": code }] })
}

fn patient_resource(summary: &ClinicalSummary) -> Value {
    let mut patient = json!({
        "resourceType": "Patient",
        "id": "patient",
        "gender": gender_code(summary.sex),
    });
    if let Some(birth_date) = summary.birth_date {
        patient["birthDate"] = json!(format_day(birth_date));
    }
    patient
}

fn observation(id: &str, category: &str, code: &Concept, subject: &Value) -> Value {
    json!({
        "resourceType": "Observation",
        "id": id,
        "status": "final",
        "category": [status(OBSERVATION_CATEGORY, category)],
        "code": { "coding": [coding(LOINC, code)], "text": code.display },
        "subject": subject,
    })
}

fn blood_group(summary: &ClinicalSummary, subject: &Value) -> Option<Value> {
    let group =
        (CONCEPTS.blood_groups.iter()).find(|group| group.blood_type == summary.blood_type)?;
    let code = &CONCEPTS.observations.abo_rh_group;
    let mut resource = observation("blood-group", "laboratory", code, subject);
    resource["valueCodeableConcept"] = json!({
        "coding": [coding(SNOMED, &group.snomed), coding(LOINC, &group.loinc)],
        "text": group.snomed.display,
    });
    Some(resource)
}

/// Weight in kilograms and height in centimetres, exact for the record's 10 g and 1 mm.
fn vitals(summary: &ClinicalSummary, subject: &Value) -> Vec<Value> {
    let measured = [
        (
            "body-weight",
            &CONCEPTS.observations.body_weight,
            summary.weight_dag,
            100.0,
            "kg",
        ),
        (
            "body-height",
            &CONCEPTS.observations.body_height,
            summary.height_mm,
            10.0,
            "cm",
        ),
    ];
    measured
        .into_iter()
        .filter(|(_, _, recorded, _, _)| *recorded != 0)
        .map(|(id, code, recorded, per_unit, unit)| {
            let mut resource = observation(id, "vital-signs", code, subject);
            resource["valueQuantity"] = json!({
                "value": f64::from(recorded) / per_unit,
                "unit": unit,
                "system": UCUM,
                "code": unit,
            });
            resource
        })
        .collect()
}

fn allergies(summary: &ClinicalSummary, subject: &Value) -> Vec<Value> {
    let flagged = summary
        .allergies
        .flags()
        .enumerate()
        .filter(|(_, set)| *set);
    flagged
        .enumerate()
        .map(|(n, (index, _))| {
            let allergen = ALLERGENS[index];
            let mut code = json!({ "text": allergen.name });
            if let Some(substance) = &CONCEPTS.allergen_substances[index].substance {
                code["coding"] = json!([coding(SNOMED, substance)]);
            }
            json!({
                "resourceType": "AllergyIntolerance",
                "id": format!("allergy-{}", n + 1),
                "clinicalStatus": status(ALLERGY_CLINICAL, "active"),
                "category": [allergen.category],
                "code": code,
                "patient": subject,
            })
        })
        .collect()
}

/// ICD-10-CM as the system: the record does not keep which edition a code came from, and its
/// longer codes (E11.9, J45.909) are CM codes.
fn conditions(summary: &ClinicalSummary, subject: &Value) -> Vec<Value> {
    summary
        .conditions
        .iter()
        .enumerate()
        .map(|(n, condition)| {
            let mut resource = json!({
                "resourceType": "Condition",
                "id": format!("condition-{}", n + 1),
                "clinicalStatus": status(CONDITION_CLINICAL, "active"),
                "code": { "coding": [{ "system": ICD10_CM, "code": condition.code.to_string() }] },
                "subject": subject,
            });
            if let Some(onset) = condition.onset {
                resource["onsetDateTime"] = json!(format_day(onset));
            }
            resource
        })
        .collect()
}

fn medications(summary: &ClinicalSummary, subject: &Value) -> Vec<Value> {
    summary
        .medications
        .iter()
        .enumerate()
        .map(|(n, medication)| {
            let mut resource = json!({
                "resourceType": "MedicationStatement",
                "id": format!("medication-{}", n + 1),
                "status": "active",
                "medicationCodeableConcept": {
                    "coding": [{ "system": RXNORM, "code": medication.rxcui.to_string() }],
                },
                "subject": subject,
            });
            if let Some(started) = medication.started {
                resource["effectiveDateTime"] = json!(format_day(started));
            }
            resource
        })
        .collect()
}
