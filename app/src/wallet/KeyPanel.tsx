// Unlocking the encryption key: one wallet signature (two when no key of this wallet is on chain
// yet), and where the key on chain is not the wallet's, the import of a `medshare keys new` file.

import { useId, useState } from 'react';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { siteDomain, type useEncryptionKey } from './useEncryptionKey.ts';

interface KeyPanelProps {
  encryption: ReturnType<typeof useEncryptionKey>;
  published: Uint8Array | undefined;
  what: string;
  /** What going on without the key file costs, in one sentence. */
  withoutFile: string;
}

export function KeyPanel(props: KeyPanelProps) {
  const { encryption, published, what } = props;
  const action = useAction();
  const { state } = encryption;
  if (state.status === 'ready') return null;
  if (state.status === 'mismatch') return <ImportKeyFile {...props} />;
  const first = !published;
  const domain = siteDomain();
  return (
    <section className="card" aria-labelledby="key-heading">
      <h2 id="key-heading">Unlock your encryption key</h2>
      {encryption.checksSite ? (
        <p>
          Your wallet derives the key that encrypts {what} by signing in to <strong>{domain}</strong> with a fixed message; the
          wallet itself writes and checks the site's name, so a page elsewhere cannot obtain this key. Signing sends no
          transaction and costs nothing.
        </p>
      ) : (
        <p className="notice" data-testid="unchecked-site">
          Your wallet cannot sign in with Solana, so it cannot check which site asks for this signature: it signs a message
          naming <strong>{domain}</strong> that any page could ask it to sign. Sign it only here. Anyone who obtains the same
          signature can decrypt {what}.
        </p>
      )}
      <p>
        The key stays in this page's memory and is gone when you close it.
        {first && ' At first set-up your wallet signs twice, to check that it always gives the same signature.'}
      </p>
      <button
        type="button"
        disabled={action.pending}
        onClick={() => action.run('Waiting for your wallet to sign…', () => encryption.unlock(published), 'Encryption key unlocked.')}
      >
        {first ? 'Set up my encryption key' : 'Unlock with my wallet'}
      </button>
      <ErrorText error={action.error} />
    </section>
  );
}

function ImportKeyFile({ encryption, published, what, withoutFile }: KeyPanelProps) {
  const action = useAction();
  const [file, setFile] = useState<File>();
  const [passphrase, setPassphrase] = useState('');
  const fileId = useId();
  const passId = useId();
  const { state } = encryption;
  if (state.status !== 'mismatch') return null;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return action.setError('Choose your key file first.');
    action.run('Opening the key file (this takes a few seconds)…', async (report) => {
      const text = await file.text();
      await encryption.importFile(state.keys, text, passphrase, published, (done) => report(`Opening the key file: ${Math.round(done * 100)}%`));
    }, 'Key file opened.');
  };
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">This wallet's key is not the one on chain</h2>
      <p>
        {what[0].toUpperCase() + what.slice(1)} is sealed under a key your wallet did not derive, most likely one made with{' '}
        <code>medshare keys new</code>. Import that key file to open it; you can then move to your wallet's key.
      </p>
      <form onSubmit={submit}>
        <label htmlFor={fileId}>Key file (encryption-key.json)</label>
        <input id={fileId} type="file" accept="application/json,.json" onChange={(event) => setFile(event.target.files?.[0])} />
        <label htmlFor={passId}>Passphrase</label>
        <input id={passId} type="password" autoComplete="current-password" value={passphrase} onChange={(event) => setPassphrase(event.target.value)} />
        <button type="submit" disabled={action.pending}>
          Import key file
        </button>
      </form>
      <ErrorText error={action.error} />
      <p>No key file? {withoutFile}</p>
      <button type="button" onClick={() => encryption.adoptGeneration(state.keys, 1)}>
        Continue with my wallet's key
      </button>
    </section>
  );
}
