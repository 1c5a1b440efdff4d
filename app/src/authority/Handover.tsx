// Handing the access configuration to a successor in two steps: the authority names it, and
// nothing changes until the successor's own wallet accepts. Naming the current authority
// withdraws a proposal.

import type { PublicKey } from '@solana/web3.js';
import { useId, useState } from 'react';
import { acceptAuthority, proposeAuthority } from '../../../clients/typescript/lifecycle.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { parseAddress } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';

export function Handover({ medshare, pending, onChanged }: { medshare: Medshare; pending: PublicKey | null; onChanged: () => void }) {
  const id = useId();
  const [successor, setSuccessor] = useState('');
  const action = useAction();
  const propose = (event: React.FormEvent) => {
    event.preventDefault();
    const wallet = parseAddress(successor);
    if (!wallet) return action.setError("Enter the successor's wallet address.");
    action.run('Confirm the proposal in your wallet…', async () => (await proposeAuthority(medshare, wallet), onChanged()), 'The successor is named; nothing changes until it accepts.');
  };
  const withdraw = () =>
    action.run('Confirm withdrawing the proposal in your wallet…', async () => (await proposeAuthority(medshare, medshare.wallet), onChanged()), 'The proposal is withdrawn.');
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Hand over the authority</h2>
      {pending ? (
        <p data-testid="pending-authority">
          Proposed successor: <code>{pending.toBase58()}</code>. It becomes the authority when its wallet accepts on this page.{' '}
          <button type="button" disabled={action.pending} onClick={withdraw}>
            Withdraw the proposal
          </button>
        </p>
      ) : (
        <form onSubmit={propose} aria-label="Name a successor">
          <label htmlFor={`${id}-successor`}>Successor's wallet address</label>
          <input id={`${id}-successor`} value={successor} onChange={(event) => setSuccessor(event.target.value)} autoComplete="off" />
          <button type="submit" disabled={action.pending}>
            Name the successor
          </button>
        </form>
      )}
      <ErrorText error={action.error} />
    </section>
  );
}

/** What the named successor sees: one button that takes over. */
export function AcceptHandover({ medshare, onAccepted }: { medshare: Medshare; onAccepted: () => void }) {
  const action = useAction();
  return (
    <section aria-labelledby="accept-heading">
      <h2 id="accept-heading">You are named the next authority</h2>
      <p>Accepting makes your wallet the access configuration's authority: it approves studies, accredits providers and keeps the break-glass list.</p>
      <button
        type="button"
        disabled={action.pending}
        onClick={() => action.run('Confirm in your wallet…', async () => (await acceptAuthority(medshare), onAccepted()), 'You are the authority.')}
      >
        Accept the authority
      </button>
      <ErrorText error={action.error} />
    </section>
  );
}
