// The clinical summary as the circuits see it (record format 2, docs/record-encoding.md): 61
// scalars in 5 field elements, the header (demographics, blood type, vitals, allergies) in one and
// the conditions and the medications in two each, every group laid out as Arcis's `Pack` lays it
// out. `createPacker` in @arcium-hq/client never opens a third element, so this has its own packer.

/** Usable bits per packed field element: 254-bit capacity less a 40-bit security margin. */
const BITS_PER_ELEMENT = 214;
export const MAX_CONDITIONS = 8;
export const MAX_MEDICATIONS = 8;
export const ALLERGEN_CLASSES = 24;

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

/** An ICD-10 code (`E11.9`) packed base-37: `0`-`9` are 1-10, `A`-`Z` 11-36, first character lowest. */
export function icd10(code: string): number {
  const characters = code.replace('.', '').toUpperCase();
  if (characters.length < 3 || characters.length > 6) throw new Error(`ICD-10 code ${code} must have 3 to 6 characters`);
  let packed = 0;
  for (let i = characters.length - 1; i >= 0; i--) {
    const c = characters.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 47 : c >= 65 && c <= 90 ? c - 54 : -1;
    if (digit < 0) throw new Error(`ICD-10 code ${code} holds ${characters[i]}`);
    packed = packed * 37 + digit;
  }
  return packed;
}

/** Days since 1900-01-01 of an ISO date. */
export function day(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1900, 0, 1)) / 86_400_000);
}
