// Records for study tests: `diabetic` ones hold E11.9 and I10 and take metformin, the others
// hold asthma; everyone born 1970-06-15.

import { type ClinicalSummary, day, icd10 } from '../../clients/typescript/record.ts';

export const METFORMIN = 860975;

export function studyRecord(diabetic: boolean, sex: number): ClinicalSummary {
  return {
    birthDay: day('1970-06-15'),
    sex,
    bloodType: 2,
    weightDag: 7_000,
    heightMm: 1_700,
    allergies: Array.from({ length: 24 }, () => false),
    conditions: diabetic ? [{ code: icd10('E11.9'), onsetDay: 0 }, { code: icd10('I10'), onsetDay: 0 }] : [{ code: icd10('J45.909'), onsetDay: 0 }],
    medications: diabetic ? [{ rxcui: METFORMIN, startDay: 0 }] : [],
  };
}
