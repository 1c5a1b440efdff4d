// A study's cells as the web app shows them: the program's layout, the structural zeros its
// `state::study_cells` tests name for the same criteria, and a reason on every withheld cell.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALLERGENS, icd10 } from '../../clients/typescript/record.ts';
import { CELLS, STUDY_COUNTERS, cellLabel, resultRows, structuralZero } from '../../clients/typescript/studyCells.ts';
import { SUPPRESSED, type StudyCriteria } from '../../clients/typescript/studies.ts';

const OPEN: StudyCriteria = {
  prefix: 0,
  modulus: 1,
  sexes: 0b1111,
  bornFrom: 0,
  bornUntil: 0xffff,
  ageCutoffs: [100, 200, 300, 400],
  medications: [1, 2, 3, 4],
  categories: [5, 6, 7, 8],
};

const zeros = (criteria: StudyCriteria) => CELLS.filter((cell) => structuralZero(cell, criteria)).map(({ index }) => index);

describe("a study's cells", () => {
  test('the layout is the tally: participants, matched, 4 sexes, 6 age bands, 4 + 4 watched codes, every allergy', () => {
    assert.equal(CELLS.length, STUDY_COUNTERS);
    assert.equal(2 + 4 + 6 + 4 + 4 + ALLERGENS.length, STUDY_COUNTERS);
    assert.deepEqual(CELLS[6], { group: 'age', slot: 0, index: 6 });
    assert.deepEqual(CELLS[20], { group: 'allergy', slot: 0, index: 20 });
  });

  test('structural zeros are those the program names for the same criteria', () => {
    assert.deepEqual(zeros(OPEN), []);
    const narrow = { ...OPEN, sexes: 0b0110, bornFrom: 150, bornUntil: 250, medications: [1, 0, 0, 0], categories: [0, 6, 0, 0] };
    assert.deepEqual(zeros(narrow), [2, 5, 6, 7, 10, 11, 13, 14, 15, 16, 18, 19]);
    const touching = { ...OPEN, bornFrom: 399, bornUntil: 400 };
    assert.deepEqual(zeros(touching).filter((index) => index >= 6 && index < 12), [6, 7, 8, 9]);
  });

  test('labels name what each cell counts, and unused slots have none', () => {
    const criteria = { ...OPEN, medications: [860975, 0, 0, 0], categories: [icd10('I10'), 0, 0, 0] };
    assert.equal(cellLabel(CELLS[12], criteria), 'taking RxNorm 860975');
    assert.equal(cellLabel(CELLS[13], criteria), undefined);
    assert.equal(cellLabel(CELLS[16], criteria), 'with a condition in I10');
    assert.equal(cellLabel(CELLS[7], criteria), 'born before 1900-04-11');
  });

  test('every withheld cell says why, and what is withheld with matched says so', () => {
    const results = Array.from({ length: STUDY_COUNTERS }, () => 7);
    results[3] = SUPPRESSED;
    results[4] = SUPPRESSED;
    results[12] = SUPPRESSED;
    const rows = resultRows(results, OPEN, 5);
    const withheld = rows.filter((row) => row.value === undefined);
    assert.deepEqual(withheld.map(({ cell }) => cell.index), [3, 4, 12]);
    assert.match(withheld[0].withheld!, /sex breakdown has a group of fewer than 5/);
    assert.match(withheld[2].withheld!, /fewer than 5 matching participants are counted here, or fewer than 5 are not/);

    const hidden = Array.from({ length: STUDY_COUNTERS }, (_, index) => (index === 0 ? 9 : SUPPRESSED));
    const under = resultRows(hidden, OPEN, 5);
    assert.match(under[1].withheld!, /fewer than 5 participants match, or fewer than 5 do not/);
    assert.ok(under.slice(2).every((row) => /withheld with the number matching the criteria/.test(row.withheld!)));
    assert.equal(under[0].value, 9);
  });
});
