// Research studies a patient can join: each says in plain words whom it counts, what it
// publishes and how small counts are protected, before the wallet prompt. Joining hands the
// record to the cluster by reference; only counts ever leave it. Leaving is allowed until the
// reveal, and is final for that study.

import type { PublicKey } from '@solana/web3.js';
import { useMemo } from 'react';
import { variant } from '../../../clients/typescript/audit.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { type Study, type StudyMembership, Studies, enrolling, studyStatus } from '../../../clients/typescript/studies.ts';
import { StudySummary } from '../research/StudySummary.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

const MEMBERSHIP_WORDS: Record<string, string> = {
  joining: 'Your record is being counted by the cluster.',
  counted: 'Your record is counted in this study.',
  leaving: 'The cluster is taking your record back out.',
  left: 'You left this study; your record is no longer counted, and you cannot join it again.',
  notCounted: 'Your last join was not completed; nothing of yours is counted. You may join again.',
  notBound: 'The cluster refused your record as not bound to you; this study will not take it.',
};

export function StudiesSection({ medshare }: { medshare: Medshare }) {
  const studies = useMemo(() => new Studies(medshare), [medshare]);
  const list = useChainData(async () => {
    const now = Date.now() / 1000;
    const all = await studies.all();
    const withMembership = await Promise.all(all.map(async (entry) => ({ ...entry, membership: await studies.membership(entry.address) })));
    return withMembership.filter(({ study, membership }) => membership !== null || enrolling(study, now));
  }, [studies]);
  return (
    <section className="card" aria-labelledby="studies-heading">
      <h2 id="studies-heading">Research studies</h2>
      <p>
        A study counts records inside the cluster; no researcher ever sees a record, only the counts the rule below lets out. You
        can leave until the study is revealed.
      </p>
      <ErrorText error={list.error} />
      {list.data?.length === 0 && <p>No study is enrolling now.</p>}
      {list.data?.map(({ address, study, membership }) => (
        <StudyOffer key={address.toBase58()} studies={studies} address={address} study={study} membership={membership} onChanged={list.reload} />
      ))}
    </section>
  );
}

function StudyOffer({
  studies,
  address,
  study,
  membership,
  onChanged,
}: { studies: Studies; address: PublicKey; study: Study; membership: StudyMembership | null; onChanged: () => void }) {
  const action = useAction();
  const member = membership ? variant(membership.status) : undefined;
  const status = studyStatus(study);
  const canJoin = enrolling(study, Date.now() / 1000) && (member === undefined || member === 'notCounted');
  const canLeave = member === 'counted' && (status === 'approved' || status === 'closed');
  const join = () =>
    action.run(
      'Confirm in your wallet; the cluster then counts your record (a few seconds)…',
      async () => (await studies.join(address, study.protocolHash), onChanged()),
      `You joined study ${study.id.toString()}.`,
    );
  const leave = () =>
    action.run(
      'Confirm in your wallet; the cluster then takes your record back out…',
      async () => (await studies.leave(address), onChanged()),
      `You left study ${study.id.toString()}.`,
    );
  return (
    <article aria-label={`Study ${study.id.toString()}`}>
      <h3>Study {study.id.toString()}</h3>
      <StudySummary address={address} study={study} />
      {member && <p data-testid="membership">{MEMBERSHIP_WORDS[member]}</p>}
      {canJoin && (
        <p>
          Joining counts your record under the protocol above. Your record stays encrypted; it is read inside the cluster and
          added to counts.{' '}
          <button type="button" disabled={action.pending} onClick={join}>
            Join this study
          </button>
        </p>
      )}
      {canLeave && (
        <p>
          Leaving takes your record back out of the counts before the reveal; you cannot join this study again.{' '}
          <button type="button" disabled={action.pending} onClick={leave}>
            Leave this study
          </button>
        </p>
      )}
      <ErrorText error={action.error} />
    </article>
  );
}
