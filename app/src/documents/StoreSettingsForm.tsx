// The document store's endpoint, bucket and credentials, asked for once and kept in this
// browser; the page says where they are kept.

import { useId, useState } from 'react';
import type { StoreSettings } from '../../../clients/typescript/documentStore.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { LOCAL_STORE, saveStore } from './storeSettings.ts';

const FIELDS: { key: keyof StoreSettings; label: string; secret?: boolean }[] = [
  { key: 'endpoint', label: 'Store endpoint' },
  { key: 'bucket', label: 'Bucket' },
  { key: 'region', label: 'Region' },
  { key: 'accessKeyId', label: 'Access key ID' },
  { key: 'secretAccessKey', label: 'Secret access key', secret: true },
];

export function StoreSettingsForm({ current, onSaved }: { current?: StoreSettings; onSaved: (settings: StoreSettings) => void }) {
  const id = useId();
  const [settings, setSettings] = useState<StoreSettings>(current ?? LOCAL_STORE);
  const [problem, setProblem] = useState<string>();
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    try {
      if (!/^https?:$/.test(new URL(settings.endpoint).protocol)) throw new Error();
    } catch {
      return setProblem('Enter the store endpoint as an http:// or https:// URL, for example http://127.0.0.1:9000 for medshare store serve.');
    }
    const missing = FIELDS.find(({ key }) => !settings[key].trim());
    if (missing) return setProblem(`Enter the ${missing.label.toLowerCase()}.`);
    setProblem(undefined);
    saveStore(settings);
    onSaved(settings);
  };
  return (
    <form onSubmit={save} aria-label="Document store">
      <p className="hint">
        Documents are encrypted in this page and kept in an S3-compatible store, such as <code>medshare store serve</code> on this
        machine or your clinic's. These settings, the secret included, are saved in this browser only.
      </p>
      {FIELDS.map(({ key, label, secret }) => (
        <span key={key}>
          <label htmlFor={`${id}-${key}`}>{label}</label>
          <input
            id={`${id}-${key}`}
            type={secret ? 'password' : 'text'}
            autoComplete="off"
            value={settings[key]}
            onChange={(event) => setSettings({ ...settings, [key]: event.target.value })}
          />
        </span>
      ))}
      <ErrorText error={problem} />
      <button type="submit">Save store settings</button>
    </form>
  );
}
