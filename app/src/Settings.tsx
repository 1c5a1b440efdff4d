// The RPC URL the app talks to (localnet by default, devnet or a clinic's node by setting), and
// the indexer the compliance page reads from, if any.

import { useId, useState } from 'react';
import { DEFAULT_RPC, indexerUrl, saveSettings } from './settings.ts';
import { Dialog } from './ui/Dialog.tsx';
import { ErrorText } from './ui/ErrorText.tsx';

const isHttp = (text: string) => {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
};

export function Settings({ rpc }: { rpc: string }) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState(rpc);
  const [indexer, setIndexer] = useState(indexerUrl() ?? '');
  const [error, setError] = useState<string>();
  const id = useId();
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (!isHttp(url)) return setError('Enter an http:// or https:// URL, for example https://api.devnet.solana.com');
    if (indexer.trim() && !isHttp(indexer.trim())) return setError('Enter the indexer as an http:// or https:// URL, for example http://127.0.0.1:8990, or leave it empty');
    saveSettings(url, indexer.trim());
  };
  return (
    <>
      <button type="button" className="settings" onClick={() => setOpen(true)}>
        Settings <span className="hint">({new URL(rpc).host})</span>
      </button>
      <Dialog open={open} title="Settings" onClose={() => setOpen(false)}>
        <form onSubmit={save}>
          <label htmlFor={`${id}-rpc`}>Solana JSON-RPC URL</label>
          <input id={`${id}-rpc`} type="url" value={url} onChange={(event) => setUrl(event.target.value)} />
          <p className="hint">Default: {DEFAULT_RPC} (medshare localnet).</p>
          <label htmlFor={`${id}-indexer`}>Indexer URL (optional)</label>
          <input id={`${id}-indexer`} type="url" value={indexer} placeholder="http://127.0.0.1:8990" onChange={(event) => setIndexer(event.target.value)} />
          <p className="hint">The accounting of disclosures is read from this `medshare indexer` when set, from the chain&apos;s receipts otherwise.</p>
          <ErrorText error={error} />
          <div className="actions">
            <button type="submit">Save and reload</button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
