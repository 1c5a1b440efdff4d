// Which S3-compatible store this browser keeps document blobs in: saved in this browser only,
// credentials included, since the page has no server of its own to hold them.

import type { StoreSettings } from '../../../clients/typescript/documentStore.ts';

const STORAGE_KEY = 'medshare.store';

/** `medshare store serve`'s defaults on this machine. */
export const LOCAL_STORE: StoreSettings = {
  endpoint: 'http://127.0.0.1:9000',
  bucket: 'medshare-documents',
  region: 'us-east-1',
  accessKeyId: '',
  secretAccessKey: '',
};

export function savedStore(): StoreSettings | undefined {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved ? { ...LOCAL_STORE, ...JSON.parse(saved) } : undefined;
}

export function saveStore(settings: StoreSettings): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
}
