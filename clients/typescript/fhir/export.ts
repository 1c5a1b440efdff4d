// Writing the disclosed part of a summary as a FHIR R4 `collection` Bundle.

import { ALLERGENS, ALLERGEN_CLASSES, type ClinicalSummary, FIELDS, icd10Text } from '../record.ts';
import { formatDay } from './dates.ts';
import { ABO_RH_GROUP, ALLERGEN_SUBSTANCES, BLOOD_GROUPS, BODY_HEIGHT, BODY_WEIGHT, type Concept } from './terminology.ts';
import { ALLERGY_CLINICAL, CONDITION_CLINICAL, OBSERVATION_CATEGORY, genderCode } from './terminology.ts';
import { ICD10_CM, LOINC, RXNORM, SNOMED, UCUM } from './terminology.ts';

type Json = { [key: string]: unknown };


/**
 * The fullUrl of resource `n` of an export; 0 is the Patient. Fixed URLs make an export of the
 * same summary identical every time.
 */
const fullUrl = (n: number) => `urn:uuid:6d656473-6861-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A Bundle of the resources for the field sets in `disclosedFieldSets`, with the same rules as
 * the Rust SDK's record::fhir: a withheld set, and a field that is not recorded, produce no
 * resource. Every resource refers to the Patient's fullUrl, also when demographics are withheld
 * and the Patient resource is left out. Throws a `RangeError` for a summary no record can hold.
 */
export function bundleFromSummary(summary: ClinicalSummary, disclosedFieldSets: number): Json {
  if (!Number.isInteger(disclosedFieldSets) || disclosedFieldSets < 0 || disclosedFieldSets > 0xff) {
    throw new RangeError(`${disclosedFieldSets} is not a set of field sets`);
  }
  const has = (set: number) => (disclosedFieldSets & set) !== 0;
  const resources: Json[] = [];
  if (has(FIELDS.bloodType)) resources.push(...bloodGroup(summary));
  if (has(FIELDS.vitals)) resources.push(...vitals(summary));
  if (has(FIELDS.allergies)) resources.push(...allergies(summary));
  if (has(FIELDS.conditions)) resources.push(...conditions(summary));
  if (has(FIELDS.medications)) resources.push(...medications(summary));
  const entries = has(FIELDS.demographics) ? [entry(0, patient(summary))] : [];
  entries.push(...resources.map((resource, index) => entry(index + 1, resource)));
  return { resourceType: 'Bundle', type: 'collection', entry: entries };
}

const entry = (n: number, resource: Json): Json => ({ fullUrl: fullUrl(n), resource });
const subject = (): Json => ({ reference: fullUrl(0) });
const coding = (system: string, concept: Concept): Json => ({ system, code: concept.code, display: concept.display });
const status = (system: string, code: string): Json => ({ coding: [{ system, code }] });

/** An optional day of the record (0 = none) as `{ [element]: date }`, to spread into a resource. */
const dated = (element: string, dayNumber: number): Json => (dayNumber === 0 ? {} : { [element]: formatDay(dayNumber) });

function patient(summary: ClinicalSummary): Json {
  return {
    resourceType: 'Patient',
    id: 'patient',
    gender: genderCode(summary.sex),
    ...dated('birthDate', summary.birthDay),
  };
}

function observation(id: string, category: string, code: Concept): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [status(OBSERVATION_CATEGORY, category)],
    code: { coding: [coding(LOINC, code)], text: code.display },
    subject: subject(),
  };
}

function bloodGroup(summary: ClinicalSummary): Json[] {
  if (summary.bloodType === 0) return [];
  const group = BLOOD_GROUPS.find(({ bloodType }) => bloodType === summary.bloodType);
  if (group === undefined) throw new RangeError(`bloodType ${summary.bloodType} is not a record blood type code`);
  const value = { coding: [coding(SNOMED, group.snomed), coding(LOINC, group.loinc)], text: group.snomed.display };
  return [{ ...observation('blood-group', 'laboratory', ABO_RH_GROUP), valueCodeableConcept: value }];
}

/** Weight in kilograms and height in centimetres, exact for the record's 10 g and 1 mm. */
function vitals(summary: ClinicalSummary): Json[] {
  const measured = [
    ['body-weight', BODY_WEIGHT, summary.weightDag, 100, 'kg'],
    ['body-height', BODY_HEIGHT, summary.heightMm, 10, 'cm'],
  ] as const;
  return measured.flatMap(([id, code, recorded, perUnit, unit]) => {
    if (!Number.isInteger(recorded) || recorded < 0 || recorded > 0xffff) {
      throw new RangeError(`${id} ${recorded} is outside what the record can hold`);
    }
    if (recorded === 0) return [];
    const valueQuantity = { value: recorded / perUnit, unit, system: UCUM, code: unit };
    return [{ ...observation(id, 'vital-signs', code), valueQuantity }];
  });
}

function allergies(summary: ClinicalSummary): Json[] {
  if (summary.allergies.length !== ALLERGEN_CLASSES) throw new RangeError(`${ALLERGEN_CLASSES} allergy flags expected`);
  const flagged = summary.allergies.flatMap((set, index) => (set ? [index] : []));
  return flagged.map((index, n) => {
    const allergen = ALLERGENS[index];
    const substance = ALLERGEN_SUBSTANCES[index][1];
    return {
      resourceType: 'AllergyIntolerance',
      id: `allergy-${n + 1}`,
      clinicalStatus: status(ALLERGY_CLINICAL, 'active'),
      category: [allergen.category],
      code: substance === undefined ? { text: allergen.name } : { coding: [coding(SNOMED, substance)], text: allergen.name },
      patient: subject(),
    };
  });
}

/**
 * ICD-10-CM as the system: the record does not keep which edition a code came from, and its
 * longer codes (E11.9, J45.909) are CM codes.
 */
function conditions(summary: ClinicalSummary): Json[] {
  return summary.conditions.map((condition, n) => ({
    resourceType: 'Condition',
    id: `condition-${n + 1}`,
    clinicalStatus: status(CONDITION_CLINICAL, 'active'),
    code: { coding: [{ system: ICD10_CM, code: icd10Text(condition.code) }] },
    subject: subject(),
    ...dated('onsetDateTime', condition.onsetDay),
  }));
}

function medications(summary: ClinicalSummary): Json[] {
  return summary.medications.map((medication, n) => {
    if (!Number.isInteger(medication.rxcui) || medication.rxcui < 0 || medication.rxcui > 0xffff_ffff) {
      throw new RangeError(`${medication.rxcui} is not an RxNorm concept id`);
    }
    return {
      resourceType: 'MedicationStatement',
      id: `medication-${n + 1}`,
      status: 'active',
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: String(medication.rxcui) }] },
      subject: subject(),
      ...dated('effectiveDateTime', medication.startDay),
    };
  });
}
