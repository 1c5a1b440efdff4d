// Closing the record: only once every grant is closed, so that none can authorize a record
// written later; the consequences are said before the wallet prompt.

import { useState } from 'react';
import { closeRecord } from '../../../clients/typescript/lifecycle.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';

export function CloseRecord({ medshare, grants, onClosed }: { medshare: Medshare; grants: number; onClosed: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card" aria-labelledby="close-record-heading">
      <h2 id="close-record-heading">Close your record</h2>
      {grants > 0 ? (
        <p>
          Close your {grants} grant{grants === 1 ? '' : 's'} first: revoke each, then close it above. No grant may outlive the record it was
          for.
        </p>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Close my record…
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title="Close your record?"
          confirm="Sign and close the record"
          cancel="Keep my record"
          progress="Confirm closing your record in your wallet…"
          done="Your record is closed."
          act={() => closeRecord(medshare)}
          onClose={(closed) => (setConfirming(false), closed && onClosed())}
        >
          <p>Closing deletes your encrypted record from the chain and returns its rent to your wallet.</p>
          <p>
            <strong>It does not recall anything:</strong> providers keep what they already received, the receipts of every disclosure stay in the
            public accounting, and attestations about you and your documents stay. You can write a new record later.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
