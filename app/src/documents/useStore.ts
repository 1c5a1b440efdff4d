// The document store this browser is set up with, if any.

import { useMemo, useState } from 'react';
import { DocumentStore, type StoreSettings } from '../../../clients/typescript/documentStore.ts';
import { savedStore } from './storeSettings.ts';

export function useStore() {
  const [settings, setSettings] = useState<StoreSettings | undefined>(savedStore);
  const store = useMemo(() => settings && new DocumentStore(settings), [settings]);
  return { settings, setSettings, store };
}
