// The record as a form, or filled from a FHIR R4 Bundle under the SDK's import rules; nothing is
// stored until the patient saves and their wallet signs.

import { useId, useState } from 'react';
import {
  ALLERGENS,
  type ClinicalSummary,
  MAX_CONDITIONS,
  MAX_MEDICATIONS,
  day,
  icd10,
  icd10Problem,
  icd10Text,
  isoDate,
} from '../../../clients/typescript/record.ts';
import { BLOOD_TYPE_LABELS, SEX_LABELS } from '../record/labels.ts';
import { ErrorText } from '../ui/ErrorText.tsx';

interface Row {
  code: string;
  since: string;
}

interface Form {
  birthDate: string;
  sex: number;
  bloodType: number;
  weightKg: string;
  heightCm: string;
  allergies: boolean[];
  conditions: Row[];
  medications: Row[];
}

const dateText = (dayNumber: number) => (dayNumber === 0 ? '' : isoDate(dayNumber));

function formOf(summary: ClinicalSummary | undefined): Form {
  return {
    birthDate: summary ? dateText(summary.birthDay) : '',
    sex: summary?.sex ?? 0,
    bloodType: summary?.bloodType ?? 0,
    weightKg: summary?.weightDag ? String(summary.weightDag / 100) : '',
    heightCm: summary?.heightMm ? String(summary.heightMm / 10) : '',
    allergies: summary?.allergies.slice() ?? ALLERGENS.map(() => false),
    conditions: summary?.conditions.map((c) => ({ code: icd10Text(c.code), since: dateText(c.onsetDay) })) ?? [],
    medications: summary?.medications.map((m) => ({ code: String(m.rxcui), since: dateText(m.startDay) })) ?? [],
  };
}

/** The summary the form describes, or the first problem in words. */
function summaryOf(form: Form): ClinicalSummary | string {
  const dayOf = (text: string, what: string) => {
    if (text === '') return 0;
    const value = day(text);
    return Number.isFinite(value) && value > 0 && value < 65_536 ? value : `${what}: ${text} is not a date between 1900 and 2079`;
  };
  const measure = (text: string, scale: number, what: string) => {
    if (text.trim() === '') return 0;
    const value = Math.round(Number(text) * scale);
    return Number.isFinite(value) && value > 0 && value < 65_536 ? value : `${what}: ${text} is out of range`;
  };
  const birthDay = dayOf(form.birthDate, 'Birth date');
  const weightDag = measure(form.weightKg, 100, 'Weight');
  const heightMm = measure(form.heightCm, 10, 'Height');
  for (const value of [birthDay, weightDag, heightMm]) if (typeof value === 'string') return value;
  const conditions = [];
  for (const [index, row] of form.conditions.entries()) {
    const problem = icd10Problem(row.code);
    if (problem) return `Condition ${index + 1}: ICD-10 code "${row.code}" is ${problem}`;
    const onsetDay = dayOf(row.since, `Condition ${index + 1}`);
    if (typeof onsetDay === 'string') return onsetDay;
    conditions.push({ code: icd10(row.code), onsetDay });
  }
  const medications = [];
  for (const [index, row] of form.medications.entries()) {
    const rxcui = Number(row.code);
    if (!/^\d+$/.test(row.code) || rxcui === 0 || rxcui >= 2 ** 32) return `Medication ${index + 1}: "${row.code}" is not an RxNorm concept number`;
    const startDay = dayOf(row.since, `Medication ${index + 1}`);
    if (typeof startDay === 'string') return startDay;
    medications.push({ rxcui, startDay });
  }
  return {
    birthDay: birthDay as number,
    sex: form.sex,
    bloodType: form.bloodType,
    weightDag: weightDag as number,
    heightMm: heightMm as number,
    allergies: form.allergies,
    conditions,
    medications,
  };
}

export function RecordEditor({
  initial,
  onSave,
  onCancel,
  pending,
}: {
  initial?: ClinicalSummary;
  onSave: (summary: ClinicalSummary) => void;
  onCancel?: () => void;
  pending: boolean;
}) {
  const [form, setForm] = useState(() => formOf(initial));
  const [problem, setProblem] = useState<string>();
  const [skipped, setSkipped] = useState<string[]>([]);
  const id = useId();
  const set = (change: Partial<Form>) => setForm((current) => ({ ...current, ...change }));

  const importFhir = async (file: File | undefined) => {
    if (!file) return;
    setSkipped([]);
    try {
      // The FHIR reader loads with the first import: most visits never use it.
      const { summaryFromBundle } = await import('../../../clients/typescript/fhir/index.ts');
      const imported = summaryFromBundle(await file.text());
      setForm(formOf(imported.summary));
      setSkipped(imported.skipped);
      setProblem(undefined);
    } catch (failure) {
      setProblem(`${file.name} cannot be imported: ${failure instanceof Error ? failure.message : String(failure)}. The form was not changed.`);
    }
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const summary = summaryOf(form);
    if (typeof summary === 'string') return setProblem(summary);
    setProblem(undefined);
    onSave(summary);
  };

  const rows = (key: 'conditions' | 'medications', label: string, codeLabel: string, max: number) => (
    <fieldset>
      <legend>{label}</legend>
      {form[key].map((row, index) => (
        <div className="row" key={index}>
          <label htmlFor={`${id}-${key}-${index}-code`}>
            {codeLabel} {index + 1}
          </label>
          <input
            id={`${id}-${key}-${index}-code`}
            value={row.code}
            onChange={(event) => set({ [key]: form[key].map((r, i) => (i === index ? { ...r, code: event.target.value } : r)) })}
          />
          <label htmlFor={`${id}-${key}-${index}-since`}>Since</label>
          <input
            id={`${id}-${key}-${index}-since`}
            type="date"
            value={row.since}
            onChange={(event) => set({ [key]: form[key].map((r, i) => (i === index ? { ...r, since: event.target.value } : r)) })}
          />
          <button type="button" onClick={() => set({ [key]: form[key].filter((_, i) => i !== index) })}>
            Remove {codeLabel.toLowerCase()} {index + 1}
          </button>
        </div>
      ))}
      {form[key].length < max && (
        <button type="button" onClick={() => set({ [key]: [...form[key], { code: '', since: '' }] })}>
          Add {label.toLowerCase().replace(/s$/, '')}
        </button>
      )}
    </fieldset>
  );

  return (
    <form onSubmit={submit} className="record-form" aria-label="Record">
      <div className="fhir-import">
        <label htmlFor={`${id}-fhir`}>Fill from a FHIR R4 Bundle (JSON)</label>
        <input id={`${id}-fhir`} type="file" accept="application/fhir+json,application/json,.json" onChange={(event) => importFhir(event.target.files?.[0])} />
        {skipped.length > 0 && (
          <div className="notice" role="status">
            Left out because they no longer apply:
            <ul>
              {skipped.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <fieldset>
        <legend>Demographics</legend>
        <label htmlFor={`${id}-birth`}>Birth date</label>
        <input id={`${id}-birth`} type="date" value={form.birthDate} onChange={(event) => set({ birthDate: event.target.value })} />
        <label htmlFor={`${id}-sex`}>Sex</label>
        <select id={`${id}-sex`} value={form.sex} onChange={(event) => set({ sex: Number(event.target.value) })}>
          {SEX_LABELS.map((label, code) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </fieldset>
      <fieldset>
        <legend>Blood type and vitals</legend>
        <label htmlFor={`${id}-blood`}>Blood type</label>
        <select id={`${id}-blood`} value={form.bloodType} onChange={(event) => set({ bloodType: Number(event.target.value) })}>
          {BLOOD_TYPE_LABELS.map((label, code) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-weight`}>Weight (kg)</label>
        <input id={`${id}-weight`} inputMode="decimal" value={form.weightKg} onChange={(event) => set({ weightKg: event.target.value })} />
        <label htmlFor={`${id}-height`}>Height (cm)</label>
        <input id={`${id}-height`} inputMode="decimal" value={form.heightCm} onChange={(event) => set({ heightCm: event.target.value })} />
      </fieldset>
      <fieldset>
        <legend>Allergies</legend>
        <div className="checks">
          {ALLERGENS.map(({ name }, index) => (
            <label key={name}>
              <input
                type="checkbox"
                checked={form.allergies[index]}
                onChange={(event) => set({ allergies: form.allergies.map((flag, i) => (i === index ? event.target.checked : flag)) })}
              />{' '}
              {name}
            </label>
          ))}
        </div>
      </fieldset>
      {rows('conditions', 'Conditions', 'ICD-10 code', MAX_CONDITIONS)}
      {rows('medications', 'Medications', 'RxNorm code', MAX_MEDICATIONS)}
      <ErrorText error={problem} />
      <div className="actions">
        <button type="submit" disabled={pending}>
          Encrypt and save
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
