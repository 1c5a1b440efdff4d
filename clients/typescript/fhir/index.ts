// FHIR R4 import and export of the clinical summary, with the same rules as the Rust SDK's
// record::fhir, so that the web app reads and writes bundles exactly as the SDK does. Browser
// code: nothing here may import a node: module.
//
// record field      FHIR R4
// birth date, sex   Patient.birthDate, Patient.gender
// blood type        Observation LOINC 882-1, valueCodeableConcept SNOMED CT (or LOINC answer)
// weight, height    Observation LOINC 29463-7 / 8302-2, valueQuantity in UCUM units
// allergies         AllergyIntolerance.code: SNOMED CT, or text equal to an allergen class name
// conditions        Condition.code ICD-10 / ICD-10-CM, onsetDateTime
// medications       MedicationStatement.medicationCodeableConcept RxNorm, effective[x]

export { FhirError, type FhirErrorKind } from './error.ts';
export { bundleFromSummary } from './export.ts';
export { type Import, summaryFromBundle } from './import.ts';
