// The terms of an eligibility question as a form offers them: a diagnosis prefix, an age range
// (counted today) and an allergy excluded; every term given must hold.

import { type Question, encodeQuestion } from '../../../clients/typescript/eligibility.ts';
import { ALLERGENS } from '../../../clients/typescript/record.ts';

export interface QuestionInput {
  diagnosis: string;
  youngest: string;
  oldest: string;
  notAllergic: string;
}

export const NO_QUESTION: QuestionInput = { diagnosis: '', youngest: '', oldest: '', notAllergic: '' };

/** The question the inputs ask; throws a sentence when they ask nothing or something malformed. */
export function questionOf(input: QuestionInput): Question {
  const { diagnosis, youngest, oldest, notAllergic } = input;
  if (!diagnosis && !youngest && !oldest && !notAllergic) throw new Error('Ask at least one thing: a diagnosis, an age range or an allergy.');
  try {
    return encodeQuestion({
      conditions: diagnosis ? [{ prefix: diagnosis, present: true }] : [],
      allergies: notAllergic ? [{ index: Number(notAllergic), present: false }] : [],
      ages: youngest || oldest ? { youngest: Number(youngest || 0), oldest: Number(oldest || 120), on: new Date().toISOString().slice(0, 10) } : undefined,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}.`);
  }
}

export function QuestionFields({ id, value, onChange }: { id: string; value: QuestionInput; onChange: (value: QuestionInput) => void }) {
  const set = (key: keyof QuestionInput) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange({ ...value, [key]: event.target.value });
  return (
    <>
      <label htmlFor={`${id}-diagnosis`}>Diagnosis under (ICD-10, optional)</label>
      <input id={`${id}-diagnosis`} value={value.diagnosis} onChange={set('diagnosis')} placeholder="E11" autoComplete="off" />
      <label htmlFor={`${id}-from`}>Aged from (optional)</label>
      <input id={`${id}-from`} inputMode="numeric" value={value.youngest} onChange={set('youngest')} autoComplete="off" />
      <label htmlFor={`${id}-to-age`}>Aged to (optional)</label>
      <input id={`${id}-to-age`} inputMode="numeric" value={value.oldest} onChange={set('oldest')} autoComplete="off" />
      <label htmlFor={`${id}-allergy`}>Not allergic to (optional)</label>
      <select id={`${id}-allergy`} value={value.notAllergic} onChange={set('notAllergic')}>
        <option value="">Any allergies</option>
        {ALLERGENS.map((allergen, index) => (
          <option key={allergen.name} value={index}>
            {allergen.name}
          </option>
        ))}
      </select>
    </>
  );
}
