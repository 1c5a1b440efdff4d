// FHIR R4 import and export in TypeScript: the same acceptance, refusal, status and rounding
// rules as the Rust SDK's record::fhir, the example bundle, and round trips through every
// combination of field sets.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { FhirError, bundleFromSummary, summaryFromBundle } from '../../clients/typescript/fhir/index.ts';
import { ALLERGEN_SUBSTANCES, BLOOD_GROUPS } from '../../clients/typescript/fhir/terminology.ts';
import { decimal, quoted } from '../../clients/typescript/fhir/text.ts';
import { FIELDS } from '../../clients/typescript/medshare.ts';
import {
  ALLERGENS,
  BLOOD_TYPE,
  type ClinicalSummary,
  MAX_CONDITIONS,
  MAX_MEDICATIONS,
  SEX,
  day,
  icd10,
  icd10Text,
  isoDate,
} from '../../clients/typescript/record.ts';

const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const PATIENT_URL = 'urn:uuid:6d656473-6861-4000-8000-000000000000';
const ALL = 63;
const EMERGENCY = FIELDS.bloodType | FIELDS.allergies | FIELDS.conditions | FIELDS.medications;

const EXAMPLE_BUNDLE = readFileSync(new URL('../../examples/fhir/patient-bundle.json', import.meta.url), 'utf8');

type Json = { [key: string]: unknown };

function flags(...names: string[]): boolean[] {
  const set = ALLERGENS.map(({ name }) => names.includes(name));
  assert.equal(set.filter(Boolean).length, names.length, `unknown allergen among ${names}`);
  return set;
}

function emptySummary(): ClinicalSummary {
  return { birthDay: 0, sex: 0, bloodType: 0, weightDag: 0, heightMm: 0, allergies: flags(), conditions: [], medications: [] };
}

/** The SDK's `example_summary`: three conditions (one without onset), two medications, three allergies. */
function exampleSummary(): ClinicalSummary {
  return {
    birthDay: day('1961-03-14'),
    sex: SEX.female,
    bloodType: BLOOD_TYPE.aNegative,
    weightDag: 6_850,
    heightMm: 1_642,
    allergies: flags('penicillins', 'shellfish', 'latex'),
    conditions: [
      { code: icd10('E11.9'), onsetDay: day('2009-06-02') },
      { code: icd10('I10'), onsetDay: day('2014-11-20') },
      { code: icd10('J45.909'), onsetDay: 0 },
    ],
    medications: [
      { rxcui: 860975, startDay: day('2009-06-10') },
      { rxcui: 314076, startDay: day('2015-01-05') },
    ],
  };
}

/** The summary as a disclosure of `fields` delivers it: withheld fields "not recorded". */
function restrictedTo(summary: ClinicalSummary, fields: number): ClinicalSummary {
  const keep = (set: number) => (fields & set) !== 0;
  const empty = emptySummary();
  return {
    birthDay: keep(FIELDS.demographics) ? summary.birthDay : empty.birthDay,
    sex: keep(FIELDS.demographics) ? summary.sex : empty.sex,
    bloodType: keep(FIELDS.bloodType) ? summary.bloodType : empty.bloodType,
    weightDag: keep(FIELDS.vitals) ? summary.weightDag : empty.weightDag,
    heightMm: keep(FIELDS.vitals) ? summary.heightMm : empty.heightMm,
    allergies: keep(FIELDS.allergies) ? summary.allergies : empty.allergies,
    conditions: keep(FIELDS.conditions) ? summary.conditions : empty.conditions,
    medications: keep(FIELDS.medications) ? summary.medications : empty.medications,
  };
}

const bundle = (resources: Json[]): Json => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: resources.map((resource) => ({ resource })),
});

const importBundle = (value: Json) => summaryFromBundle(JSON.stringify(value));

/** The resource, field and problem of a refusal. */
function refusal(run: () => unknown): [string, string, string] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof FhirError, `expected a FhirError, got ${error}`);
    assert.equal(error.kind, 'refused', error.message);
    return [error.resource ?? '', error.field ?? '', error.problem ?? ''];
  }
  assert.fail('expected a refusal');
}

const patient = (id: string): Json => ({ resourceType: 'Patient', id, gender: 'male', birthDate: '1970-01-01' });
const condition = (id: string, code: string): Json => ({
  resourceType: 'Condition',
  id,
  code: { coding: [{ system: ICD10, code }] },
});
const medication = (id: string, rxcui: string): Json => ({
  resourceType: 'MedicationStatement',
  id,
  status: 'active',
  medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxcui }] },
});
const allergy = (id: string, code: Json): Json => ({ resourceType: 'AllergyIntolerance', id, code });
const observation = (id: string, loinc: string): Json => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code: loinc }] },
});
const weight = (id: string, value: number, unit: string): Json => ({
  ...observation(id, '29463-7'),
  valueQuantity: { value, system: UCUM, code: unit },
});
const height = (id: string, value: number, unit: string): Json => ({
  ...observation(id, '8302-2'),
  valueQuantity: { value, system: UCUM, code: unit },
});
const bloodGroup = (id: string, coding: Json[]): Json => ({ ...observation(id, '882-1'), valueCodeableConcept: { coding } });
const status = (code: string): Json => ({ coding: [{ code }] });

const resourcesOf = (exported: Json) => (exported.entry as { fullUrl: string; resource: Json }[]).map((e) => e.resource);
const typesOf = (exported: Json) => resourcesOf(exported).map((resource) => resource.resourceType);

describe('FHIR import', () => {
  test('the example bundle imports to the expected summary', () => {
    const imported = summaryFromBundle(EXAMPLE_BUNDLE);
    assert.deepEqual(imported.summary, {
      birthDay: day('1961-03-14'),
      sex: SEX.female,
      bloodType: BLOOD_TYPE.aNegative,
      weightDag: 6_850,
      heightMm: 1_642,
      allergies: flags('penicillins', 'peanut'),
      conditions: [
        { code: icd10('E11.9'), onsetDay: day('2009-06-02') },
        { code: icd10('I10'), onsetDay: day('2014-11-20') },
      ],
      medications: [
        { rxcui: 860975, startDay: day('2009-06-10') },
        { rxcui: 314076, startDay: day('2015-01-05') },
      ],
    });
    assert.deepEqual(imported.skipped, []);
    assert.deepEqual(summaryFromBundle(JSON.parse(EXAMPLE_BUNDLE)), imported, 'a parsed value reads as its text');
  });

  test('an allergen named only by its class name is accepted', () => {
    const codedOtherwise = { coding: [{ system: 'http://example.org/local', code: 'MAC' }], text: ' Macrolides\n' };
    const { summary } = importBundle(bundle([allergy('a1', codedOtherwise)]));
    assert.deepEqual(summary.allergies, flags('macrolides'));
    // Trimmed as the SDK trims: U+0085 is white space, U+FEFF is not.
    assert.deepEqual(importBundle(bundle([allergy('a1', { text: '\u0085egg' })])).summary.allergies, flags('egg'));
    assert.deepEqual(refusal(() => importBundle(bundle([allergy('a1', { text: '\ufeffegg' })]))).slice(0, 2), [
      'AllergyIntolerance "a1"',
      'code',
    ]);
  });

  test('several resources naming one class set one flag', () => {
    const penicillin = { coding: [{ system: SNOMED, code: '764146007' }] };
    const { summary } = importBundle(bundle([allergy('a1', penicillin), allergy('a2', { text: 'PENICILLINS' })]));
    assert.deepEqual(summary.allergies, flags('penicillins'));
  });

  test("units are converted to the record's resolution, 10 g and 1 mm", () => {
    const cases: [Json, number, number][] = [
      [weight('w', 151, '[lb_av]'), 6_849, 0],
      [weight('w', 68_450, 'g'), 6_845, 0],
      [weight('w', 68.456, 'kg'), 6_846, 0],
      [weight('w', 68.454, 'kg'), 6_845, 0],
      [weight('w', 0.005, 'kg'), 1, 0],
      [weight('w', 655.35, 'kg'), 65_535, 0],
      [height('h', 64.65, '[in_i]'), 0, 1_642],
      [height('h', 1.642, 'm'), 0, 1_642],
      [height('h', 1_642, 'mm'), 0, 1_642],
      [height('h', 164.25, 'cm'), 0, 1_643],
      [height('h', 164.24, 'cm'), 0, 1_642],
    ];
    for (const [resource, weightDag, heightMm] of cases) {
      const { summary } = importBundle(bundle([resource]));
      assert.deepEqual([summary.weightDag, summary.heightMm], [weightDag, heightMm], JSON.stringify(resource));
    }
  });

  test('a unit may come as its display when the code is absent', () => {
    const byDisplay = { ...observation('w', '29463-7'), valueQuantity: { value: 70, unit: 'kg' } };
    assert.equal(importBundle(bundle([byDisplay])).summary.weightDag, 7_000);
  });

  test('a dateTime keeps its day and a period its start', () => {
    const diabetes = { ...condition('c1', 'E11.9'), onsetDateTime: '2009-06-02T23:30:00-05:00' };
    const metformin = { ...medication('m1', '860975'), effectivePeriod: { start: '2009-06-10', end: '2030-01-01' } };
    const { summary } = importBundle(bundle([diabetes, metformin]));
    assert.equal(summary.conditions[0].onsetDay, day('2009-06-02'));
    assert.equal(summary.medications[0].startDay, day('2009-06-10'));
  });

  test("the record's first and last days are accepted", () => {
    const first = { ...patient('p'), birthDate: '1900-01-02' };
    assert.equal(importBundle(bundle([first])).summary.birthDay, 1);
    const last = { ...patient('p'), birthDate: '2079-06-06' };
    assert.equal(importBundle(bundle([last])).summary.birthDay, 65_535);
  });

  test('a blood group may be coded as a LOINC answer but not ambiguously', () => {
    const loincOnly = [{ system: LOINC, code: 'LA21328-2' }];
    assert.equal(importBundle(bundle([bloodGroup('bg', loincOnly)])).summary.bloodType, BLOOD_TYPE.bNegative);
    const agreeing = [
      { system: SNOMED, code: '278151004' },
      { system: LOINC, code: 'LA21323-3' },
    ];
    assert.equal(importBundle(bundle([bloodGroup('bg', agreeing)])).summary.bloodType, BLOOD_TYPE.abPositive);

    const conflicting = [
      { system: SNOMED, code: '278149003' },
      { system: LOINC, code: 'LA21322-5' },
    ];
    const [resource, field, problem] = refusal(() => importBundle(bundle([bloodGroup('bg', conflicting)])));
    assert.deepEqual([resource, field], ['Observation "bg"', 'valueCodeableConcept']);
    assert.equal(problem, `(${SNOMED} 278149003, ${LOINC} LA21322-5) names different blood groups`);
  });

  test('resources that do not apply are skipped and named', () => {
    const resolved = { ...condition('old', 'J45.909'), clinicalStatus: status('resolved') };
    const refuted = { ...allergy('a', { text: 'latex' }), verificationStatus: status('refuted') };
    const stopped = { ...medication('m', '197361'), status: 'stopped' };
    const cancelled = { ...weight('w', 70, 'kg'), status: 'cancelled' };
    // Skipped resources are not validated further: this code would be refused.
    const erroneous = { ...condition('typo', 'not a code'), verificationStatus: status('entered-in-error') };
    const active = Array.from({ length: MAX_CONDITIONS }, (_, n) => condition(`c${n}`, 'I10'));

    const imported = importBundle(bundle([...active, resolved, refuted, stopped, cancelled, erroneous]));
    assert.equal(imported.summary.conditions.length, MAX_CONDITIONS);
    assert.deepEqual(imported.summary.allergies, flags());
    assert.deepEqual(imported.summary.medications, []);
    assert.equal(imported.summary.weightDag, 0);
    assert.deepEqual(imported.skipped, [
      'Condition "old": clinicalStatus is resolved',
      'AllergyIntolerance "a": verificationStatus is refuted',
      'MedicationStatement "m": status is stopped',
      'Observation "w": status is cancelled',
      'Condition "typo": verificationStatus is entered-in-error',
    ]);
  });

  test('every status that says a resource does not apply skips it, and the others import', () => {
    const skipping: [Json, string][] = [
      [{ ...allergy('a', { text: 'egg' }), clinicalStatus: status('inactive') }, 'clinicalStatus is inactive'],
      [{ ...allergy('a', { text: 'egg' }), clinicalStatus: status('resolved') }, 'clinicalStatus is resolved'],
      [{ ...allergy('a', { text: 'egg' }), verificationStatus: status('entered-in-error') }, 'verificationStatus is entered-in-error'],
      [{ ...condition('c', 'I10'), clinicalStatus: status('inactive') }, 'clinicalStatus is inactive'],
      [{ ...condition('c', 'I10'), clinicalStatus: status('remission') }, 'clinicalStatus is remission'],
      [{ ...condition('c', 'I10'), verificationStatus: status('refuted') }, 'verificationStatus is refuted'],
      [{ ...medication('m', '1'), status: 'completed' }, 'status is completed'],
      [{ ...medication('m', '1'), status: 'not-taken' }, 'status is not-taken'],
      [{ ...medication('m', '1'), status: 'entered-in-error' }, 'status is entered-in-error'],
      [{ ...weight('w', 70, 'kg'), status: 'entered-in-error' }, 'status is entered-in-error'],
    ];
    for (const [resource, reason] of skipping) {
      const imported = importBundle(bundle([resource]));
      assert.deepEqual(imported.skipped, [`${resource.resourceType} "${resource.id}": ${reason}`]);
      assert.deepEqual(imported.summary, emptySummary());
    }
    const importing = [
      { ...allergy('a', { text: 'egg' }), verificationStatus: status('unconfirmed') },
      { ...condition('c', 'I10'), clinicalStatus: status('recurrence') },
      { ...medication('m', '1'), status: 'on-hold' },
      { ...weight('w', 70, 'kg'), status: 'preliminary' },
    ];
    const imported = importBundle(bundle(importing));
    assert.deepEqual(imported.skipped, []);
    assert.deepEqual(
      [imported.summary.allergies[16], imported.summary.conditions.length, imported.summary.medications.length, imported.summary.weightDag],
      [true, 1, 1, 7_000],
    );
  });

  test('each refusal names the resource and the field', () => {
    const snomedOnly = { resourceType: 'Condition', id: 'c2', code: { coding: [{ system: SNOMED, code: '44054006' }] } };
    const byReference = {
      resourceType: 'MedicationStatement',
      id: 'm1',
      status: 'active',
      medicationReference: { reference: 'Medication/met' },
    };
    const modified = {
      ...condition('c3', 'I10'),
      modifierExtension: [{ url: 'http://example.org/negated', valueBoolean: true }],
    };
    const ninth = <T>(make: (n: number) => T) => Array.from({ length: 9 }, (_, n) => make(n + 1));
    const cases: [Json[], string, string, string][] = [
      [
        [{ resourceType: 'Encounter', id: 'e1', status: 'finished' }],
        'Encounter "e1"',
        'resourceType',
        'Encounter has no place in a medshare record',
      ],
      [[observation('hr', '8867-4')], 'Observation "hr"', 'code', 'http://loinc.org 8867-4) is not an observation medshare stores'],
      [ninth((n) => condition(`c${n}`, 'I10')), 'Condition "c9"', 'code', 'I10 is one condition more than the 8'],
      [
        ninth((n) => medication(`m${n}`, '314076')),
        'MedicationStatement "m9"',
        'medicationCodeableConcept',
        'RxNorm 314076 is one medication more than the 8',
      ],
      [
        [allergy('a1', { coding: [{ system: SNOMED, code: '256259004' }], text: 'pollen' })],
        'AllergyIntolerance "a1"',
        'code',
        'names none of the 24 allergen classes',
      ],
      [
        [weight('w1', 11, '[stone_av]')],
        'Observation "w1"',
        'valueQuantity.code',
        '"[stone_av]" is not a unit medshare converts (kg, g, [lb_av])',
      ],
      [[weight('w1', 700, 'kg')], 'Observation "w1"', 'valueQuantity.value', '700 kg is outside what the record can hold'],
      [
        [weight('w1', 70, 'kg'), weight('w2', 71, 'kg')],
        'Observation "w2"',
        'code',
        'is a second body weight (the first is Observation "w1")',
      ],
      [[{ ...patient('p1'), birthDate: '1899-12-31' }], 'Patient "p1"', 'birthDate', '1899-12-31 is outside the representable range'],
      [[{ ...condition('c1', 'E11.9'), onsetDateTime: '2009' }], 'Condition "c1"', 'onsetDateTime', '"2009" is not a whole day'],
      [[condition('c1', 'S52.521A')], 'Condition "c1"', 'code', 'ICD-10 "S52.521A" cannot be stored: longer than 6 characters'],
      [
        [snomedOnly],
        'Condition "c2"',
        'code',
        'has no ICD-10 coding (only http://snomed.info/sct 44054006); medshare stores conditions as ICD-10',
      ],
      [[patient('p1'), patient('p2')], 'Patient "p2"', 'resourceType', 'Patient appears a second time (first as Patient "p1")'],
      [[byReference], 'MedicationStatement "m1"', 'medicationReference', 'points to a Medication resource'],
      [[modified], 'Condition "c3"', 'modifierExtension', 'may change what the resource means'],
      [
        [patient('p1'), { ...condition('c4', 'I10'), subject: { reference: 'Patient/someone-else' } }],
        'Condition "c4"',
        'subject',
        'is "Patient/someone-else", not the bundle\'s Patient "p1"',
      ],
      [
        [
          { ...condition('c5', 'I10'), subject: { reference: 'Patient/a' } },
          { ...condition('c6', 'I10'), subject: { reference: 'Patient/b' } },
        ],
        'Condition "c6"',
        'subject',
        'is "Patient/b" but Condition "c5" refers to "Patient/a"',
      ],
      [
        [{ resourceType: 'Condition', code: { text: 'asthma' } }],
        'Condition at Bundle.entry[0]',
        'code',
        'has no ICD-10 coding (only the text "asthma")',
      ],
      [
        [{ resourceType: 'Patient', gender: 3 }],
        'Patient at Bundle.entry[0]',
        'resource',
        'does not have the structure of its FHIR R4 type: invalid type: integer `3`, expected a string',
      ],
    ];
    for (const [resources, resource, field, problem] of cases) {
      const [refused, refusedField, refusedProblem] = refusal(() => importBundle(bundle(resources)));
      assert.deepEqual([refused, refusedField], [resource, field], refusedProblem);
      assert.ok(refusedProblem.includes(problem), `${resource}: ${JSON.stringify(refusedProblem)} lacks ${JSON.stringify(problem)}`);
    }
  });

  test('the refusals the SDK words in full read the same here', () => {
    const cases: [Json, string][] = [
      [{ ...patient('p'), gender: 'M' }, 'Patient "p": gender "M" is not an AdministrativeGender code (male, female, other, unknown)'],
      [{ ...patient('p'), birthDate: '2009-6-2' }, 'Patient "p": birthDate "2009-6-2" is not a FHIR date (YYYY-MM-DD)'],
      [{ ...patient('p'), birthDate: '2023-02-29' }, 'Patient "p": birthDate "2023-02-29" is not a calendar date'],
      [
        { ...patient('p'), birthDate: '2079-06-07T08:00:00Z' },
        'Patient "p": birthDate 2079-06-07 is outside the representable range 1900-01-02..=2079-06-06',
      ],
      [{ ...condition('c', 'E1') }, 'Condition "c": code ICD-10 "E1" cannot be stored: shorter than 3 characters'],
      [{ ...condition('c', '1AB') }, 'Condition "c": code ICD-10 "1AB" cannot be stored: must start with a letter and a digit'],
      [{ ...condition('c', 'E11-9') }, 'Condition "c": code ICD-10 "E11-9" cannot be stored: may hold only letters, digits and one dot'],
      [
        { ...condition('c', 'I10'), onsetAge: { value: 40, unit: 'a' } },
        'Condition "c": onsetAge cannot be stored; the record keeps an onset as a day (onsetDateTime)',
      ],
      [{ ...medication('m', '0') }, 'MedicationStatement "m": medicationCodeableConcept RxNorm concept id 0 is not a concept'],
      [
        { ...medication('m', '+12') },
        'MedicationStatement "m": medicationCodeableConcept RxNorm code "+12" is not an RxNorm concept id (RXCUI)',
      ],
      [
        { ...medication('m', '4294967296') },
        'MedicationStatement "m": medicationCodeableConcept RxNorm code "4294967296" is not an RxNorm concept id (RXCUI)',
      ],
      [
        { resourceType: 'MedicationStatement', id: 'm', status: 'active' },
        'MedicationStatement "m": medicationCodeableConcept is missing',
      ],
      [
        { ...medication('m', '1'), effectivePeriod: { start: '2009-06' } },
        'MedicationStatement "m": effectivePeriod.start "2009-06" is not a whole day (YYYY-MM-DD); the record stores dates to the day',
      ],
      [{ ...observation('w', '29463-7') }, 'Observation "w": valueQuantity is missing'],
      [
        { ...observation('w', '29463-7'), valueQuantity: { value: 70, system: 'http://example.org/units', code: 'kg' } },
        'Observation "w": valueQuantity.system is http://example.org/units; medshare converts only UCUM units (kg, g, [lb_av])',
      ],
      [
        { ...observation('h', '8302-2'), valueQuantity: { value: 70, unit: 'ft' } },
        'Observation "h": valueQuantity.unit "ft" is not a unit medshare converts (cm, m, mm, [in_i])',
      ],
      [{ ...observation('h', '8302-2'), valueQuantity: { system: UCUM, code: 'cm' } }, 'Observation "h": valueQuantity.value is missing'],
      [
        { ...weight('w', 0.004, 'kg') },
        'Observation "w": valueQuantity.value 0.004 kg is outside what the record can hold',
      ],
      [
        { ...weight('w', 1e-7, 'kg') },
        'Observation "w": valueQuantity.value 0.0000001 kg is outside what the record can hold',
      ],
      [
        { ...observation('bg', '882-1'), valueCodeableConcept: { text: 'A+' } },
        'Observation "bg": valueCodeableConcept (the text "A+") names no ABO/Rh group medshare recognises (SNOMED CT or LOINC answer codes)',
      ],
      [{ resourceType: 'AllergyIntolerance', id: 'a' }, 'AllergyIntolerance "a": code is missing'],
      [
        { ...allergy('a', {}) },
        'AllergyIntolerance "a": code (an empty CodeableConcept) names none of the 24 allergen classes medshare ' +
          'records; give a SNOMED CT code medshare maps or text equal to a class name such as "penicillins"',
      ],
      [
        { ...condition('c', 'I10'), code: { coding: [{ system: SNOMED, code: 5 }] } },
        'Condition "c": resource does not have the structure of its FHIR R4 type: invalid type: integer `5`, expected a string',
      ],
      [
        { ...weight('w', 70, 'kg'), valueQuantity: { value: '70', code: 'kg' } },
        'Observation "w": resource does not have the structure of its FHIR R4 type: invalid type: string "70", expected f64',
      ],
      [
        { ...condition('c', 'I10'), code: { coding: null } },
        'Condition "c": resource does not have the structure of its FHIR R4 type: invalid type: null, expected a sequence',
      ],
      [
        { ...condition('c', 'I10'), code: { coding: [7] } },
        'Condition "c": resource does not have the structure of its FHIR R4 type: invalid type: integer `7`, expected struct Coding',
      ],
    ];
    for (const [resource, message] of cases) {
      assert.throws(() => importBundle(bundle([resource])), (error: unknown) => {
        assert.ok(error instanceof FhirError);
        assert.equal(error.message, message);
        return true;
      });
    }
    // An id is quoted as the SDK quotes it.
    const [, , problem] = refusal(() => importBundle(bundle([{ resourceType: 'Patient', id: 'tab\there' }, patient('p')])));
    assert.ok(problem.startsWith('Patient appears a second time (first as Patient "tab\\there")'), problem);
  });

  test('elements are checked in the order of their names, as the SDK meets them', () => {
    const twoWrong = { ...weight('o', 70, 'kg'), valueQuantity: 1, valueCodeableConcept: 2 };
    const [, field, problem] = refusal(() => importBundle(bundle([twoWrong])));
    assert.equal(field, 'resource');
    assert.ok(problem.endsWith('invalid type: integer `2`, expected struct CodeableConcept'), problem);
  });

  test('a null optional element is absent, as the SDK reads it', () => {
    const withNulls = { ...condition('c', 'I10'), modifierExtension: null, onsetAge: null, subject: null, onsetDateTime: null };
    const { summary } = importBundle(bundle([withNulls]));
    assert.deepEqual(summary.conditions, [{ code: icd10('I10'), onsetDay: 0 }]);
  });

  test('a subject may name the Patient by fullUrl, relative or absolute reference', () => {
    const entries = [
      { fullUrl: 'urn:uuid:p', resource: patient('p1') },
      { resource: { ...condition('c1', 'I10'), subject: { reference: 'urn:uuid:p' } } },
      { resource: { ...condition('c2', 'E11.9'), subject: { reference: 'Patient/p1' } } },
      { resource: { ...medication('m1', '1'), subject: { reference: 'https://fhir.example.org/r4/Patient/p1' } } },
      { resource: allergy('a1', { text: 'soy' }) },
    ];
    const { summary } = importBundle({ resourceType: 'Bundle', entry: entries });
    assert.deepEqual([summary.conditions.length, summary.medications.length, summary.allergies[19]], [2, 1, true]);
    const wrong = [...entries, { resource: { ...allergy('a2', { text: 'egg' }), patient: { reference: 'Patient/p10' } } }];
    const [resource, field] = refusal(() => importBundle({ resourceType: 'Bundle', entry: wrong }));
    assert.deepEqual([resource, field], ['AllergyIntolerance "a2"', 'patient']);
  });

  test('an entry without a resource is named by its place', () => {
    const entries = { resourceType: 'Bundle', entry: [{ resource: patient('p') }, { fullUrl: 'urn:x' }] };
    const [resource, field] = refusal(() => importBundle(entries));
    assert.deepEqual([resource, field], ['Bundle.entry[1]', 'resource']);
    const typeless = { resourceType: 'Bundle', entry: [{ resource: { id: 'x' } }] };
    assert.deepEqual(refusal(() => importBundle(typeless)).slice(0, 2), ['Bundle.entry[0]', 'resource.resourceType']);
    const notAResource = { resourceType: 'Bundle', entry: [{ resource: 'Patient' }] };
    assert.deepEqual(refusal(() => importBundle(notAResource)), [
      'Bundle.entry[0]',
      'resource',
      'is not a FHIR resource: invalid type: string "Patient", expected struct Header',
    ]);
  });

  test('malformed JSON and other resources are not bundles', () => {
    const kindOf = (input: unknown) => {
      try {
        summaryFromBundle(input);
      } catch (error) {
        assert.ok(error instanceof FhirError);
        return [error.kind, error.message];
      }
      assert.fail('expected an error');
    };
    assert.equal(kindOf('{"resourceType": ')[0], 'json');
    assert.equal(kindOf('{"resourceType": "Bundle", "entry": [{"resource": {"value": 1e400}}]}')[0], 'json');
    assert.equal(kindOf('{"resourceType": "Bundle", "id": "\\ud800"}')[0], 'json');
    assert.deepEqual(kindOf(JSON.stringify(patient('p'))), [
      'not-a-bundle',
      'the input is not a FHIR Bundle: its resourceType is Patient; put the resources in a Bundle',
    ]);
    assert.deepEqual(kindOf('[]'), ['not-a-bundle', 'the input is not a FHIR Bundle: it has no resourceType']);
    assert.deepEqual(kindOf({ resourceType: 'Bundle', entry: {} }), [
      'not-a-bundle',
      'the input is not a FHIR Bundle: invalid type: map, expected a sequence',
    ]);
    assert.deepEqual(importBundle({ resourceType: 'Bundle' }).summary, emptySummary());
  });

  test('the error reads as a sentence', () => {
    const snomedOnly = { resourceType: 'Condition', id: 'c2', code: { coding: [{ system: SNOMED, code: '44054006' }] } };
    assert.throws(() => importBundle(bundle([snomedOnly])), {
      name: 'FhirError',
      message:
        'Condition "c2": code has no ICD-10 coding (only http://snomed.info/sct 44054006); medshare stores conditions as ICD-10',
    });
  });
});

describe('FHIR export', () => {
  test('every field round trips through export and import', () => {
    const summary = exampleSummary();
    const exported = bundleFromSummary(summary, ALL);
    const imported = summaryFromBundle(JSON.stringify(exported));
    assert.deepEqual(imported.summary, summary);
    assert.deepEqual(imported.skipped, []);
    assert.deepEqual(exported, bundleFromSummary(summary, ALL), 'deterministic');
  });

  test('the export writes the resources and codings of the SDK', () => {
    const exported = bundleFromSummary(exampleSummary(), ALL);
    assert.equal(exported.resourceType, 'Bundle');
    assert.equal(exported.type, 'collection');
    const entries = exported.entry as { fullUrl: string; resource: Json }[];
    assert.deepEqual(
      entries.map((e) => e.fullUrl.slice(-3)),
      ['000', '001', '002', '003', '004', '005', '006', '007', '008', '009', '00a', '00b'],
    );
    assert.ok(entries.every((e) => e.fullUrl.startsWith('urn:uuid:6d656473-6861-4000-8000-0000000000')));
    const [patientResource, group, bodyWeight, bodyHeight, penicillins, , latex, , , asthma, metformin] = entries.map((e) => e.resource);
    assert.deepEqual(patientResource, { resourceType: 'Patient', id: 'patient', gender: 'female', birthDate: '1961-03-14' });
    assert.deepEqual(group, {
      resourceType: 'Observation',
      id: 'blood-group',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: {
        coding: [{ system: LOINC, code: '882-1', display: 'ABO and Rh group [Type] in Blood' }],
        text: 'ABO and Rh group [Type] in Blood',
      },
      subject: { reference: PATIENT_URL },
      valueCodeableConcept: {
        coding: [
          { system: SNOMED, code: '278152006', display: 'Blood group A Rh(D) negative' },
          { system: LOINC, code: 'LA21326-6', display: 'A Neg' },
        ],
        text: 'Blood group A Rh(D) negative',
      },
    });
    assert.deepEqual(bodyWeight.valueQuantity, { value: 68.5, unit: 'kg', system: UCUM, code: 'kg' });
    assert.deepEqual(bodyWeight.id, 'body-weight');
    assert.deepEqual(bodyHeight.valueQuantity, { value: 164.2, unit: 'cm', system: UCUM, code: 'cm' });
    assert.deepEqual(penicillins, {
      resourceType: 'AllergyIntolerance',
      id: 'allergy-1',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      category: ['medication'],
      code: { coding: [{ system: SNOMED, code: '764146007', display: 'Penicillin' }], text: 'penicillins' },
      patient: { reference: PATIENT_URL },
    });
    assert.deepEqual([latex.id, latex.category], ['allergy-3', ['environment']]);
    assert.deepEqual(asthma, {
      resourceType: 'Condition',
      id: 'condition-3',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: ICD10_CM, code: 'J45.909' }] },
      subject: { reference: PATIENT_URL },
    });
    assert.deepEqual(metformin, {
      resourceType: 'MedicationStatement',
      id: 'medication-1',
      status: 'active',
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '860975' }] },
      subject: { reference: PATIENT_URL },
      effectiveDateTime: '2009-06-10',
    });
  });

  test('a class without a verified SNOMED CT concept travels as its name alone', () => {
    const summary = { ...emptySummary(), allergies: flags('macrolides') };
    const [resource] = resourcesOf(bundleFromSummary(summary, FIELDS.allergies));
    assert.deepEqual(resource.code, { text: 'macrolides' });
    assert.deepEqual(summaryFromBundle(bundleFromSummary(summary, FIELDS.allergies)).summary, summary);
  });

  test('every allergen class, blood type and sex round trips', () => {
    const summary: ClinicalSummary = { ...emptySummary(), allergies: ALLERGENS.map(() => true) };
    const sexes = [SEX.unknown, SEX.male, SEX.female, SEX.other];
    BLOOD_GROUPS.forEach(({ bloodType }, n) => {
      const each = { ...summary, bloodType, sex: sexes[n % sexes.length] };
      assert.deepEqual(summaryFromBundle(bundleFromSummary(each, ALL)).summary, each);
    });
    assert.equal(BLOOD_GROUPS.length, 8);
  });

  test('every combination of field sets exports only the disclosed sets', () => {
    const summary = exampleSummary();
    const single: Record<number, string[]> = {
      [FIELDS.demographics]: ['Patient'],
      [FIELDS.bloodType]: ['Observation'],
      [FIELDS.vitals]: ['Observation', 'Observation'],
      [FIELDS.allergies]: Array(3).fill('AllergyIntolerance'),
      [FIELDS.conditions]: Array(3).fill('Condition'),
      [FIELDS.medications]: Array(2).fill('MedicationStatement'),
    };
    const order = [FIELDS.demographics, FIELDS.bloodType, FIELDS.vitals, FIELDS.allergies, FIELDS.conditions, FIELDS.medications];
    for (let fields = 0; fields <= ALL; fields++) {
      const exported = bundleFromSummary(summary, fields);
      assert.deepEqual(summaryFromBundle(exported).summary, restrictedTo(summary, fields), `fields ${fields}`);
      const expected = order.filter((set) => (fields & set) !== 0).flatMap((set) => single[set]);
      assert.deepEqual(typesOf(exported), expected, `fields ${fields}`);
    }
    assert.deepEqual(typesOf(bundleFromSummary(summary, EMERGENCY)), [
      'Observation',
      'AllergyIntolerance',
      'AllergyIntolerance',
      'AllergyIntolerance',
      'Condition',
      'Condition',
      'Condition',
      'MedicationStatement',
      'MedicationStatement',
    ]);
  });

  test('resources still refer to the Patient when demographics are withheld', () => {
    const resources = resourcesOf(bundleFromSummary(exampleSummary(), EMERGENCY));
    const references = resources.map((r) => ((r.subject ?? r.patient) as { reference: string }).reference);
    assert.deepEqual(new Set(references), new Set([PATIENT_URL]));
  });

  test('fields that are not recorded produce no resource', () => {
    assert.deepEqual(bundleFromSummary(emptySummary(), EMERGENCY).entry, []);
    assert.deepEqual(bundleFromSummary(emptySummary(), FIELDS.vitals).entry, []);
    assert.deepEqual(resourcesOf(bundleFromSummary(emptySummary(), FIELDS.demographics)), [
      { resourceType: 'Patient', id: 'patient', gender: 'unknown' },
    ]);
    const weightOnly = { ...emptySummary(), weightDag: 7_001 };
    const [bodyWeight] = resourcesOf(bundleFromSummary(weightOnly, FIELDS.vitals));
    assert.deepEqual([bodyWeight.id, (bodyWeight.valueQuantity as Json).value], ['body-weight', 70.01]);
  });

  test('a summary no record can hold is refused', () => {
    assert.throws(() => bundleFromSummary({ ...emptySummary(), bloodType: 9 }, ALL), RangeError);
    assert.throws(() => bundleFromSummary({ ...emptySummary(), sex: 4 }, ALL), RangeError);
    assert.throws(() => bundleFromSummary({ ...emptySummary(), heightMm: 70_000 }, ALL), RangeError);
    assert.throws(() => bundleFromSummary({ ...emptySummary(), birthDay: 65_536 }, ALL), RangeError);
    assert.throws(() => bundleFromSummary(emptySummary(), 256), RangeError);
    assert.throws(() => bundleFromSummary({ ...emptySummary(), conditions: [{ code: 37, onsetDay: 0 }] }, ALL), /empty position/);
  });
});

describe('shared tables and helpers', () => {
  test('the allergen table follows the record code set', () => {
    assert.equal(ALLERGENS.length, 24);
    assert.deepEqual(
      ALLERGEN_SUBSTANCES.map(([name]) => name),
      ALLERGENS.map(({ name }) => name),
    );
  });

  test('ICD-10 codes round trip through their packed form and the same ones are refused', () => {
    for (const code of ['A00', 'E11.9', 'I25.10', 'J45.909', 'Z99.89', 'C7A.01']) {
      assert.equal(icd10Text(icd10(code)), code);
    }
    assert.equal(icd10Text(icd10('e11.9')), 'E11.9');
    for (const code of ['S52.521A', 'E1', '1AB', 'E11-9', '', 'E1ß']) {
      assert.throws(() => icd10(code), /ICD-10 code/, code);
    }
  });

  test('day numbers and ISO dates are inverse', () => {
    for (const iso of ['1900-01-02', '1961-03-14', '2000-02-29', '2079-06-06']) assert.equal(isoDate(day(iso)), iso);
    assert.equal(day('1900-01-02'), 1);
    assert.equal(day('2079-06-06'), 65_535);
  });

  test('values in messages are written as the SDK writes them', () => {
    assert.equal(quoted('a"b\\c\td\n'), '"a\\"b\\\\c\\td\\n"');
    assert.equal(quoted('\u0001\u00a0 é\u0301'), '"\\u{1}\\u{a0} é\\u{301}"');
    assert.deepEqual(
      [700, 0.004, 1e-7, 1e21, -0].map(decimal),
      ['700', '0.004', '0.0000001', '1000000000000000000000', '-0'],
    );
  });

  const CONCEPTS = '../../../crates/medshare-sdk/src/record/fhir/concepts.json';
  test('the FHIR code is browser code: no node: modules, nothing that loads them, and the concept tables medshare-sdk reads', () => {
    const dir = new URL('../../clients/typescript/fhir/', import.meta.url);
    const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
    assert.ok(files.includes('index.ts'));
    const paths = [...files.map((name) => new URL(name, dir)), new URL('../record.ts', dir)];
    const sources = paths.map((path) => readFileSync(path, 'utf8'));
    for (const source of sources) {
      const imported = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      const allowed = (path: string) => /^\.\/[\w-]+\.ts$/.test(path) || path === '../record.ts' || path === CONCEPTS;
      assert.ok(imported.every(allowed), imported.join(', '));
      assert.doesNotMatch(source, /\b(Buffer|require|process)\b/);
    }
  });
});
