// Reading each supported resource type into record values. A refusal is thrown as a `Problem`
// (the element at fault and a sentence); the importer adds which resource it was.

import { ALLERGENS, type Condition, type Medication, icd10, icd10Problem } from '../record.ts';
import { parseDay } from './dates.ts';
import { Problem } from './error.ts';
import * as model from './model.ts';
import { codeIn, codes, describe } from './model.ts';
import { ABO_RH_GROUP, BODY_HEIGHT, BODY_WEIGHT, ICD10, ICD10_CM, LOINC, RXNORM } from './terminology.ts';
import { allergenIndex, bloodTypes, sexFromGender } from './terminology.ts';
import { quoted } from './text.ts';
import { HEIGHT_UNITS, WEIGHT_UNITS, type Units, toRecordUnit } from './units.ts';

/** A resource read into a record value, or skipped because its status says it does not apply. */
export type Read<T> = { imported: T } | { skipped: string };

export type Vital = { kind: 'weight' | 'height' | 'bloodType'; value: number };

/** Verification statuses that say the resource is not true of the patient. */
const NOT_TRUE = ['refuted', 'entered-in-error'];

/** `field is <code>` when `status` holds one of the codes in `skip`. */
function notApplying(field: string, status: model.CodeableConcept | undefined, skip: readonly string[]) {
  const code = status === undefined ? undefined : codes(status).find((each) => skip.includes(each));
  return code === undefined ? undefined : `${field} is ${code}`;
}

/** The day number of an optional date element; 0 when it is absent. */
function dayOf(field: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const parsed = parseDay(text);
  if ('why' in parsed) throw new Problem(field, parsed.why);
  return parsed.day;
}

function required<T>(field: string, value: T | undefined): T {
  if (value === undefined) throw new Problem(field, 'is missing');
  return value;
}

export function patient(patient: model.Patient): { birthDay: number; sex: number } {
  const birthDay = dayOf('birthDate', patient.birthDate);
  if (patient.gender === undefined) return { birthDay, sex: 0 };
  const sex = sexFromGender(patient.gender);
  if (sex === undefined) {
    throw new Problem(
      'gender',
      `${quoted(patient.gender)} is not an AdministrativeGender code (male, female, other, unknown)`,
    );
  }
  return { birthDay, sex };
}

/** The index of the allergen class in `ALLERGENS`. */
export function allergy(allergy: model.AllergyIntolerance): Read<number> {
  const skipped =
    notApplying('clinicalStatus', allergy.clinicalStatus, ['inactive', 'resolved']) ??
    notApplying('verificationStatus', allergy.verificationStatus, NOT_TRUE);
  if (skipped !== undefined) return { skipped };
  const code = required('code', allergy.code);
  const index = allergenIndex(code);
  if (index === undefined) {
    throw new Problem(
      'code',
      `(${describe(code)}) names none of the ${ALLERGENS.length} allergen classes medshare records; give a ` +
        'SNOMED CT code medshare maps or text equal to a class name such as "penicillins"',
    );
  }
  return { imported: index };
}

export function condition(condition: model.Condition): Read<Condition> {
  const skipped =
    notApplying('clinicalStatus', condition.clinicalStatus, ['inactive', 'remission', 'resolved']) ??
    notApplying('verificationStatus', condition.verificationStatus, NOT_TRUE);
  if (skipped !== undefined) return { skipped };
  const concept = required('code', condition.code);
  const text = codeIn(concept, [ICD10, ICD10_CM]);
  if (text === undefined) {
    throw new Problem('code', `has no ICD-10 coding (only ${describe(concept)}); medshare stores conditions as ICD-10`);
  }
  const why = icd10Problem(text);
  if (why !== undefined) throw new Problem('code', `ICD-10 ${quoted(text)} cannot be stored: ${why}`);
  const otherOnsets = [
    ['onsetAge', condition.onsetAge],
    ['onsetPeriod', condition.onsetPeriod],
    ['onsetRange', condition.onsetRange],
    ['onsetString', condition.onsetString],
  ] as const;
  const other = otherOnsets.find(([, value]) => value !== undefined);
  if (other !== undefined) {
    throw new Problem(other[0], 'cannot be stored; the record keeps an onset as a day (onsetDateTime)');
  }
  return { imported: { code: icd10(text), onsetDay: dayOf('onsetDateTime', condition.onsetDateTime) } };
}

const NOT_TAKEN = ['entered-in-error', 'stopped', 'completed', 'not-taken'];
const MAX_RXCUI = 0xffff_ffff;

export function medication(statement: model.MedicationStatement): Read<Medication> {
  if (statement.status !== undefined && NOT_TAKEN.includes(statement.status)) {
    return { skipped: `status is ${statement.status}` };
  }
  if (statement.medicationReference !== undefined) {
    throw new Problem(
      'medicationReference',
      'points to a Medication resource; medshare reads medicationCodeableConcept with an RxNorm coding',
    );
  }
  const field = 'medicationCodeableConcept';
  const concept = required(field, statement.medicationCodeableConcept);
  const text = codeIn(concept, [RXNORM]);
  if (text === undefined) {
    throw new Problem(
      field,
      `has no RxNorm coding (only ${describe(concept)}); medshare stores medications as RxNorm concepts`,
    );
  }
  // As the SDK parses a u32: an optional `+`, then digits; zero is its own refusal, even as `+0`.
  const rxcui = /^\+?\d+$/.test(text) ? Number(text) : NaN;
  if (rxcui === 0) throw new Problem(field, 'RxNorm concept id 0 is not a concept');
  if (!(rxcui <= MAX_RXCUI) || !/^\d+$/.test(text)) {
    throw new Problem(field, `RxNorm code ${quoted(text)} is not an RxNorm concept id (RXCUI)`);
  }
  const [dateField, started] =
    statement.effectiveDateTime !== undefined
      ? ['effectiveDateTime', statement.effectiveDateTime]
      : statement.effectivePeriod !== undefined
        ? ['effectivePeriod.start', statement.effectivePeriod.start]
        : ['effectiveDateTime', undefined];
  return { imported: { rxcui, startDay: dayOf(dateField, started) } };
}

export function observation(observation: model.Observation): Read<Vital> {
  if (observation.status !== undefined && ['entered-in-error', 'cancelled'].includes(observation.status)) {
    return { skipped: `status is ${observation.status}` };
  }
  const concept = required('code', observation.code);
  const is = (loinc: string) => concept.coding.some((c) => c.system === LOINC && c.code === loinc);
  const quantity = (units: Units) => toRecordUnit(required('valueQuantity', observation.valueQuantity), units);
  if (is(BODY_WEIGHT.code)) return { imported: { kind: 'weight', value: quantity(WEIGHT_UNITS) } };
  if (is(BODY_HEIGHT.code)) return { imported: { kind: 'height', value: quantity(HEIGHT_UNITS) } };
  if (is(ABO_RH_GROUP.code)) return { imported: { kind: 'bloodType', value: bloodType(observation) } };
  throw new Problem(
    'code',
    `(${describe(concept)}) is not an observation medshare stores: body weight (LOINC ${BODY_WEIGHT.code}), ` +
      `body height (${BODY_HEIGHT.code}) or ABO and Rh group (${ABO_RH_GROUP.code})`,
  );
}

function bloodType(observation: model.Observation): number {
  const field = 'valueCodeableConcept';
  const value = required(field, observation.valueCodeableConcept);
  const [first, ...rest] = bloodTypes(value);
  if (first === undefined) {
    throw new Problem(
      field,
      `(${describe(value)}) names no ABO/Rh group medshare recognises (SNOMED CT or LOINC answer codes)`,
    );
  }
  if (rest.some((other) => other !== first)) {
    throw new Problem(field, `(${describe(value)}) names different blood groups`);
  }
  return first;
}
