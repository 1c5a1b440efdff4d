// The clinical summary as the circuits see it (record format 2, docs/record-encoding.md): 61
// scalars in 5 field elements, the header (demographics, blood type, vitals, allergies) in one and
// the conditions and the medications in two each, every group laid out as Arcis's `Pack` lays it
// out. `createPacker` in @arcium-hq/client never opens a third element, so this has its own packer.

/** Usable bits per packed field element: 254-bit capacity less a 40-bit security margin. */
const BITS_PER_ELEMENT = 214;
/** Field sets, one bit each (docs/record-encoding.md). */
export const FIELDS = {
  demographics: 1,
  bloodType: 2,
  vitals: 4,
  allergies: 8,
  conditions: 16,
  medications: 32,
} as const;

export const MAX_CONDITIONS = 8;
export const MAX_MEDICATIONS = 8;

/** `sex` codes: FHIR AdministrativeGender in the record's order. */
export const SEX = { unknown: 0, male: 1, female: 2, other: 3 } as const;

/** `bloodType` codes; 0 is "not recorded". */
export const BLOOD_TYPE = {
  unknown: 0,
  oNegative: 1,
  oPositive: 2,
  aNegative: 3,
  aPositive: 4,
  bNegative: 5,
  bPositive: 6,
  abNegative: 7,
  abPositive: 8,
} as const;

/** The allergen code set: flag i of a record means `ALLERGENS[i]`; `category` is FHIR's `AllergyIntolerance.category`. */
export const ALLERGENS: readonly { name: string; category: 'medication' | 'food' | 'environment' }[] = [
  { name: 'penicillins', category: 'medication' },
  { name: 'cephalosporins', category: 'medication' },
  { name: 'sulfonamides', category: 'medication' },
  { name: 'NSAIDs (including aspirin)', category: 'medication' },
  { name: 'opioids', category: 'medication' },
  { name: 'macrolides', category: 'medication' },
  { name: 'fluoroquinolones', category: 'medication' },
  { name: 'tetracyclines', category: 'medication' },
  { name: 'anticonvulsants', category: 'medication' },
  { name: 'ACE inhibitors', category: 'medication' },
  { name: 'iodinated contrast media', category: 'medication' },
  { name: 'local anaesthetics', category: 'medication' },
  { name: 'neuromuscular blockers', category: 'medication' },
  { name: 'peanut', category: 'food' },
  { name: 'tree nuts', category: 'food' },
  { name: 'milk', category: 'food' },
  { name: 'egg', category: 'food' },
  { name: 'fish', category: 'food' },
  { name: 'shellfish', category: 'food' },
  { name: 'soy', category: 'food' },
  { name: 'wheat', category: 'food' },
  { name: 'sesame', category: 'food' },
  { name: 'latex', category: 'environment' },
  { name: 'insect venom', category: 'environment' },
];
export const ALLERGEN_CLASSES = ALLERGENS.length;

export interface Condition {
  /** ICD-10 code packed base-37 (see `icd10`). */
  code: number;
  /** Days since 1900-01-01; 0 when unknown. */
  onsetDay: number;
}

export interface Medication {
  rxcui: number;
  startDay: number;
}

export interface ClinicalSummary {
  birthDay: number;
  sex: number;
  bloodType: number;
  weightDag: number;
  heightMm: number;
  allergies: boolean[];
  conditions: Condition[];
  medications: Medication[];
}

/** The widths in bits of each group's scalars, in declaration order, and its element count. */
const GROUPS: { widths: number[]; elements: number }[] = [
  { widths: [16, 8, 8, 16, 16, ...Array(ALLERGEN_CLASSES).fill(1)], elements: 1 },
  { widths: Array.from({ length: MAX_CONDITIONS }, () => [32, 16]).flat(), elements: 2 },
  { widths: Array.from({ length: MAX_MEDICATIONS }, () => [32, 16]).flat(), elements: 2 },
];
/** Field elements of a record: header, conditions 0-1, medications 0-1. */
export const RECORD_ELEMENTS = 5;

interface Slot {
  element: number;
  offset: number;
}

/** Arcis's layout: by decreasing width (stable), first fit into element 0 or the last one used. */
function layout(scalarWidths: number[]): { slots: Slot[]; elements: number } {
  const order = scalarWidths.map((_, index) => index).sort((a, b) => scalarWidths[b] - scalarWidths[a]);
  const slots: Slot[] = new Array(scalarWidths.length);
  const loads: number[] = [];
  let last = 0;
  for (const index of order) {
    const width = scalarWidths[index];
    const fits = (element: number) => (loads[element] ?? 0) + width <= BITS_PER_ELEMENT;
    const element = fits(0) ? 0 : fits(last) ? last : last + 1;
    if (element === loads.length) loads.push(0);
    slots[index] = { element, offset: loads[element] };
    loads[element] += width;
    last = element;
  }
  return { slots, elements: loads.length };
}

function scalars(summary: ClinicalSummary): bigint[] {
  if (summary.allergies.length !== ALLERGEN_CLASSES) throw new Error(`${ALLERGEN_CLASSES} allergy flags expected`);
  if (summary.conditions.length > MAX_CONDITIONS || summary.medications.length > MAX_MEDICATIONS) {
    throw new Error(`at most ${MAX_CONDITIONS} conditions and ${MAX_MEDICATIONS} medications`);
  }
  const values = [summary.birthDay, summary.sex, summary.bloodType, summary.weightDag, summary.heightMm];
  values.push(...summary.allergies.map(Number));
  for (let slot = 0; slot < MAX_CONDITIONS; slot++) {
    const condition = summary.conditions[slot];
    values.push(condition?.code ?? 0, condition?.onsetDay ?? 0);
  }
  for (let slot = 0; slot < MAX_MEDICATIONS; slot++) {
    const medication = summary.medications[slot];
    values.push(medication?.rxcui ?? 0, medication?.startDay ?? 0);
  }
  return values.map(BigInt);
}

/** The 5 field elements of a summary. */
export function packSummary(summary: ClinicalSummary): bigint[] {
  const values = scalars(summary);
  return GROUPS.flatMap(({ widths, elements }) => {
    const { slots } = layout(widths);
    const packed: bigint[] = new Array(elements).fill(0n);
    values.splice(0, widths.length).forEach((value, index) => {
      if (value >> BigInt(widths[index]) !== 0n) throw new Error(`a value does not fit ${widths[index]} bits`);
      packed[slots[index].element] |= value << BigInt(slots[index].offset);
    });
    return packed;
  });
}

/** Reads a summary back from its 5 field elements; empty slots are dropped. */
export function unpackSummary(packed: bigint[]): ClinicalSummary {
  if (packed.length !== RECORD_ELEMENTS) throw new Error(`${RECORD_ELEMENTS} field elements expected, got ${packed.length}`);
  let first = 0;
  const values = GROUPS.flatMap(({ widths, elements }) => {
    const group = packed.slice(first, (first += elements));
    return layout(widths).slots.map(({ element, offset }, index) =>
      Number((group[element] >> BigInt(offset)) & ((1n << BigInt(widths[index])) - 1n)),
    );
  });
  let next = 0;
  const take = () => values[next++];
  const summary: ClinicalSummary = {
    birthDay: take(),
    sex: take(),
    bloodType: take(),
    weightDag: take(),
    heightMm: take(),
    allergies: Array.from({ length: ALLERGEN_CLASSES }, () => take() === 1),
    conditions: [],
    medications: [],
  };
  for (let slot = 0; slot < MAX_CONDITIONS; slot++) {
    const [code, onsetDay] = [take(), take()];
    if (code !== 0) summary.conditions.push({ code, onsetDay });
  }
  for (let slot = 0; slot < MAX_MEDICATIONS; slot++) {
    const [rxcui, startDay] = [take(), take()];
    if (rxcui !== 0) summary.medications.push({ rxcui, startDay });
  }
  return summary;
}

/**
 * Why an ICD-10 code cannot be stored, or `undefined` when it can: 3 to 6 characters once its
 * dots are dropped, a letter and a digit first, letters and digits only (the SDK's rules).
 */
export function icd10Problem(code: string): string | undefined {
  const characters = [...icd10Characters(code)];
  if (characters.length < 3) return 'shorter than 3 characters';
  if (characters.length > 6) return 'longer than 6 characters; 7th-character extensions cannot be stored';
  if (!/^[A-Z][0-9]/.test(characters.join(''))) return 'must start with a letter and a digit';
  if (!characters.every((c) => /^[A-Z0-9]$/.test(c))) return 'may hold only letters, digits and one dot';
  return undefined;
}

// ASCII-only upper-casing: `toUpperCase` would turn some non-ASCII letters into ASCII ones.
const icd10Characters = (code: string) => code.replaceAll('.', '').replace(/[a-z]/g, (c) => c.toUpperCase());

/** An ICD-10 code (`E11.9`) packed base-37: `0`-`9` are 1-10, `A`-`Z` 11-36, first character lowest. */
export function icd10(code: string): number {
  const problem = icd10Problem(code);
  if (problem !== undefined) throw new Error(`ICD-10 code ${JSON.stringify(code)}: ${problem}`);
  const characters = icd10Characters(code);
  let packed = 0;
  for (let i = characters.length - 1; i >= 0; i--) {
    const c = characters.charCodeAt(i);
    packed = packed * 37 + (c <= 57 ? c - 47 : c - 54);
  }
  return packed;
}

/** The character of one base-37 position of a packed ICD-10 code (1-10 digits, 11-36 letters). */
export const icd10Character = (digit: number) => String.fromCharCode(digit <= 10 ? digit + 47 : digit + 54);

/** The ICD-10 code a packed value holds, with a dot after the category (`E11.9`); the inverse of `icd10`. */
export function icd10Text(packed: number): string {
  if (!Number.isInteger(packed) || packed < 1 || packed > 0xffff_ffff) throw new Error(`${packed} is not a packed ICD-10 code`);
  let characters = '';
  for (let rest = packed; rest > 0; rest = Math.floor(rest / 37)) {
    const digit = rest % 37;
    if (digit === 0) throw new Error(`${packed} is not a packed ICD-10 code: it has an empty position`);
    characters += icd10Character(digit);
  }
  const problem = icd10Problem(characters);
  if (problem !== undefined) throw new Error(`${packed} is not a packed ICD-10 code: ${problem}`);
  return characters.length > 3 ? `${characters.slice(0, 3)}.${characters.slice(3)}` : characters;
}

/** Days since 1900-01-01 of an ISO date. */
export function day(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1900, 0, 1)) / 86_400_000);
}

/** The ISO date (`YYYY-MM-DD`) of a day number; the inverse of `day`. */
export function isoDate(dayNumber: number): string {
  if (!Number.isSafeInteger(dayNumber)) throw new Error(`${dayNumber} is not a day number`);
  return new Date(Date.UTC(1900, 0, 1) + dayNumber * 86_400_000).toISOString().slice(0, 10);
}
