// Receiving a document whose key the cluster is disclosing: the key is checked against the
// account's commitment before anything is downloaded, and the blob's size and SHA-256 before
// anything is decrypted.

import type BN from 'bn.js';
import type { DocumentStore, Progress } from '../../../clients/typescript/documentStore.ts';
import { fetchDocument, openDocumentKey } from '../../../clients/typescript/documents.ts';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { download } from '../ui/download.ts';
import { fileName } from './labels.ts';

export async function receiveDocument(medshare: Medshare, offset: BN, key: EncryptionKey, store: DocumentStore, progress: Progress): Promise<void> {
  const receipt = await medshare.awaitDisclosure(offset);
  if (!('delivered' in receipt.status) && !('deliveredAfter' in receipt.status)) {
    throw new Error('the cluster did not disclose the key: the document was withdrawn, or its key is not bound to it');
  }
  const opened = await openDocumentKey(medshare, offset, key);
  const content = await fetchDocument(opened, (digest) => store.get(digest, progress));
  download(fileName(opened.document, opened.address), 'application/octet-stream', content);
}
