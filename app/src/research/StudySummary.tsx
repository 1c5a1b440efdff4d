// A study in plain words, the same for the patient deciding to join, the researcher and the
// authority approving it: what it counts, what it publishes and how small counts are protected.

import { bytesToHex } from '@noble/hashes/utils';
import type { PublicKey } from '@solana/web3.js';
import { ALLERGENS, isoDate } from '../../../clients/typescript/record.ts';
import { categoryText } from '../../../clients/typescript/studyCells.ts';
import { type Study, icd10PrefixText, studyStatus } from '../../../clients/typescript/studies.ts';
import { dateTime } from '../ui/format.ts';

const SEXES = ['unknown', 'male', 'female', 'other'];

export const STATUS_LABELS: Record<string, string> = {
  proposed: 'Waiting for approval',
  approved: 'Approved: enrolling',
  closed: 'Closed to new participants',
  revealing: 'Revealing',
  revealed: 'Revealed',
  disputed: 'Disputed: the reveal does not match the chain',
};

/** Who the study counts, in one sentence. */
export function whoIsCounted(study: Study): string {
  const { criteria } = study;
  const prefix = icd10PrefixText(criteria);
  const diagnosis = prefix ? `whose record holds a diagnosis code beginning ${prefix}` : 'whatever their diagnoses';
  const sexes = SEXES.filter((_, sex) => (criteria.sexes >> sex) & 1);
  const sex = sexes.length === SEXES.length ? 'of any sex' : `of sex ${sexes.join(' or ')}`;
  return `Participants ${diagnosis}, ${sex}, ${birthWords(criteria.bornFrom, criteria.bornUntil)}.`;
}

/** Birth days 0 (none recorded) to 0xffff (the last day) bound nothing. */
function birthWords(from: number, until: number): string {
  const unknown = from === 0 ? ', or with no birth date recorded' : '';
  if (until === 0xffff) return from === 0 ? 'born any day, or with no birth date recorded' : `born on or after ${isoDate(from)}`;
  return from <= 1 ? `born on or before ${isoDate(until)}${unknown}` : `born ${isoDate(from)} to ${isoDate(until)}`;
}

/** What the reveal publishes, in one sentence. */
export function whatIsPublished(study: Study): string {
  const { criteria } = study;
  const watched = [
    ...criteria.medications.filter((code) => code !== 0).map((code) => `taking RxNorm ${code}`),
    ...criteria.categories.filter((code) => code !== 0).map((code) => `with a condition in ${categoryText(code)}`),
  ];
  const counts = ['how many take part', 'how many of them match', 'those by sex and by age band', ...watched, `each of ${ALLERGENS.length} allergies`];
  return `Counts only, never a record: ${counts.join(', ')}.`;
}

export function noiseWords(study: Study): string {
  return study.epsilonMilli === 0
    ? 'None: exact counts, each published only if at least k people stand behind it and behind the rest.'
    : `Random noise added inside the cluster, epsilon ${study.epsilonMilli / 1000} for the whole reveal, on top of the k rule.`;
}

export function StudySummary({ address, study }: { address: PublicKey; study: Study }) {
  return (
    <dl className="facts" data-testid="study-summary">
      <dt>Study</dt>
      <dd>
        <code>{address.toBase58()}</code>, number {study.id.toString()} of researcher <code>{study.researcher.toBase58()}</code>
      </dd>
      <dt>Status</dt>
      <dd data-testid="study-status">{STATUS_LABELS[studyStatus(study)]}</dd>
      <dt>Who is counted</dt>
      <dd>{whoIsCounted(study)}</dd>
      <dt>What is published</dt>
      <dd>{whatIsPublished(study)}</dd>
      <dt>Smallest published count (k)</dt>
      <dd>
        {study.k}: a smaller count, or a count that leaves fewer than {study.k} on the other side, is withheld with its whole breakdown. At least{' '}
        {study.minParticipants} participants are needed before anything is revealed.
      </dd>
      <dt>Noise</dt>
      <dd>{noiseWords(study)}</dd>
      <dt>Enrolment</dt>
      <dd>
        {dateTime(study.enrolFrom)} to {dateTime(study.enrolUntil)}; {study.participants} taking part now
      </dd>
      <dt>Protocol (SHA-256)</dt>
      <dd>
        <code className="hash">{bytesToHex(Uint8Array.from(study.protocolHash))}</code>
      </dd>
    </dl>
  );
}
