// The access configuration's authority: approves the studies researchers proposed, accredits
// the providers who may attest, keeps the break-glass list and hands over to a successor. Only
// the authority's wallet sees the actions; a named successor sees how to accept; anyone else is
// told whose wallet this page is for.

import { useMemo } from 'react';
import { Studies, studyStatus } from '../../../clients/typescript/studies.ts';
import { StudySummary } from '../research/StudySummary.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';
import { useMedshare } from '../wallet/useMedshare.ts';
import { Accreditations } from './Accreditations.tsx';
import { BreakGlassList } from './BreakGlassList.tsx';
import { AcceptHandover, Handover } from './Handover.tsx';

export function AuthorityPage() {
  const medshare = useMedshare()!;
  const studies = useMemo(() => new Studies(medshare), [medshare]);
  const config = useChainData(() => medshare.accessConfig(), [medshare]);
  const proposed = useChainData(async () => (await studies.all()).filter(({ study }) => studyStatus(study) === 'proposed'), [studies]);
  const action = useAction();
  if (config.data === undefined && !config.error) return <p>Reading the access configuration…</p>;
  if (config.error) return <ErrorText error={config.error} />;
  if (!config.data) return <p>This deployment has no access configuration yet.</p>;
  const authority = config.data.authority;
  if (!authority.equals(medshare.wallet)) {
    if (config.data.pendingAuthority?.equals(medshare.wallet)) return <AcceptHandover medshare={medshare} onAccepted={config.reload} />;
    return (
      <p>
        This page is for the access configuration's authority, <code>{authority.toBase58()}</code>. Your wallet is not that authority.
      </p>
    );
  }
  return (
    <>
      <section aria-labelledby="proposed-heading">
        <h2 id="proposed-heading">Studies waiting for approval</h2>
        <p>Approving lets patients join during the study's enrolment window. Read what it counts and publishes first.</p>
        <ErrorText error={proposed.error} />
        {proposed.data?.length === 0 && <p>No study is waiting.</p>}
        {proposed.data?.map(({ address, study }) => (
          <article className="card" key={address.toBase58()} aria-label={`Study ${study.id.toString()}`}>
            <h3>Study {study.id.toString()}</h3>
            <StudySummary address={address} study={study} />
            <button
              type="button"
              disabled={action.pending}
              onClick={() => action.run('Confirm the approval in your wallet…', async () => (await studies.approve(address), proposed.reload()), `Study ${study.id.toString()} is approved.`)}
            >
              Approve study {study.id.toString()}
            </button>
          </article>
        ))}
        <ErrorText error={action.error} />
      </section>
      <Accreditations medshare={medshare} />
      <BreakGlassList medshare={medshare} listed={config.data.emergencyProviders} onChanged={config.reload} />
      <Handover medshare={medshare} pending={config.data.pendingAuthority} onChanged={config.reload} />
    </>
  );
}
