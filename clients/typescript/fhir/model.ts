// The parts of the FHIR R4 resources the import reads, checked as the SDK checks them: other
// elements are ignored, an absent or null optional element is absent, and a wrong JSON type is a
// mismatch worded as the SDK words it. Elements are checked in the order of their names, the
// order the SDK meets them in, so that the first mismatch reported is the same.

import { quoted } from './text.ts';

/** A JSON value without the shape its FHIR type requires. */
export class Mismatch extends Error {}

type Reader<T> = (value: unknown) => T;

function unexpected(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  if (typeof value === 'number') {
    const integer = Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 64;
    return integer ? `integer \`${BigInt(value)}\`` : `floating point \`${value}\``;
  }
  if (typeof value === 'string') return `string ${quoted(value)}`;
  return Array.isArray(value) ? 'sequence' : 'map';
}

function mismatch(value: unknown, expected: string): never {
  throw new Mismatch(`invalid type: ${unexpected(value)}, expected ${expected}`);
}

const text: Reader<string> = (value) => (typeof value === 'string' ? value : mismatch(value, 'a string'));
const number: Reader<number> = (value) => (typeof value === 'number' ? value : mismatch(value, 'f64'));
const json: Reader<unknown> = (value) => value;

const list =
  <T>(item: Reader<T>): Reader<T[]> =>
  (value) =>
    Array.isArray(value) ? value.map(item) : mismatch(value, 'a sequence');

/** `Option<T>`: absent and null are both `undefined`. */
const optional =
  <T>(read: Reader<T>): Reader<T | undefined> =>
  (value) =>
    value === undefined || value === null ? undefined : read(value);

/** A list that may be left out: absent is empty, but null is still a mismatch. */
const orEmpty =
  <T>(read: Reader<T[]>): Reader<T[]> =>
  (value) =>
    value === undefined ? [] : read(value);

type Fields = Record<string, Reader<unknown>>;
type Struct<F extends Fields> = { [K in keyof F]: ReturnType<F[K]> };

function struct<F extends Fields>(name: string, fields: F): Reader<Struct<F>> {
  const names = Object.keys(fields).sort();
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return mismatch(value, `struct ${name}`);
    const object = value as Record<string, unknown>;
    const read: Record<string, unknown> = {};
    for (const field of names) read[field] = fields[field](Object.hasOwn(object, field) ? object[field] : undefined);
    return read as Struct<F>;
  };
}

const coding = struct('Coding', { system: optional(text), code: optional(text) });
const codeableConcept = struct('CodeableConcept', { coding: orEmpty(list(coding)), text: optional(text) });
const reference = struct('Reference', { reference: optional(text) });
const quantity = struct('Quantity', {
  value: optional(number),
  unit: optional(text),
  system: optional(text),
  code: optional(text),
});
const period = struct('Period', { start: optional(text) });

export const readBundle = struct('Bundle', {
  entry: orEmpty(list(struct('Entry', { fullUrl: optional(text), resource: optional(json) }))),
});

/** What every resource is checked for before it is read as its type. */
export const readHeader = struct('Header', {
  resourceType: optional(text),
  id: optional(text),
  /** Extensions that change the meaning of the resource; the import cannot honour them. */
  modifierExtension: optional(json),
});

export const readPatient = struct('Patient', { birthDate: optional(text), gender: optional(text) });

export const readAllergyIntolerance = struct('AllergyIntolerance', {
  clinicalStatus: optional(codeableConcept),
  verificationStatus: optional(codeableConcept),
  code: optional(codeableConcept),
  patient: optional(reference),
});

export const readCondition = struct('Condition', {
  clinicalStatus: optional(codeableConcept),
  verificationStatus: optional(codeableConcept),
  code: optional(codeableConcept),
  subject: optional(reference),
  onsetDateTime: optional(text),
  // The other forms of onset[x], read only to refuse them rather than lose them.
  onsetAge: optional(json),
  onsetPeriod: optional(json),
  onsetRange: optional(json),
  onsetString: optional(json),
});

export const readMedicationStatement = struct('MedicationStatement', {
  status: optional(text),
  medicationCodeableConcept: optional(codeableConcept),
  medicationReference: optional(json),
  subject: optional(reference),
  effectiveDateTime: optional(text),
  effectivePeriod: optional(period),
});

export const readObservation = struct('Observation', {
  status: optional(text),
  code: optional(codeableConcept),
  subject: optional(reference),
  valueQuantity: optional(quantity),
  valueCodeableConcept: optional(codeableConcept),
});

export type CodeableConcept = ReturnType<typeof codeableConcept>;
export type Reference = ReturnType<typeof reference>;
export type Quantity = ReturnType<typeof quantity>;
export type Patient = ReturnType<typeof readPatient>;
export type AllergyIntolerance = ReturnType<typeof readAllergyIntolerance>;
export type Condition = ReturnType<typeof readCondition>;
export type MedicationStatement = ReturnType<typeof readMedicationStatement>;
export type Observation = ReturnType<typeof readObservation>;

/** The code of the first coding in one of `systems`. */
export function codeIn(concept: CodeableConcept, systems: readonly string[]): string | undefined {
  return concept.coding.find((c) => c.system !== undefined && systems.includes(c.system) && c.code !== undefined)?.code;
}

/** Every code, whatever its system: status elements are matched on their code alone. */
export function codes(concept: CodeableConcept): string[] {
  return concept.coding.flatMap((c) => (c.code === undefined ? [] : [c.code]));
}

/** The codings as `system code` pairs, for error messages. */
export function describe(concept: CodeableConcept): string {
  if (concept.coding.length > 0) {
    return concept.coding.map((c) => `${c.system ?? '(no system)'} ${c.code ?? '(no code)'}`).join(', ');
  }
  return concept.text === undefined ? 'an empty CodeableConcept' : `the text ${quoted(concept.text)}`;
}
