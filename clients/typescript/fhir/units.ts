// Converting a FHIR `Quantity` in UCUM units to the record's integer units.

import { Problem } from './error.ts';
import { type Quantity } from './model.ts';
import { UCUM } from './terminology.ts';
import { decimal, quoted } from './text.ts';

/** A UCUM unit with the record's units per unit. */
export type Units = readonly (readonly [code: string, perUnit: number])[];

/** Units a body weight may come in, with decagrams (the record's unit) per unit. */
export const WEIGHT_UNITS: Units = [
  ['kg', 100],
  ['g', 0.1],
  ['[lb_av]', 45.359237],
];

/** Units a body height may come in, with millimetres (the record's unit) per unit. */
export const HEIGHT_UNITS: Units = [
  ['cm', 10],
  ['m', 1000],
  ['mm', 1],
  ['[in_i]', 25.4],
];

const MAX = 0xffff;

/** `quantity` in the record's unit, rounded to it; a `Problem` names the element at fault. */
export function toRecordUnit(quantity: Quantity, units: Units): number {
  const known = units.map(([code]) => code).join(', ');
  if (quantity.system !== undefined && quantity.system !== UCUM) {
    throw new Problem('valueQuantity.system', `is ${quantity.system}; medshare converts only UCUM units (${known})`);
  }
  // The UCUM code is authoritative; `unit` is a display and only stands in when it is absent.
  const [field, unit] =
    quantity.code !== undefined
      ? ['valueQuantity.code', quantity.code]
      : quantity.unit !== undefined
        ? ['valueQuantity.unit', quantity.unit]
        : ['valueQuantity.code', undefined];
  if (unit === undefined) throw new Problem(field, 'is missing');
  const perUnit = units.find(([code]) => code === unit)?.[1];
  if (perUnit === undefined) throw new Problem(field, `${quoted(unit)} is not a unit medshare converts (${known})`);
  const value = quantity.value;
  if (value === undefined) throw new Problem('valueQuantity.value', 'is missing');
  // `Math.round` takes halves up, the SDK away from zero: the same for every value kept.
  const scaled = Math.round(value * perUnit);
  if (scaled < 1 || scaled > MAX) {
    throw new Problem('valueQuantity.value', `${decimal(value)} ${unit} is outside what the record can hold`);
  }
  return scaled;
}
