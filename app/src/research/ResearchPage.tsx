// The researcher's page: register a study, follow the ones this wallet registered, close them,
// reveal them and read their results.

import { useMemo } from 'react';
import { Studies } from '../../../clients/typescript/studies.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useChainData } from '../ui/useChainData.ts';
import { useMedshare } from '../wallet/useMedshare.ts';
import { RegisterStudy } from './RegisterStudy.tsx';
import { StudyCard } from './StudyCard.tsx';

export function ResearchPage() {
  const medshare = useMedshare()!;
  const studies = useMemo(() => new Studies(medshare), [medshare]);
  const mine = useChainData(async () => (await studies.all()).filter(({ study }) => study.researcher.equals(medshare.wallet)), [studies]);
  if (mine.data === undefined && !mine.error) return <p>Reading your studies…</p>;
  const list = mine.data ?? [];
  const nextId = list.reduce((most, { study }) => Math.max(most, study.id.toNumber()), 0) + 1;
  return (
    <>
      <section aria-labelledby="my-studies-heading">
        <h2 id="my-studies-heading">Your studies</h2>
        <ErrorText error={mine.error} />
        {list.length === 0 && <p>You have registered no study yet.</p>}
        {list.map(({ address, study }) => (
          <StudyCard key={address.toBase58()} studies={studies} address={address} study={study} onChanged={mine.reload} />
        ))}
      </section>
      <RegisterStudy studies={studies} nextId={nextId} onRegistered={mine.reload} />
    </>
  );
}
