// Receiving a document whose key the cluster is disclosing: the key is checked against the
// account's commitment before anything is downloaded, and the blob's size and SHA-256 before
// anything is decrypted. The patient (their own key) and a provider (under a grant) differ only
// in how they ask for the key.

import type BN from 'bn.js';
import { useState } from 'react';
import type { DocumentStore } from '../../../clients/typescript/documentStore.ts';
import { fetchDocument, openDocumentKey } from '../../../clients/typescript/documents.ts';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { download } from '../ui/download.ts';
import { useAction } from '../ui/useAction.ts';
import { fileName } from './labels.ts';
import type { Transfer } from './TransferProgress.tsx';

/** Receives documents one at a time into the browser's downloads: the action's state and the download's progress. */
export function useDocumentReceiver(medshare: Medshare, key: EncryptionKey, store: DocumentStore) {
  const [transfer, setTransfer] = useState<Transfer>();
  const action = useAction();
  /** `request` asks for the key (what `asking` says while the wallet is open) and returns the disclosure's offset. */
  const receive = (request: () => Promise<BN>, asking: string) =>
    action
      .run(
        asking,
        async (report) => {
          const offset = await request();
          report('Waiting for the cluster, then downloading and checking the file…');
          const receipt = await medshare.awaitDisclosure(offset);
          if (!('delivered' in receipt.status) && !('deliveredAfter' in receipt.status)) {
            throw new Error('the cluster did not disclose the key: the document was withdrawn, or its key is not bound to it');
          }
          const opened = await openDocumentKey(medshare, offset, key);
          const progress = (done: number, total: number) => setTransfer({ what: 'Downloading the encrypted file', done, total });
          const content = await fetchDocument(opened, (digest) => store.get(digest, progress));
          download(fileName(opened.document, opened.address), 'application/octet-stream', content);
        },
        'The document is decrypted and saved.',
      )
      .finally(() => setTransfer(undefined));
  return { transfer, action, receive };
}
