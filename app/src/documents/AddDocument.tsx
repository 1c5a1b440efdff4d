// Adding a file to a patient's documents: encrypted in this page under a fresh key, uploaded to
// the store with its progress shown, then its account written, the key sealed to the MXE. A
// patient also says whether break-glass may have it; a provider adds under a grant that covers
// documents.

import type { PublicKey } from '@solana/web3.js';
import { useId, useState } from 'react';
import type { DocumentStore } from '../../../clients/typescript/documentStore.ts';
import { CATEGORIES, type Category, addDocument } from '../../../clients/typescript/documents.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { CATEGORY_LABELS } from './labels.ts';
import { type Transfer, TransferProgress } from './TransferProgress.tsx';

interface AddDocumentProps {
  medshare: Medshare;
  store: DocumentStore;
  patient: PublicKey;
  /** Only a patient opens a document to break-glass. */
  byPatient: boolean;
  onAdded: () => void;
}

export function AddDocument({ medshare, store, patient, byPatient, onAdded }: AddDocumentProps) {
  const id = useId();
  const [file, setFile] = useState<File>();
  const [category, setCategory] = useState<Category>('labReport');
  const [emergency, setEmergency] = useState(false);
  const [transfer, setTransfer] = useState<Transfer>();
  const action = useAction();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return action.setError('Choose a file to add.');
    const added = await action.run(
      `Encrypting ${file.name} in this page…`,
      async (report) => {
        const content = new Uint8Array(await file.arrayBuffer());
        const put = async (digest: Uint8Array, blob: Uint8Array) => {
          report('Uploading the encrypted file…');
          await store.put(digest, blob, (done, total) => setTransfer({ what: 'Uploading the encrypted file', done, total }));
          report('Confirm the document in your wallet…');
        };
        return addDocument(medshare, patient, content, category, put, byPatient && emergency);
      },
      `${CATEGORY_LABELS[category]} added.`,
    );
    setTransfer(undefined);
    if (added) onAdded();
  };
  return (
    <form onSubmit={submit} aria-label="Add a document">
      <label htmlFor={`${id}-file`}>File</label>
      <input id={`${id}-file`} type="file" onChange={(event) => setFile(event.target.files?.[0])} />
      <label htmlFor={`${id}-category`}>What it is</label>
      <select id={`${id}-category`} value={category} onChange={(event) => setCategory(event.target.value as Category)}>
        {CATEGORIES.map((each) => (
          <option key={each} value={each}>
            {CATEGORY_LABELS[each]}
          </option>
        ))}
      </select>
      {byPatient && (
        <label className="check">
          <input type="checkbox" checked={emergency} onChange={(event) => setEmergency(event.target.checked)} /> A provider breaking the glass may open it
        </label>
      )}
      <TransferProgress transfer={transfer} />
      <button type="submit" disabled={action.pending}>
        Encrypt and add
      </button>
      <ErrorText error={action.error} />
    </form>
  );
}
