use super::terminology::{CONCEPTS, ICD10, LOINC, RXNORM, SNOMED};
use super::{bundle_from_summary, summary_from_bundle, FhirError, Import};
use crate::record::{example_summary, AllergySet, BloodType, ClinicalSummary, Condition};
use crate::record::{FieldSet, Icd10Code, Medication, Sex, ALLERGENS, FIELD_SETS};
use crate::record::{MAX_CONDITIONS, MAX_MEDICATIONS};
use serde_json::{json, Value};
use time::macros::date;

const EXAMPLE_BUNDLE: &str = include_str!("../../../../../examples/fhir/patient-bundle.json");

fn import(bundle: &Value) -> Result<Import, FhirError> {
    summary_from_bundle(&bundle.to_string())
}

fn bundle(resources: impl IntoIterator<Item = Value>) -> Value {
    let entries: Vec<Value> = resources
        .into_iter()
        .map(|resource| json!({ "resource": resource }))
        .collect();
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entries })
}

/// The resource, field and problem of a refusal.
fn refusal(result: Result<Import, FhirError>) -> (String, &'static str, String) {
    match result {
        Err(FhirError::Refused {
            resource,
            field,
            problem,
        }) => (resource, field, problem),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn patient(id: &str) -> Value {
    json!({ "resourceType": "Patient", "id": id, "gender": "male", "birthDate": "1970-01-01" })
}

fn condition(id: &str, icd10: &str) -> Value {
    json!({
        "resourceType": "Condition",
        "id": id,
        "code": { "coding": [{ "system": ICD10, "code": icd10 }] },
    })
}

fn medication(id: &str, rxcui: &str) -> Value {
    json!({
        "resourceType": "MedicationStatement",
        "id": id,
        "status": "active",
        "medicationCodeableConcept": { "coding": [{ "system": RXNORM, "code": rxcui }] },
    })
}

fn allergy(id: &str, code: Value) -> Value {
    json!({ "resourceType": "AllergyIntolerance", "id": id, "code": code })
}

fn observation(id: &str, loinc: &str) -> Value {
    json!({
        "resourceType": "Observation",
        "id": id,
        "status": "final",
        "code": { "coding": [{ "system": LOINC, "code": loinc }] },
    })
}

fn weight(id: &str, value: f64, unit: &str) -> Value {
    let mut weight = observation(id, "29463-7");
    weight["valueQuantity"] =
        json!({ "value": value, "system": "http://unitsofmeasure.org", "code": unit });
    weight
}

fn height(id: &str, value: f64, unit: &str) -> Value {
    let mut height = observation(id, "8302-2");
    height["valueQuantity"] =
        json!({ "value": value, "system": "http://unitsofmeasure.org", "code": unit });
    height
}

fn blood_group(id: &str, codings: Value) -> Value {
    let mut group = observation(id, "882-1");
    group["valueCodeableConcept"] = json!({ "coding": codings });
    group
}

fn status(code: &str) -> Value {
    json!({ "coding": [{ "code": code }] })
}

#[test]
fn the_example_bundle_imports_to_the_expected_summary() {
    let imported = summary_from_bundle(EXAMPLE_BUNDLE).unwrap();
    let expected = ClinicalSummary {
        birth_date: Some(date!(1961 - 03 - 14)),
        sex: Sex::Female,
        blood_type: BloodType::ANegative,
        weight_dag: 6_850,
        height_mm: 1_642,
        allergies: AllergySet::from_names(["penicillins", "peanut"]).unwrap(),
        conditions: vec![
            Condition {
                code: Icd10Code::parse("E11.9").unwrap(),
                onset: Some(date!(2009 - 06 - 02)),
            },
            Condition {
                code: Icd10Code::parse("I10").unwrap(),
                onset: Some(date!(2014 - 11 - 20)),
            },
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
    };
    assert_eq!(imported.summary, expected);
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
}

#[test]
fn every_field_round_trips_through_export_and_import() {
    let summary = example_summary();
    let exported = bundle_from_summary(&summary, FieldSet::ALL);
    let imported = import(&exported).unwrap();
    assert_eq!(imported.summary, summary);
    assert!(imported.skipped.is_empty());
    assert_eq!(
        exported,
        bundle_from_summary(&summary, FieldSet::ALL),
        "deterministic"
    );
}

#[test]
fn every_allergen_class_blood_type_and_sex_round_trips() {
    let mut summary = ClinicalSummary {
        allergies: AllergySet::from_flags([true; ALLERGENS.len()]),
        ..ClinicalSummary::default()
    };
    for (group, sex) in CONCEPTS.blood_groups.iter().zip(
        [Sex::Unknown, Sex::Male, Sex::Female, Sex::Other]
            .iter()
            .cycle(),
    ) {
        summary.blood_type = group.blood_type;
        summary.sex = *sex;
        let imported = import(&bundle_from_summary(&summary, FieldSet::ALL)).unwrap();
        assert_eq!(imported.summary, summary);
    }
}

#[test]
fn a_partial_disclosure_exports_only_the_disclosed_sets() {
    let summary = example_summary();
    for (fields, name) in FIELD_SETS
        .iter()
        .copied()
        .chain([(FieldSet::EMERGENCY, "emergency")])
    {
        let exported = bundle_from_summary(&summary, fields);
        let imported = import(&exported).unwrap().summary;
        assert_eq!(imported, summary.restricted_to(fields), "{name}");
        let types: Vec<&str> = exported["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["resource"]["resourceType"].as_str().unwrap())
            .collect();
        let expected_types: &[&str] = match name {
            "demographics" => &["Patient"],
            "blood-type" => &["Observation"],
            "vitals" => &["Observation", "Observation"],
            "allergies" => &["AllergyIntolerance"; 3],
            "conditions" => &["Condition"; 3],
            "medications" => &["MedicationStatement"; 2],
            // The patient's documents: no field of the record.
            "documents" => &[],
            // Eligibility answers: no field either.
            "eligibility" => &[],
            _ => &[
                "Observation",
                "AllergyIntolerance",
                "AllergyIntolerance",
                "AllergyIntolerance",
                "Condition",
                "Condition",
                "Condition",
                "MedicationStatement",
                "MedicationStatement",
            ],
        };
        assert_eq!(types, expected_types, "{name}");
    }
}

#[test]
fn fields_that_are_not_recorded_produce_no_resource() {
    let exported = bundle_from_summary(&ClinicalSummary::default(), FieldSet::EMERGENCY);
    assert_eq!(exported["entry"], json!([]));
}

#[test]
fn the_shared_tables_load_and_cover_every_allergen_blood_type_and_sex() {
    assert_eq!(CONCEPTS.allergen_substances.len(), ALLERGENS.len());
    assert_eq!(CONCEPTS.blood_groups.len(), 8);
    for sex in [Sex::Unknown, Sex::Male, Sex::Female, Sex::Other] {
        assert_eq!(
            super::terminology::sex_from_gender(super::terminology::gender_code(sex)),
            Some(sex)
        );
    }
}

#[test]
fn an_allergen_named_only_by_its_class_name_is_accepted() {
    let coded_otherwise = json!({
        "coding": [{ "system": "http://example.org/local", "code": "MAC" }],
        "text": "Macrolides",
    });
    let imported = import(&bundle([allergy("a1", coded_otherwise)])).unwrap();
    let names: Vec<&str> = imported
        .summary
        .allergies
        .allergens()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["macrolides"]);
}

#[test]
fn units_are_converted_to_the_records_resolution() {
    let cases = [
        (weight("w", 151.0, "[lb_av]"), 6_849, 0),
        (weight("w", 68_450.0, "g"), 6_845, 0),
        (height("h", 64.65, "[in_i]"), 0, 1_642),
        (height("h", 1.642, "m"), 0, 1_642),
        (height("h", 1_642.0, "mm"), 0, 1_642),
    ];
    for (resource, weight_dag, height_mm) in cases {
        let summary = import(&bundle([resource])).unwrap().summary;
        assert_eq!(
            (summary.weight_dag, summary.height_mm),
            (weight_dag, height_mm)
        );
    }
}

#[test]
fn a_date_time_keeps_its_day_and_a_period_its_start() {
    let mut diabetes = condition("c1", "E11.9");
    diabetes["onsetDateTime"] = json!("2009-06-02T23:30:00-05:00");
    let mut metformin = medication("m1", "860975");
    metformin["effectivePeriod"] = json!({ "start": "2009-06-10", "end": "2030-01-01" });
    let summary = import(&bundle([diabetes, metformin])).unwrap().summary;
    assert_eq!(summary.conditions[0].onset, Some(date!(2009 - 06 - 02)));
    assert_eq!(summary.medications[0].started, Some(date!(2009 - 06 - 10)));
}

#[test]
fn a_blood_group_may_be_coded_as_a_loinc_answer_but_not_ambiguously() {
    let loinc_only = json!([{ "system": LOINC, "code": "LA21328-2" }]);
    let imported = import(&bundle([blood_group("bg", loinc_only)])).unwrap();
    assert_eq!(imported.summary.blood_type, BloodType::BNegative);

    let conflicting = json!([
        { "system": SNOMED, "code": "278149003" },
        { "system": LOINC, "code": "LA21322-5" },
    ]);
    let (resource, field, problem) = refusal(import(&bundle([blood_group("bg", conflicting)])));
    assert_eq!(
        (resource.as_str(), field),
        ("Observation \"bg\"", "valueCodeableConcept")
    );
    assert!(problem.contains("different blood groups"), "{problem}");
}

#[test]
fn resources_that_do_not_apply_are_skipped_and_named() {
    let mut resolved = condition("old", "J45.909");
    resolved["clinicalStatus"] = status("resolved");
    let mut refuted = allergy("a", json!({ "text": "latex" }));
    refuted["verificationStatus"] = status("refuted");
    let mut stopped = medication("m", "197361");
    stopped["status"] = json!("stopped");
    let mut cancelled = weight("w", 70.0, "kg");
    cancelled["status"] = json!("cancelled");
    let mut erroneous = condition("typo", "not a code");
    erroneous["verificationStatus"] = status("entered-in-error");
    let active = (0..MAX_CONDITIONS).map(|n| condition(&format!("c{n}"), "I10"));
    let resources = active.chain([resolved, refuted, stopped, cancelled, erroneous]);

    let imported = import(&bundle(resources)).unwrap();
    assert_eq!(imported.summary.conditions.len(), MAX_CONDITIONS);
    assert_eq!(imported.summary.allergies, AllergySet::default());
    assert!(imported.summary.medications.is_empty());
    assert_eq!(imported.summary.weight_dag, 0);
    assert_eq!(
        imported.skipped,
        [
            "Condition \"old\": clinicalStatus is resolved",
            "AllergyIntolerance \"a\": verificationStatus is refuted",
            "MedicationStatement \"m\": status is stopped",
            "Observation \"w\": status is cancelled",
            "Condition \"typo\": verificationStatus is entered-in-error",
        ]
    );
}

#[test]
fn each_refusal_names_the_resource_and_the_field() {
    let mut partial_onset = condition("c1", "E11.9");
    partial_onset["onsetDateTime"] = json!("2009");
    let mut early_birth = patient("p1");
    early_birth["birthDate"] = json!("1899-12-31");
    let snomed_only = json!({
        "resourceType": "Condition",
        "id": "c2",
        "code": { "coding": [{ "system": SNOMED, "code": "44054006" }] },
    });
    let by_reference = json!({
        "resourceType": "MedicationStatement",
        "id": "m1",
        "status": "active",
        "medicationReference": { "reference": "Medication/met" },
    });
    let mut modified = condition("c3", "I10");
    modified["modifierExtension"] =
        json!([{ "url": "http://example.org/negated", "valueBoolean": true }]);
    let mut other_patient = condition("c4", "I10");
    other_patient["subject"] = json!({ "reference": "Patient/someone-else" });
    let mut about_a = condition("c5", "I10");
    about_a["subject"] = json!({ "reference": "Patient/a" });
    let mut about_b = condition("c6", "I10");
    about_b["subject"] = json!({ "reference": "Patient/b" });
    let nine_conditions = (1..=MAX_CONDITIONS + 1).map(|n| condition(&format!("c{n}"), "I10"));
    let nine_medications =
        (1..=MAX_MEDICATIONS + 1).map(|n| medication(&format!("m{n}"), "314076"));

    let cases: Vec<(Vec<Value>, &str, &str, &str)> = vec![
        (
            vec![json!({ "resourceType": "Encounter", "id": "e1", "status": "finished" })],
            "Encounter \"e1\"",
            "resourceType",
            "Encounter has no place in a medshare record",
        ),
        (
            vec![observation("hr", "8867-4")],
            "Observation \"hr\"",
            "code",
            "http://loinc.org 8867-4) is not an observation medshare stores",
        ),
        (
            nine_conditions.collect(),
            "Condition \"c9\"",
            "code",
            "I10 is one condition more than the 8",
        ),
        (
            nine_medications.collect(),
            "MedicationStatement \"m9\"",
            "medicationCodeableConcept",
            "RxNorm 314076 is one medication more than the 8",
        ),
        (
            vec![allergy(
                "a1",
                json!({ "coding": [{ "system": SNOMED, "code": "256259004" }], "text": "pollen" }),
            )],
            "AllergyIntolerance \"a1\"",
            "code",
            "names none of the 24 allergen classes",
        ),
        (
            vec![weight("w1", 11.0, "[stone_av]")],
            "Observation \"w1\"",
            "valueQuantity.code",
            "\"[stone_av]\" is not a unit medshare converts (kg, g, [lb_av])",
        ),
        (
            vec![weight("w1", 700.0, "kg")],
            "Observation \"w1\"",
            "valueQuantity.value",
            "700 kg is outside what the record can hold",
        ),
        (
            vec![weight("w1", 70.0, "kg"), weight("w2", 71.0, "kg")],
            "Observation \"w2\"",
            "code",
            "is a second body weight (the first is Observation \"w1\")",
        ),
        (
            vec![early_birth],
            "Patient \"p1\"",
            "birthDate",
            "1899-12-31 is outside the representable range",
        ),
        (
            vec![partial_onset],
            "Condition \"c1\"",
            "onsetDateTime",
            "\"2009\" is not a whole day",
        ),
        (
            vec![condition("c1", "S52.521A")],
            "Condition \"c1\"",
            "code",
            "ICD-10 \"S52.521A\" cannot be stored: longer than 6 characters",
        ),
        (
            vec![snomed_only],
            "Condition \"c2\"",
            "code",
            "has no ICD-10 coding (only http://snomed.info/sct 44054006); medshare stores \
             conditions as ICD-10",
        ),
        (
            vec![patient("p1"), patient("p2")],
            "Patient \"p2\"",
            "resourceType",
            "Patient appears a second time (first as Patient \"p1\")",
        ),
        (
            vec![by_reference],
            "MedicationStatement \"m1\"",
            "medicationReference",
            "points to a Medication resource",
        ),
        (
            vec![modified],
            "Condition \"c3\"",
            "modifierExtension",
            "may change what the resource means",
        ),
        (
            vec![patient("p1"), other_patient],
            "Condition \"c4\"",
            "subject",
            "is \"Patient/someone-else\", not the bundle's Patient \"p1\"",
        ),
        (
            vec![about_a, about_b],
            "Condition \"c6\"",
            "subject",
            "is \"Patient/b\" but Condition \"c5\" refers to \"Patient/a\"",
        ),
        (
            vec![json!({ "resourceType": "Condition", "code": { "text": "asthma" } })],
            "Condition at Bundle.entry[0]",
            "code",
            "has no ICD-10 coding (only the text \"asthma\")",
        ),
        (
            vec![json!({ "resourceType": "Patient", "gender": 3 })],
            "Patient at Bundle.entry[0]",
            "resource",
            "does not have the structure of its FHIR R4 type",
        ),
    ];
    for (resources, resource, field, problem) in cases {
        let (refused, refused_field, refused_problem) = refusal(import(&bundle(resources)));
        assert_eq!(
            (refused.as_str(), refused_field),
            (resource, field),
            "{refused_problem}"
        );
        assert!(
            refused_problem.contains(problem),
            "{resource}: {refused_problem:?} lacks {problem:?}"
        );
    }
}

#[test]
fn an_entry_without_a_resource_is_named_by_its_place() {
    let entries = json!({ "resourceType": "Bundle", "entry": [{ "resource": patient("p") }, { "fullUrl": "urn:x" }] });
    let (resource, field, _) = refusal(import(&entries));
    assert_eq!((resource.as_str(), field), ("Bundle.entry[1]", "resource"));
}

#[test]
fn malformed_json_and_other_resources_are_not_bundles() {
    assert!(matches!(
        summary_from_bundle("{\"resourceType\": "),
        Err(FhirError::Json(_))
    ));
    assert_eq!(
        summary_from_bundle(&patient("p").to_string()),
        Err(FhirError::NotABundle(
            "its resourceType is Patient; put the resources in a Bundle".to_string()
        ))
    );
    assert!(matches!(
        summary_from_bundle("[]"),
        Err(FhirError::NotABundle(_))
    ));
}

#[test]
fn the_error_reads_as_a_sentence() {
    let snomed_only = json!({
        "resourceType": "Condition",
        "id": "c2",
        "code": { "coding": [{ "system": SNOMED, "code": "44054006" }] },
    });
    let error = import(&bundle([snomed_only])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Condition \"c2\": code has no ICD-10 coding (only http://snomed.info/sct 44054006); \
         medshare stores conditions as ICD-10"
    );
}
