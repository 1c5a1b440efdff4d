// A study's 44 cells as a reader meets them: what each counts under the study's criteria, which
// ones the criteria make always zero, and why a withheld one was withheld. The layout is the
// program's (`state::study_cells`) and the command line's (`medshare_sdk::study::cells`); the
// disclosure rule is docs/studies.md's.

import { ALLERGENS, icd10Text, isoDate } from './record.ts';
import { SUPPRESSED, type StudyCriteria } from './studies.ts';

export const STUDY_COUNTERS = 44;
const AGE_CUTOFFS = 4;
const WATCHED = 4;
const SEX_NAMES = ['unknown', 'male', 'female', 'other'];

export type CellGroup = 'participants' | 'matched' | 'sex' | 'age' | 'medication' | 'category' | 'allergy';

export interface CellLayout {
  index: number;
  group: CellGroup;
  /** Within its group: the sex, the age band, the watched slot or the allergen class. */
  slot: number;
}

/** Every cell at its index in the tally. */
export const CELLS: readonly CellLayout[] = [
  { group: 'participants', slots: 1 },
  { group: 'matched', slots: 1 },
  { group: 'sex', slots: SEX_NAMES.length },
  { group: 'age', slots: AGE_CUTOFFS + 2 },
  { group: 'medication', slots: WATCHED },
  { group: 'category', slots: WATCHED },
  { group: 'allergy', slots: ALLERGENS.length },
].flatMap(({ group, slots }) => Array.from({ length: slots }, (_, slot) => ({ group: group as CellGroup, slot })))
  .map((cell, index) => ({ ...cell, index }));

const date = (days: number) => (days === 0 ? 'no date' : isoDate(days));

/** A watched category as a reader knows it; any number is accepted on chain, so one that is no
 * ICD-10 category is shown as the number it is. */
export function categoryText(code: number): string {
  try {
    return icd10Text(code);
  } catch {
    return `category number ${code} (not an ICD-10 category)`;
  }
}

/** What the cell counts, or undefined for a watched slot the study left empty. */
export function cellLabel({ group, slot }: CellLayout, criteria: StudyCriteria): string | undefined {
  const cutoffs = criteria.ageCutoffs;
  switch (group) {
    case 'participants':
      return 'participants';
    case 'matched':
      return 'matching the criteria';
    case 'sex':
      return `sex ${SEX_NAMES[slot]}`;
    case 'age':
      if (slot === 0) return 'no birth date';
      if (slot === 1) return `born before ${date(cutoffs[0])}`;
      if (slot === AGE_CUTOFFS + 1) return `born ${date(cutoffs[AGE_CUTOFFS - 1])} or later`;
      return `born ${date(cutoffs[slot - 2])} to ${date(cutoffs[slot - 1] - 1)}`;
    case 'medication':
      return criteria.medications[slot] === 0 ? undefined : `taking RxNorm ${criteria.medications[slot]}`;
    case 'category':
      return criteria.categories[slot] === 0 ? undefined : `with a condition in ${categoryText(criteria.categories[slot])}`;
    case 'allergy':
      return `allergic to ${ALLERGENS[slot].name}`;
  }
}

/** Birth days of each age band, inclusive; first > last for an empty band. */
function ageBands(criteria: StudyCriteria): [number, number][] {
  const cutoffs = criteria.ageCutoffs;
  return Array.from({ length: AGE_CUTOFFS + 2 }, (_, band): [number, number] => {
    if (band === 0) return [0, 0];
    if (band === 1) return [1, Math.max(cutoffs[0] - 1, 0)];
    if (band === AGE_CUTOFFS + 1) return [cutoffs[AGE_CUTOFFS - 1], 0xffff];
    return [cutoffs[band - 2], Math.max(cutoffs[band - 1] - 1, 0)];
  });
}

/** Whether no record can ever count in `cell` under `criteria` (published as 0, protects nothing). */
export function structuralZero({ group, slot }: CellLayout, criteria: StudyCriteria): boolean {
  switch (group) {
    case 'sex':
      return ((criteria.sexes >> slot) & 1) === 0;
    case 'age': {
      const [first, last] = ageBands(criteria)[slot];
      return first > last || Math.max(first, criteria.bornFrom) > Math.min(last, criteria.bornUntil);
    }
    case 'medication':
      return criteria.medications[slot] === 0;
    case 'category':
      return criteria.categories[slot] === 0;
    default:
      return false;
  }
}

export interface ResultRow {
  cell: CellLayout;
  label: string;
  /** The published count, or undefined where withheld. */
  value?: number;
  /** Why the cell is withheld, in the rule's words. */
  withheld?: string;
}

const BREAKDOWN = { sex: 'sex', age: 'age' } as const;

/** Why the reveal withheld `cell`, given whether matched itself was published. */
function reason({ group }: CellLayout, k: number, matchedPublished: boolean): string {
  if (group === 'matched') return `fewer than ${k} participants match, or fewer than ${k} do not`;
  if (!matchedPublished) return 'withheld with the number matching the criteria, which every other cell counts among';
  if (group === 'sex' || group === 'age') {
    return `the ${BREAKDOWN[group]} breakdown has a group of fewer than ${k}, so all of it is withheld (which group is not said)`;
  }
  return `fewer than ${k} matching participants are counted here, or fewer than ${k} are not`;
}

/** The revealed table: every cell the criteria leave open, with its count or why it was withheld. */
export function resultRows(results: number[], criteria: StudyCriteria, k: number): ResultRow[] {
  const matchedPublished = results[1] !== SUPPRESSED;
  return CELLS.flatMap((cell): ResultRow[] => {
    const label = cellLabel(cell, criteria);
    if (label === undefined || structuralZero(cell, criteria)) return [];
    const value = results[cell.index];
    return value === SUPPRESSED ? [{ cell, label, withheld: reason(cell, k, matchedPublished) }] : [{ cell, label, value }];
  });
}
