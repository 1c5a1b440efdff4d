// Retiring the provider profile, with what it stops said before the wallet prompt.

import { useState } from 'react';
import { retireProvider } from '../../../clients/typescript/lifecycle.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';

export function RetireProfile({ medshare, onRetired }: { medshare: Medshare; onRetired: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card" aria-labelledby="retire-heading">
      <h2 id="retire-heading">Retire your profile</h2>
      <button type="button" onClick={() => setConfirming(true)}>
        Retire my profile…
      </button>
      {confirming && (
        <ConfirmDialog
          title="Retire your provider profile?"
          confirm="Sign and retire"
          cancel="Keep my profile"
          progress="Confirm retiring your profile in your wallet…"
          done="Your profile is retired."
          act={() => retireProvider(medshare)}
          onClose={(retired) => (setConfirming(false), retired && onRetired())}
        >
          <p>
            Retiring closes your profile and returns its rent. Without it no grant, break-glass request or document or attestation disclosure to you
            passes; a request already with the cluster is delivered, and its receipt says it came after your retirement.
          </p>
          <p>What you already received stays with you. You can register again later.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
