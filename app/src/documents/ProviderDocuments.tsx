// A provider's view of one patient's documents under its grant: fetch one (the key disclosed by
// the cluster and checked against its commitment before the download, the file's size and
// SHA-256 before decryption, every failure named), or add one when the grant covers documents.

import type { PublicKey } from '@solana/web3.js';
import { useId, useState } from 'react';
import type { DocumentStore } from '../../../clients/typescript/documentStore.ts';
import { documentsOf, requestDocumentKey } from '../../../clients/typescript/documents.ts';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { Table } from '../ui/Table.tsx';
import { date, parseAddress } from '../ui/format.ts';
import { useChainData } from '../ui/useChainData.ts';
import { AddDocument } from './AddDocument.tsx';
import { categoryOf, documentState } from './labels.ts';
import { useDocumentReceiver } from './receive.ts';
import { StoreSettingsForm } from './StoreSettingsForm.tsx';
import { TransferProgress } from './TransferProgress.tsx';
import { useStore } from './useStore.ts';

export function ProviderDocuments({ medshare, encryptionKey }: { medshare: Medshare; encryptionKey: EncryptionKey }) {
  const id = useId();
  const { settings, setSettings, store } = useStore();
  const [typed, setTyped] = useState('');
  const [patient, setPatient] = useState<PublicKey>();
  const [problem, setProblem] = useState<string>();
  const show = (event: React.FormEvent) => {
    event.preventDefault();
    const wallet = parseAddress(typed);
    setPatient(wallet);
    setProblem(wallet ? undefined : "Enter the patient's wallet address.");
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>A patient's documents</h2>
      {!store ? (
        <StoreSettingsForm current={settings} onSaved={setSettings} />
      ) : (
        <>
          <form onSubmit={show} aria-label="Show a patient's documents">
            <label htmlFor={`${id}-patient`}>Patient's wallet address</label>
            <input id={`${id}-patient`} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
            <button type="submit">Show documents</button>
          </form>
          <ErrorText error={problem} />
          {patient && <PatientDocumentList key={patient.toBase58()} medshare={medshare} encryptionKey={encryptionKey} patient={patient} store={store} />}
        </>
      )}
    </section>
  );
}

function PatientDocumentList({
  medshare,
  encryptionKey,
  patient,
  store,
}: { medshare: Medshare; encryptionKey: EncryptionKey; patient: PublicKey; store: DocumentStore }) {
  const documents = useChainData(() => documentsOf(medshare, patient), [medshare, patient]);
  const { transfer, action, receive } = useDocumentReceiver(medshare, encryptionKey, store);
  const fetchOne = (address: PublicKey) =>
    receive(() => requestDocumentKey(medshare, address), 'Confirm the request in your wallet; the cluster then discloses the key to you…');
  return (
    <>
      <ErrorText error={documents.error} />
      {documents.data?.length === 0 && <p>This patient has no documents.</p>}
      {!!documents.data?.length && (
        <Table caption="The patient's documents" columns={['What', 'Added', 'State', '']}>
          {documents.data.map(({ publicKey, account }) => (
            <tr key={publicKey.toBase58()} data-testid="document-row">
              <td>{categoryOf(account)}</td>
              <td>{date(account.addedAt)}</td>
              <td>{documentState(account)}</td>
              <td>
                <button type="button" disabled={action.pending} onClick={() => fetchOne(publicKey)}>
                  Fetch<span className="visually-hidden"> the {categoryOf(account).toLowerCase()} of {date(account.addedAt)}</span>
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <TransferProgress transfer={transfer} />
      <ErrorText error={action.error} />
      <h3>Add a document under your grant</h3>
      <AddDocument medshare={medshare} store={store} patient={patient} byPatient={false} onAdded={documents.reload} />
    </>
  );
}
