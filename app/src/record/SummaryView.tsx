// A clinical summary as a reader sees it, one group per field set; sets a disclosure did not
// carry are labelled as withheld rather than shown empty.

import { ALLERGENS, type ClinicalSummary, icd10Text, isoDate } from '../../../clients/typescript/record.ts';
import { FIELDS } from '../../../clients/typescript/medshare.ts';
import { FIELD_LABELS } from '../ui/format.ts';
import { BLOOD_TYPE_LABELS, SEX_LABELS } from './labels.ts';

const dayText = (day: number) => (day === 0 ? 'date not recorded' : isoDate(day));

function Group({ set, fields, children }: { set: number; fields: number; children: React.ReactNode }) {
  const withheld = (fields & set) === 0;
  return (
    <section className={withheld ? 'group withheld' : 'group'} aria-label={FIELD_LABELS[set]}>
      <h3>{FIELD_LABELS[set]}</h3>
      {withheld ? <p className="withheld-label">Withheld: not part of this disclosure</p> : children}
    </section>
  );
}

export function SummaryView({ summary, fields }: { summary: ClinicalSummary; fields: number }) {
  const allergies = ALLERGENS.filter((_, index) => summary.allergies[index]).map(({ name }) => name);
  return (
    <div className="summary" data-testid="summary">
      <Group set={FIELDS.demographics} fields={fields}>
        <dl>
          <dt>Birth date</dt>
          <dd>{summary.birthDay === 0 ? 'Not recorded' : isoDate(summary.birthDay)}</dd>
          <dt>Sex</dt>
          <dd>{SEX_LABELS[summary.sex]}</dd>
        </dl>
      </Group>
      <Group set={FIELDS.bloodType} fields={fields}>
        <p>{BLOOD_TYPE_LABELS[summary.bloodType]}</p>
      </Group>
      <Group set={FIELDS.vitals} fields={fields}>
        <dl>
          <dt>Weight</dt>
          <dd>{summary.weightDag === 0 ? 'Not recorded' : `${(summary.weightDag / 100).toFixed(2)} kg`}</dd>
          <dt>Height</dt>
          <dd>{summary.heightMm === 0 ? 'Not recorded' : `${(summary.heightMm / 10).toFixed(1)} cm`}</dd>
        </dl>
      </Group>
      <Group set={FIELDS.allergies} fields={fields}>
        <p>{allergies.length === 0 ? 'None recorded' : allergies.join(', ')}</p>
      </Group>
      <Group set={FIELDS.conditions} fields={fields}>
        {summary.conditions.length === 0 ? (
          <p>None recorded</p>
        ) : (
          <ul>
            {summary.conditions.map((condition) => (
              <li key={condition.code}>
                ICD-10 {icd10Text(condition.code)}, since {dayText(condition.onsetDay)}
              </li>
            ))}
          </ul>
        )}
      </Group>
      <Group set={FIELDS.medications} fields={fields}>
        {summary.medications.length === 0 ? (
          <p>None recorded</p>
        ) : (
          <ul>
            {summary.medications.map((medication) => (
              <li key={medication.rxcui}>
                RxNorm {medication.rxcui}, since {dayText(medication.startDay)}
              </li>
            ))}
          </ul>
        )}
      </Group>
    </div>
  );
}
