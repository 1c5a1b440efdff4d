// Registering a study: who it counts (a diagnosis prefix, sexes, birth dates), what it watches
// (medications, condition categories), how small counts are protected (k, noise) and the
// protocol patients consent to, whose SHA-256 the study commits to. It then waits for the
// access configuration's authority to approve it.

import { bytesToHex } from '@noble/hashes/utils';
import BN from 'bn.js';
import { useEffect, useId, useState } from 'react';
import { day } from '../../../clients/typescript/record.ts';
import { EPSILON_MILLI, type StudyCriteria, type Studies, epsilonMilli, icd10Category, icd10Prefix, protocolHash } from '../../../clients/typescript/studies.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';

const SEXES = ['Unknown', 'Male', 'Female', 'Other'];
const DEFAULT_CUTOFFS = ['1946-01-01', '1961-01-01', '1986-01-01', '2008-01-01'];

/** Up to four codes separated by commas, each read by `parse`; zeros fill the unused slots. */
function watched(text: string, what: string, parse: (code: string) => number): number[] {
  const codes = text.split(',').map((code) => code.trim()).filter(Boolean);
  if (codes.length > 4) throw new Error(`At most 4 ${what} can be watched.`);
  return [...codes.map(parse), 0, 0, 0, 0].slice(0, 4);
}

function rxnorm(code: string): number {
  const value = Number(code);
  if (!/^\d+$/.test(code) || value < 1 || value > 0xffff_ffff) throw new Error(`${code} is not an RxNorm concept number.`);
  return value;
}

function category(code: string): number {
  if (!/^[A-Za-z][0-9][0-9A-Za-z]$/.test(code)) throw new Error(`${code} is not a 3-character ICD-10 category such as I10.`);
  return icd10Category(code);
}

export function RegisterStudy({ studies, nextId, onRegistered }: { studies: Studies; nextId: number; onRegistered: () => void }) {
  const id = useId();
  const [number, setNumber] = useState(String(nextId));
  const [diagnosis, setDiagnosis] = useState('');
  const [sexes, setSexes] = useState(0b1111);
  const [bornFrom, setBornFrom] = useState('');
  const [bornUntil, setBornUntil] = useState('');
  const [cutoffs, setCutoffs] = useState(DEFAULT_CUTOFFS);
  const [medications, setMedications] = useState('');
  const [categories, setCategories] = useState('');
  const [k, setK] = useState('10');
  const [minimum, setMinimum] = useState('20');
  const [noise, setNoise] = useState(true);
  const [epsilon, setEpsilon] = useState('1');
  const [days, setDays] = useState('30');
  const [protocol, setProtocol] = useState('');
  const [hash, setHash] = useState<number[]>();
  const [problem, setProblem] = useState<string>();
  const action = useAction();
  useEffect(() => setNumber(String(nextId)), [nextId]);
  useEffect(() => {
    protocolHash(new TextEncoder().encode(protocol)).then(setHash);
  }, [protocol]);

  /** The study as the program takes it, or an error naming the field to fix. */
  const read = (): { criteria: StudyCriteria; terms: Parameters<Studies['register']>[2]; studyId: BN } => {
    if (!/^\d+$/.test(number)) throw new Error('The study number must be a whole number.');
    const prefix = diagnosis.trim();
    if (!/^([A-Za-z][0-9A-Za-z.]{0,6})?$/.test(prefix)) throw new Error('The diagnosis must be the start of an ICD-10 code, such as E11, or empty for any.');
    if (sexes === 0) throw new Error('Choose at least one sex to count.');
    const cutoffDays = cutoffs.map(day);
    if (cutoffDays.some((cutoff, i) => !Number.isFinite(cutoff) || (i > 0 && cutoff <= cutoffDays[i - 1]))) {
      throw new Error('The four age band boundaries must be dates, each after the one before.');
    }
    const kValue = Number(k);
    const minimumValue = Number(minimum);
    if (!Number.isInteger(kValue) || kValue < 2) throw new Error('k must be a whole number of at least 2.');
    if (!Number.isInteger(minimumValue) || minimumValue < kValue) throw new Error('The minimum number of participants must be at least k.');
    const enrolDays = Number(days);
    if (!(enrolDays > 0)) throw new Error('Enrolment must last some days.');
    if (!protocol.trim()) throw new Error('Write the protocol patients consent to: its SHA-256 is what they join under.');
    let milli = 0;
    if (noise) {
      try {
        milli = epsilonMilli({ epsilon: Number(epsilon) });
      } catch {
        throw new Error(`Epsilon must be from ${EPSILON_MILLI.least / 1000} to ${EPSILON_MILLI.most / 1000}, or choose no noise.`);
      }
    }
    const now = Math.floor(Date.now() / 1000);
    return {
      studyId: new BN(number),
      criteria: {
        ...icd10Prefix(prefix),
        sexes,
        bornFrom: bornFrom ? day(bornFrom) : 0,
        bornUntil: bornUntil ? day(bornUntil) : 0xffff,
        ageCutoffs: cutoffDays,
        medications: watched(medications, 'medications', rxnorm),
        categories: watched(categories, 'categories', category),
      },
      terms: { protocolHash: hash!, k: kValue, epsilonMilli: milli, minParticipants: minimumValue, enrolFrom: new BN(now - 60), enrolUntil: new BN(now + Math.round(enrolDays * 86_400)) },
    };
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    let study: ReturnType<typeof read>;
    try {
      study = read();
    } catch (failure) {
      return setProblem((failure as Error).message);
    }
    setProblem(undefined);
    const done = await action.run(
      'Confirm the registration in your wallet…',
      async () => (await studies.register(study.studyId, study.criteria, study.terms), true),
      `Study ${study.studyId.toString()} is registered; it waits for the authority's approval.`,
    );
    if (done) onRegistered();
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Register a study</h2>
      <form onSubmit={submit} aria-label="Register a study">
        <label htmlFor={`${id}-number`}>Study number</label>
        <input id={`${id}-number`} inputMode="numeric" value={number} onChange={(event) => setNumber(event.target.value)} />
        <fieldset>
          <legend>Who is counted</legend>
          <label htmlFor={`${id}-diagnosis`}>Diagnosis code begins with (empty: any)</label>
          <input id={`${id}-diagnosis`} value={diagnosis} onChange={(event) => setDiagnosis(event.target.value)} autoComplete="off" />
          {SEXES.map((sex, bit) => (
            <label key={sex} className="check">
              <input type="checkbox" checked={((sexes >> bit) & 1) === 1} onChange={(event) => setSexes(event.target.checked ? sexes | (1 << bit) : sexes & ~(1 << bit))} /> Sex {sex.toLowerCase()}
            </label>
          ))}
          <label htmlFor={`${id}-from`}>Born from (empty: any)</label>
          <input id={`${id}-from`} type="date" value={bornFrom} onChange={(event) => setBornFrom(event.target.value)} />
          <label htmlFor={`${id}-until`}>Born until (empty: any)</label>
          <input id={`${id}-until`} type="date" value={bornUntil} onChange={(event) => setBornUntil(event.target.value)} />
        </fieldset>
        <fieldset>
          <legend>Age bands: boundaries between the five bands</legend>
          {cutoffs.map((cutoff, i) => (
            <span key={i}>
              <label htmlFor={`${id}-cutoff-${i}`}>Boundary {i + 1}</label>
              <input
                id={`${id}-cutoff-${i}`}
                type="date"
                value={cutoff}
                onChange={(event) => setCutoffs(cutoffs.map((old, j) => (j === i ? event.target.value : old)))}
              />
            </span>
          ))}
        </fieldset>
        <fieldset>
          <legend>What is watched among those counted</legend>
          <label htmlFor={`${id}-medications`}>Medications: up to 4 RxNorm concept numbers, separated by commas</label>
          <input id={`${id}-medications`} value={medications} onChange={(event) => setMedications(event.target.value)} autoComplete="off" />
          <label htmlFor={`${id}-categories`}>Condition categories: up to 4 ICD-10 categories, separated by commas</label>
          <input id={`${id}-categories`} value={categories} onChange={(event) => setCategories(event.target.value)} autoComplete="off" />
        </fieldset>
        <fieldset>
          <legend>Protection of small counts</legend>
          <label htmlFor={`${id}-k`}>Smallest published count (k)</label>
          <input id={`${id}-k`} inputMode="numeric" value={k} onChange={(event) => setK(event.target.value)} />
          <label htmlFor={`${id}-minimum`}>Minimum participants before the reveal</label>
          <input id={`${id}-minimum`} inputMode="numeric" value={minimum} onChange={(event) => setMinimum(event.target.value)} />
          <label className="check">
            <input type="radio" name={`${id}-noise`} checked={noise} onChange={() => setNoise(true)} /> Add noise
          </label>
          <label className="check">
            <input type="radio" name={`${id}-noise`} checked={!noise} onChange={() => setNoise(false)} /> No noise: exact counts
          </label>
          {noise && (
            <>
              <label htmlFor={`${id}-epsilon`}>Epsilon for the whole reveal (0.01 to 10; smaller hides more)</label>
              <input id={`${id}-epsilon`} inputMode="decimal" value={epsilon} onChange={(event) => setEpsilon(event.target.value)} />
            </>
          )}
        </fieldset>
        <label htmlFor={`${id}-days`}>Enrolment lasts (days from now)</label>
        <input id={`${id}-days`} inputMode="decimal" value={days} onChange={(event) => setDays(event.target.value)} />
        <label htmlFor={`${id}-protocol`}>Protocol patients consent to</label>
        <textarea id={`${id}-protocol`} rows={4} value={protocol} onChange={(event) => setProtocol(event.target.value)} />
        {hash && (
          <p className="hint">
            SHA-256 committed to: <code className="hash">{bytesToHex(Uint8Array.from(hash))}</code>
          </p>
        )}
        <ErrorText error={problem} />
        <button type="submit" disabled={action.pending}>
          Register study
        </button>
      </form>
      <ErrorText error={action.error} />
    </section>
  );
}
