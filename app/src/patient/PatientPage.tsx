// The patient's page: unlock the key, see and edit the record, grant, narrow and revoke, read
// who received what, send attestations about them, read and answer eligibility questions, join
// studies, and rotate the key.

import { useState } from 'react';
import type { ClinicalSummary } from '../../../clients/typescript/record.ts';
import { ALL_FIELDS, type EncryptionKey, type Medshare } from '../../../clients/typescript/medshare.ts';
import type { WalletKeys } from '../../../clients/typescript/walletKey.ts';
import { SummaryView } from '../record/SummaryView.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';
import { KeyPanel } from '../wallet/KeyPanel.tsx';
import { useEncryptionKey } from '../wallet/useEncryptionKey.ts';
import { useMedshare } from '../wallet/useMedshare.ts';
import { AccessHistory } from './AccessHistory.tsx';
import { CloseRecord } from './CloseRecord.tsx';
import { PatientDocuments } from '../documents/PatientDocuments.tsx';
import { Attestations } from './Attestations.tsx';
import { ConsentForm } from './ConsentForm.tsx';
import { GrantList } from './GrantList.tsx';
import { RecordEditor } from './RecordEditor.tsx';
import { RotateKey } from './RotateKey.tsx';
import { Questions } from './Questions.tsx';
import { StudiesSection } from './StudiesSection.tsx';

export function PatientPage() {
  const medshare = useMedshare()!;
  const record = useChainData(() => medshare.record(), [medshare]);
  const encryption = useEncryptionKey();
  const [grantsRound, setGrantsRound] = useState(0);
  // Only before the first answer: a reload (the wallet adapter renews its state after a sign-in)
  // must not unmount the key panel and what it shows.
  if (record.data === undefined && !record.error) return <p>Reading your record…</p>;
  if (record.error) return <ErrorText error={record.error} />;
  const published = record.data ? Uint8Array.from(record.data.encryptionKey) : undefined;
  const { state } = encryption;
  return (
    <>
      <KeyPanel
        encryption={encryption}
        published={published}
        what="your record"
        withoutFile="Your wallet's key cannot open the record stored under the old key; you can write a new record in its place."
      />
      {state.status === 'ready' && (
        <>
          <RecordSection medshare={medshare} encryptionKey={state.key} exists={!!record.data} version={record.data?.version.toString()} onStored={record.reload} />
          {record.data && (
            <>
              <ConsentForm medshare={medshare} onGranted={() => setGrantsRound((n) => n + 1)} />
              <GrantList medshare={medshare} round={grantsRound} onClosed={record.reload} />
              <AccessHistory medshare={medshare} />
              <PatientDocuments medshare={medshare} encryptionKey={state.key} />
              <Attestations medshare={medshare} />
              <Questions medshare={medshare} />
              <StudiesSection medshare={medshare} />
              <RotateKey
                medshare={medshare}
                current={state.key}
                next={nextKey(state.keys, state.generation)}
                onRotated={(keys, generation) => {
                  encryption.adoptGeneration(keys, generation);
                  record.reload();
                }}
              />
              <CloseRecord medshare={medshare} grants={record.data.grants} onClosed={record.reload} />
            </>
          )}
        </>
      )}
    </>
  );
}

const nextKey = (keys: WalletKeys, generation: number | undefined) => ({ keys, generation: (generation ?? 0) + 1 });

function RecordSection({
  medshare,
  encryptionKey,
  exists,
  version,
  onStored,
}: {
  medshare: Medshare;
  encryptionKey: EncryptionKey;
  exists: boolean;
  version?: string;
  onStored: () => void;
}) {
  const summary = useChainData(() => (exists ? medshare.openOwnRecord(encryptionKey) : Promise.resolve(undefined)), [medshare, encryptionKey, exists, version]);
  const [editing, setEditing] = useState(false);
  const save = useAction();
  const store = async (next: ClinicalSummary) => {
    const done = await save.run('Encrypting your record; confirm in your wallet…', async () => {
      await medshare.storeRecord(encryptionKey, next);
      return true;
    }, 'Your record is encrypted and stored.');
    if (done) {
      setEditing(false);
      onStored();
    }
  };
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading">Your record{version && <span className="hint"> (version {version})</span>}</h2>
      {!exists && !editing && <p>You have no record yet. Fill in the form, or start from a FHIR file your clinic gave you.</p>}
      {summary.error && !editing && (
        <>
          <ErrorText error={`Your record cannot be opened with this key: ${summary.error}`} />
          <button type="button" onClick={() => setEditing(true)}>
            Write a new record under this key
          </button>
        </>
      )}
      {/* A new version is decrypted before it is shown: the previous one never appears under its heading. */}
      {exists && !editing && summary.loading && <p>Decrypting your record…</p>}
      {exists && !editing && !summary.loading && summary.data && (
        <>
          <SummaryView summary={summary.data} fields={ALL_FIELDS} />
          <button type="button" onClick={() => setEditing(true)}>
            Edit record
          </button>
        </>
      )}
      {(editing || !exists) && (
        <RecordEditor initial={summary.data} onSave={store} onCancel={exists ? () => setEditing(false) : undefined} pending={save.pending} />
      )}
      <ErrorText error={save.error} />
    </section>
  );
}
