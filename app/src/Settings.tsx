// The RPC URL the app talks to: localnet by default, devnet or a clinic's node by setting.

import { useId, useState } from 'react';
import { DEFAULT_RPC, saveRpcUrl } from './settings.ts';
import { Dialog } from './ui/Dialog.tsx';
import { ErrorText } from './ui/ErrorText.tsx';

export function Settings({ rpc }: { rpc: string }) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState(rpc);
  const [error, setError] = useState<string>();
  const id = useId();
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    try {
      if (!/^https?:$/.test(new URL(url).protocol)) throw new Error();
    } catch {
      return setError('Enter an http:// or https:// URL, for example https://api.devnet.solana.com');
    }
    saveRpcUrl(url);
  };
  return (
    <>
      <button type="button" className="settings" onClick={() => setOpen(true)}>
        Settings <span className="hint">({new URL(rpc).host})</span>
      </button>
      <Dialog open={open} title="Settings" onClose={() => setOpen(false)}>
        <form onSubmit={save}>
          <label htmlFor={id}>Solana JSON-RPC URL</label>
          <input id={id} type="url" value={url} onChange={(event) => setUrl(event.target.value)} />
          <p className="hint">Default: {DEFAULT_RPC} (medshare localnet).</p>
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
