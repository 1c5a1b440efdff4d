// Break-glass: a provider on the access configuration's list obtains a patient's emergency sets
// without a grant, giving a justification that the receipt keeps for the patient and compliance.

import type { BN } from '@anchor-lang/core';
import type { PublicKey } from '@solana/web3.js';
import { useId, useState } from 'react';
import { EMERGENCY_FIELDS, JUSTIFICATIONS, type Justification, type Medshare } from '../../../clients/typescript/medshare.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { fieldWords, JUSTIFICATION_LABELS, parseAddress } from '../ui/format.ts';
import { PullProgress, usePull } from './usePull.tsx';

export function BreakGlass({ medshare, onReceived }: { medshare: Medshare; onReceived: (offset: BN) => void }) {
  const [patient, setPatient] = useState('');
  const [justification, setJustification] = useState<Justification>('lifeThreatening');
  const [confirming, setConfirming] = useState<PublicKey>();
  const pull = usePull(medshare, onReceived);
  const id = useId();
  const review = (event: React.FormEvent) => {
    event.preventDefault();
    const wallet = parseAddress(patient);
    if (!wallet) return pull.setError("Enter the patient's wallet address.");
    setConfirming(wallet);
    pull.setError(undefined);
  };
  const breakGlass = () => {
    const wallet = confirming!;
    setConfirming(undefined);
    pull.pull(() => medshare.requestEmergency(wallet, justification));
  };
  return (
    <section className="card emergency" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Break-glass access</h2>
      <p>For an emergency without the patient's consent: you receive their {fieldWords(EMERGENCY_FIELDS)}. The patient and compliance see it, flagged, with your justification.</p>
      <form onSubmit={review}>
        <label htmlFor={`${id}-patient`}>Patient's wallet address</label>
        <input id={`${id}-patient`} value={patient} onChange={(event) => setPatient(event.target.value)} autoComplete="off" />
        <label htmlFor={`${id}-why`}>Justification</label>
        <select id={`${id}-why`} value={justification} onChange={(event) => setJustification(event.target.value as Justification)}>
          {JUSTIFICATIONS.map((j) => (
            <option key={j} value={j}>
              {JUSTIFICATION_LABELS[j]}
            </option>
          ))}
        </select>
        <button type="submit" disabled={pull.pending}>
          Break the glass
        </button>
      </form>
      <PullProgress step={pull.step} elapsed={pull.elapsed} />
      <ErrorText error={pull.error} />
      <Dialog open={!!confirming} title="Confirm break-glass access" onClose={() => setConfirming(undefined)}>
        <p>
          You are about to read this patient's emergency information without their consent, because: <strong>{JUSTIFICATION_LABELS[justification].toLowerCase()}</strong>. The
          disclosure is recorded on chain and shown to the patient.
        </p>
        <div className="actions">
          <button type="button" onClick={breakGlass}>
            Sign and break the glass
          </button>
          <button type="button" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </section>
  );
}
