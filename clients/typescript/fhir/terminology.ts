// Code systems and the concept tables the import and the export share, so that both directions
// use the same codes.

import concepts from '../../../crates/medshare-sdk/src/record/fhir/concepts.json';
import { ALLERGENS } from '../record.ts';
import { type CodeableConcept } from './model.ts';

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** A code and its display in one code system. */
export interface Concept {
  readonly code: string;
  readonly display: string;
}

// The concept tables, from the JSON file medshare-sdk reads too (it says where each concept comes from).

/** The observations a record holds, by LOINC code. */
export const BODY_WEIGHT: Concept = concepts.observations.bodyWeight;
export const BODY_HEIGHT: Concept = concepts.observations.bodyHeight;
export const ABO_RH_GROUP: Concept = concepts.observations.aboRhGroup;

/** Each blood type with its SNOMED CT finding and its LOINC answer. Export writes both codings; import accepts either. */
export const BLOOD_GROUPS: readonly { bloodType: number; snomed: Concept; loinc: Concept }[] = concepts.bloodGroups;

/**
 * The SNOMED CT substance for each allergen class, in the order of `ALLERGENS`. `undefined`
 * where no class concept could be verified: those classes travel as `code.text` (the class
 * name) alone, which the import accepts too.
 */
export const ALLERGEN_SUBSTANCES: readonly (readonly [name: string, substance: Concept | undefined])[] = concepts.allergenSubstances.map(
  ({ allergen, substance }) => [allergen, substance ?? undefined] as const,
);
if (ALLERGEN_SUBSTANCES.some(([name], index) => name !== ALLERGENS[index].name)) {
  throw new Error('concepts.json must list the allergen classes in the order of ALLERGENS');
}

/** FHIR `AdministrativeGender` codes, which the record's `sex` follows. */
export const GENDERS: readonly (readonly [sex: number, code: string])[] = concepts.genders.map(({ sex, code }) => [sex, code] as const);

export function genderCode(sex: number): string {
  const gender = GENDERS.find(([each]) => each === sex);
  if (gender === undefined) throw new RangeError(`sex ${sex} is not a record sex code`);
  return gender[1];
}

export function sexFromGender(code: string): number | undefined {
  return GENDERS.find(([, each]) => each === code)?.[0];
}

// Trimmed and compared as the SDK does, so that the same texts name a class on both sides: its
// white space (Unicode White_Space) has U+0085 and not U+FEFF, unlike `trim`; case is ASCII only.
const SPACE = '[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
const OUTER_SPACE = new RegExp(`^${SPACE}|${SPACE}$`, 'g');
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The allergen class (index into `ALLERGENS`) a SNOMED CT coding names, or failing that the
 * class whose name the text is.
 */
export function allergenIndex(code: CodeableConcept): number | undefined {
  for (const coding of code.coding) {
    if (coding.system !== SNOMED || coding.code === undefined) continue;
    const index = ALLERGEN_SUBSTANCES.findIndex(([, substance]) => substance?.code === coding.code);
    if (index >= 0) return index;
  }
  if (code.text === undefined) return undefined;
  const text = asciiLower(code.text.replace(OUTER_SPACE, ''));
  const index = ALLERGENS.findIndex((allergen) => asciiLower(allergen.name) === text);
  return index >= 0 ? index : undefined;
}

/**
 * The blood types the SNOMED CT and LOINC answer codings of a value name (one per coding that
 * is recognised), so that the caller can refuse codings that disagree.
 */
export function bloodTypes(value: CodeableConcept): number[] {
  return value.coding.flatMap(({ system, code }) => {
    const group = BLOOD_GROUPS.find(({ snomed, loinc }) =>
      system === SNOMED ? snomed.code === code : system === LOINC ? loinc.code === code : false,
    );
    return group === undefined ? [] : [group.bloodType];
  });
}
