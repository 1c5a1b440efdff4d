// Registering a provider profile: a name, an identifier and the key records are re-encrypted for.

import { useId, useState } from 'react';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';

export function RegisterProfile({
  medshare,
  encryptionKey,
  onRegistered,
}: {
  medshare: Medshare;
  encryptionKey: EncryptionKey;
  onRegistered: () => void;
}) {
  const [name, setName] = useState('');
  const [identifier, setIdentifier] = useState('');
  const action = useAction();
  const id = useId();
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
