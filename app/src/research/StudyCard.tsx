// One of the researcher's studies: its summary, closing it to new participants, its one reveal,
// and the results once revealed.

import type { PublicKey } from '@solana/web3.js';
import { type Studies, type Study, studyStatus } from '../../../clients/typescript/studies.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { StudyResults } from './StudyResults.tsx';
import { StudySummary } from './StudySummary.tsx';

export function StudyCard({ studies, address, study, onChanged }: { studies: Studies; address: PublicKey; study: Study; onChanged: () => void }) {
  const action = useAction();
  const status = studyStatus(study);
  const enrolmentOver = status === 'closed' || (status === 'approved' && Date.now() / 1000 > study.enrolUntil.toNumber());
  const close = () =>
    action.run('Confirm closing the study in your wallet…', async () => (await studies.close(address), onChanged()), 'The study is closed to new participants.');
  const reveal = () =>
    action.run(
      'Confirm the reveal in your wallet; the cluster then computes the published counts…',
      async () => (await studies.reveal(address), onChanged()),
      'The study is revealed.',
    );
  return (
    <article className="card" aria-label={`Study ${study.id.toString()}`}>
      <h3>Study {study.id.toString()}</h3>
      <StudySummary address={address} study={study} />
      {status === 'approved' && (
        <p>
          Closing ends enrolment now; participants can still leave until the reveal.{' '}
          <button type="button" disabled={action.pending} onClick={close}>
            Close to new participants
          </button>
        </p>
      )}
      {enrolmentOver && (
        <p>
          The reveal happens once and is final: the cluster publishes the counts the rule allows, and no one can join or leave afterwards.{' '}
          {study.participants < study.minParticipants ? (
            <span>
              It needs at least {study.minParticipants} participants; {study.participants} take part.
            </span>
          ) : (
            <button type="button" disabled={action.pending} onClick={reveal}>
              Reveal the results
            </button>
          )}
        </p>
      )}
      <ErrorText error={action.error} />
      {(status === 'revealed' || status === 'disputed') && <StudyResults study={study} />}
    </article>
  );
}
