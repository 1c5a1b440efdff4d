// The providers allowed to break the glass: the authority adds a registered provider or removes
// one. Each change starts a new generation of the list; a break-glass receipt keeps the one it
// was queued under.

import type { PublicKey } from '@solana/web3.js';
import { useId, useState } from 'react';
import { setEmergencyProviders } from '../../../clients/typescript/lifecycle.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

export function BreakGlassList({ medshare, listed, onChanged }: { medshare: Medshare; listed: PublicKey[]; onChanged: () => void }) {
  const id = useId();
  const providers = useChainData(() => medshare.providers(), [medshare]);
  const [chosen, setChosen] = useState('');
  const action = useAction();
  const name = (wallet: PublicKey) => providers.data?.find((profile) => profile.wallet.equals(wallet))?.name ?? 'no profile';
  const change = (next: PublicKey[], done: string) =>
    action.run('Confirm the new break-glass list in your wallet…', async () => (await setEmergencyProviders(medshare, next), onChanged()), done);
  const add = (event: React.FormEvent) => {
    event.preventDefault();
    const profile = providers.data?.find(({ wallet }) => wallet.toBase58() === chosen);
    if (!profile) return action.setError('Choose a registered provider to add.');
    if (listed.some((wallet) => wallet.equals(profile.wallet))) return action.setError(`${profile.name} is already on the list.`);
    change([...listed, profile.wallet], `${profile.name} may now break the glass.`);
  };
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Break-glass list</h2>
      <p>Providers on this list may pull a patient's emergency fields without a grant, with a justification the patient and compliance see.</p>
      {listed.length === 0 ? (
        <p>No provider may break the glass.</p>
      ) : (
        <ul data-testid="break-glass-list">
          {listed.map((wallet) => (
            <li key={wallet.toBase58()}>
              {name(wallet)} <code>{wallet.toBase58()}</code>{' '}
              <button
                type="button"
                disabled={action.pending}
                onClick={() => change(listed.filter((other) => !other.equals(wallet)), `${name(wallet)} may no longer break the glass.`)}
              >
                Remove<span className="visually-hidden"> {name(wallet)} from the break-glass list</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} aria-label="Add to the break-glass list">
        <label htmlFor={`${id}-provider`}>Registered provider</label>
        <select id={`${id}-provider`} value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <option value="">Choose a provider</option>
          {providers.data?.map((profile) => (
            <option key={profile.wallet.toBase58()} value={profile.wallet.toBase58()}>
              {profile.name} ({profile.identifier})
            </option>
          ))}
        </select>
        <button type="submit" disabled={action.pending}>
          Add to the break-glass list
        </button>
      </form>
      <ErrorText error={action.error} />
    </section>
  );
}
