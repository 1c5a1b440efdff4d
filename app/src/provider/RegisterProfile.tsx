// Registering a provider profile (name, identifier, the key records are re-encrypted for), or
// publishing the wallet's key in place of a command-line one.

import { useId, useState } from 'react';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';

export function RegisterProfile({
  medshare,
  encryptionKey,
  onRegistered,
  rotate = false,
}: {
  medshare: Medshare;
  encryptionKey: EncryptionKey;
  onRegistered: () => void;
  rotate?: boolean;
}) {
  const [name, setName] = useState('');
  const [identifier, setIdentifier] = useState('');
  const action = useAction();
  const id = useId();
  if (rotate) {
    const publish = async () => {
      if (await action.run('Confirm in your wallet…', async () => (await medshare.rotateProviderKey(encryptionKey), true), 'Your wallet\'s key is now published.')) onRegistered();
    };
    return (
      <section className="card" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>Publish your wallet's key</h2>
        <p>You are using a key file. Publish the key your wallet derives instead, so you need no file on any device; requests queued under the old key are receipted as such.</p>
        <button type="button" onClick={publish} disabled={action.pending}>
          Publish my wallet's key
        </button>
        <ErrorText error={action.error} />
      </section>
    );
  }
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !identifier.trim()) return action.setError('Enter your name and your identifier (for example an NPI).');
    if (await action.run('Confirm the registration in your wallet…', async () => (await medshare.registerProvider(encryptionKey, name.trim(), identifier.trim()), true), 'You are registered as a provider.')) {
      onRegistered();
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Register as a provider</h2>
      <p>Patients find you by your wallet address and see your name and identifier when they grant you access.</p>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} maxLength={64} onChange={(event) => setName(event.target.value)} autoComplete="name" />
        <label htmlFor={`${id}-identifier`}>Identifier (for example NPI-1234567893)</label>
        <input id={`${id}-identifier`} value={identifier} maxLength={32} onChange={(event) => setIdentifier(event.target.value)} />
        <button type="submit" disabled={action.pending}>
          Register
        </button>
      </form>
      <ErrorText error={action.error} />
    </section>
  );
}
