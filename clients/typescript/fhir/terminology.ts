// Code systems and the concept tables the import and the export share, so that both directions
// use the same codes.

import { ALLERGENS, BLOOD_TYPE, SEX } from '../record.ts';
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

const concept = (code: string, display: string): Concept => ({ code, display });

/** The observations a record holds, by LOINC code. */
export const BODY_WEIGHT = concept('29463-7', 'Body weight');
export const BODY_HEIGHT = concept('8302-2', 'Body height');
export const ABO_RH_GROUP = concept('882-1', 'ABO and Rh group [Type] in Blood');

/**
 * Each blood type with its SNOMED CT finding (the IPS value set "ABO and Rh group [Type] in
 * Blood") and its LOINC answer (answer list LL2972-9). Export writes both codings; import
 * accepts either.
 */
export const BLOOD_GROUPS: readonly { bloodType: number; snomed: Concept; loinc: Concept }[] = [
  {
    bloodType: BLOOD_TYPE.oNegative,
    snomed: concept('278148006', 'Blood group O Rh(D) negative'),
    loinc: concept('LA21322-5', 'O Neg'),
  },
  {
    bloodType: BLOOD_TYPE.oPositive,
    snomed: concept('278147001', 'Blood group O Rh(D) positive'),
    loinc: concept('LA21321-7', 'O Pos'),
  },
  {
    bloodType: BLOOD_TYPE.aNegative,
    snomed: concept('278152006', 'Blood group A Rh(D) negative'),
    loinc: concept('LA21326-6', 'A Neg'),
  },
  {
    bloodType: BLOOD_TYPE.aPositive,
    snomed: concept('278149003', 'Blood group A Rh(D) positive'),
    loinc: concept('LA21325-8', 'A Pos'),
  },
  {
    bloodType: BLOOD_TYPE.bNegative,
    snomed: concept('278153001', 'Blood group B Rh(D) negative'),
    loinc: concept('LA21328-2', 'B Neg'),
  },
  {
    bloodType: BLOOD_TYPE.bPositive,
    snomed: concept('278150003', 'Blood group B Rh(D) positive'),
    loinc: concept('LA21327-4', 'B Pos'),
  },
  {
    bloodType: BLOOD_TYPE.abNegative,
    snomed: concept('278154007', 'Blood group AB Rh(D) negative'),
    loinc: concept('LA21324-1', 'AB Neg'),
  },
  {
    bloodType: BLOOD_TYPE.abPositive,
    snomed: concept('278151004', 'Blood group AB Rh(D) positive'),
    loinc: concept('LA21323-3', 'AB Pos'),
  },
];

/**
 * The SNOMED CT substance for each allergen class, in the order of `ALLERGENS`. `undefined`
 * where no class concept could be verified: those classes travel as `code.text` (the class
 * name) alone, which the import accepts too.
 */
export const ALLERGEN_SUBSTANCES: readonly (readonly [name: string, substance: Concept | undefined])[] = [
  ['penicillins', concept('764146007', 'Penicillin')],
  ['cephalosporins', concept('764147003', 'Cephalosporin')],
  ['sulfonamides', concept('387406002', 'Sulfonamide')],
  ['NSAIDs (including aspirin)', concept('372665008', 'Non-steroidal anti-inflammatory agent')],
  ['opioids', concept('404642006', 'Substance with opioid receptor agonist mechanism of action')],
  ['macrolides', undefined],
  ['fluoroquinolones', undefined],
  ['tetracyclines', undefined],
  ['anticonvulsants', concept('255632006', 'Anticonvulsant')],
  ['ACE inhibitors', concept('372733002', 'Substance with angiotensin-converting enzyme inhibitor mechanism of action')],
  ['iodinated contrast media', concept('426722004', 'Iodinated contrast media')],
  ['local anaesthetics', undefined],
  ['neuromuscular blockers', undefined],
  ['peanut', concept('762952008', 'Peanut')],
  ['tree nuts', concept('442571000124108', 'Tree nut')],
  ['milk', concept('3718001', "Cow's milk")],
  ['egg', concept('102263004', 'Eggs (edible)')],
  ['fish', concept('735971005', 'Fish')],
  ['shellfish', concept('735029006', 'Shellfish')],
  ['soy', concept('256355007', 'Soyabean')],
  ['wheat', concept('412071004', 'Wheat')],
  ['sesame', concept('260167008', 'Sesame seed')],
  ['latex', concept('111088007', 'Latex')],
  ['insect venom', concept('280939008', 'Insect venom')],
];

/** FHIR `AdministrativeGender` codes, which the record's `sex` follows. */
export const GENDERS: readonly (readonly [sex: number, code: string])[] = [
  [SEX.unknown, 'unknown'],
  [SEX.male, 'male'],
  [SEX.female, 'female'],
  [SEX.other, 'other'],
];

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
