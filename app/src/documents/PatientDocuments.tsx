// The patient's documents: add one, see each with who added it and whether break-glass may have
// it, open one (its key disclosed to the patient's own key), and withdraw one, after a dialog
// that says what withdrawal cannot recall.

import type { PublicKey } from '@solana/web3.js';
import { useState } from 'react';
import type { DocumentStore } from '../../../clients/typescript/documentStore.ts';
import { type Document, documentsOf, sendDocumentKey, withdrawDocument } from '../../../clients/typescript/documents.ts';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { Table } from '../ui/Table.tsx';
import { date } from '../ui/format.ts';
import { useChainData } from '../ui/useChainData.ts';
import { AddDocument } from './AddDocument.tsx';
import { categoryOf, documentState } from './labels.ts';
import { useDocumentReceiver } from './receive.ts';
import { StoreSettingsForm } from './StoreSettingsForm.tsx';
import { TransferProgress } from './TransferProgress.tsx';
import { useStore } from './useStore.ts';

export function PatientDocuments({ medshare, encryptionKey }: { medshare: Medshare; encryptionKey: EncryptionKey }) {
  const { settings, setSettings, store } = useStore();
  return (
    <section className="card" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Your documents</h2>
      {store ? (
        <OwnDocuments medshare={medshare} encryptionKey={encryptionKey} store={store} />
      ) : (
        <StoreSettingsForm current={settings} onSaved={setSettings} />
      )}
    </section>
  );
}

function OwnDocuments({ medshare, encryptionKey, store }: { medshare: Medshare; encryptionKey: EncryptionKey; store: DocumentStore }) {
  const documents = useChainData(() => documentsOf(medshare), [medshare]);
  const [withdrawing, setWithdrawing] = useState<{ address: PublicKey; document: Document }>();
  const { transfer, action, receive } = useDocumentReceiver(medshare, encryptionKey, store);
  const open = (address: PublicKey) =>
    receive(() => sendDocumentKey(medshare, address, encryptionKey.public), 'Confirm in your wallet; the cluster then discloses the key to you…');
  return (
    <>
      <ErrorText error={documents.error} />
      {documents.data?.length === 0 && <p>No documents yet.</p>}
      {!!documents.data?.length && (
        <Table caption="Your documents" columns={['What', 'Added', 'Added by', 'Break-glass', 'State', 'Actions']}>
          {documents.data.map(({ publicKey, account }) => (
            <tr key={publicKey.toBase58()} data-testid="document-row">
              <td>{categoryOf(account)}</td>
              <td>{date(account.addedAt)}</td>
              <td>{account.uploader.equals(medshare.wallet) ? 'you' : <code>{account.uploader.toBase58()}</code>}</td>
              <td>{account.emergencyAccess ? 'may open' : 'may not'}</td>
              <td>{documentState(account)}</td>
              <td>
                {!account.withdrawnAt && (
                  <>
                    <button type="button" disabled={action.pending} onClick={() => open(publicKey)}>
                      Open<span className="visually-hidden"> the {categoryOf(account).toLowerCase()} of {date(account.addedAt)}</span>
                    </button>{' '}
                    <button type="button" onClick={() => setWithdrawing({ address: publicKey, document: account })}>
                      Withdraw<span className="visually-hidden"> the {categoryOf(account).toLowerCase()} of {date(account.addedAt)}</span>
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <TransferProgress transfer={transfer} />
      <ErrorText error={action.error} />
      <AddDocument medshare={medshare} store={store} patient={medshare.wallet} byPatient onAdded={documents.reload} />
      {withdrawing && (
        <ConfirmDialog
          title={`Withdraw the ${categoryOf(withdrawing.document).toLowerCase()}?`}
          confirm="Sign and withdraw"
          cancel="Keep it available"
          progress="Confirm the withdrawal in your wallet…"
          done="The document is withdrawn."
          act={() => withdrawDocument(medshare, withdrawing.address)}
          onClose={(withdrawn) => (setWithdrawing(undefined), withdrawn && documents.reload())}
        >
          <p>From now on the cluster discloses its key to no one, you included.</p>
          <p>
            <strong>Withdrawal cannot recall what was already disclosed:</strong> a provider who received the key may have kept the file. The
            encrypted file stays in the store, and the account stays for the receipts.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
