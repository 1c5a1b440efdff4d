// Pulling a granted record: the grant is checked first, so a missing, revoked or expired one is
// explained before any wallet prompt.

import { type BN } from '@anchor-lang/core';
import { useEffect, useId, useState } from 'react';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { date, fieldWords, parseAddress } from '../ui/format.ts';
import { PullProgress, usePull } from './usePull.tsx';

export function PullRecord({ medshare, onReceived }: { medshare: Medshare; onReceived: (offset: BN) => void }) {
  const [patient, setPatient] = useState('');
  const pull = usePull(medshare, onReceived);
  const id = useId();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const wallet = parseAddress(patient);
    if (!wallet) return pull.setError("Enter the patient's wallet address.");
    const grant = await medshare.grantTo(medshare.wallet, wallet).catch(() => null);
    if (!grant) return pull.setError('This patient has not granted you access. Nothing was requested.');
    if (grant.revokedAt) return pull.setError(`This patient revoked your access on ${date(grant.revokedAt)}. Nothing was requested.`);
    if (grant.expiresAt.toNumber() * 1000 <= Date.now()) return pull.setError(`Your access expired on ${date(grant.expiresAt)}. Nothing was requested.`);
    pull.pull(() => medshare.requestRecord(wallet));
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Pull a patient's record</h2>
      <p>You receive what the patient's grant covers; the rest stays withheld. The patient and compliance see a receipt of every pull.</p>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-patient`}>Patient's wallet address</label>
        <input id={`${id}-patient`} value={patient} onChange={(event) => setPatient(event.target.value)} autoComplete="off" />
        <GrantHint medshare={medshare} patient={patient} />
        <button type="submit" disabled={pull.pending}>
          Pull record
        </button>
      </form>
      <PullProgress step={pull.step} elapsed={pull.elapsed} />
      <ErrorText error={pull.error} />
    </section>
  );
}

function GrantHint({ medshare, patient }: { medshare: Medshare; patient: string }) {
  const [hint, setHint] = useState('');
  useEffect(() => {
    setHint('');
    const wallet = parseAddress(patient);
    if (!wallet) return;
    let current = true;
    medshare
      .grantTo(medshare.wallet, wallet)
      .then((grant) => {
        if (!current) return;
        setHint(grant ? `Grant: ${fieldWords(grant.fields[0])}, until ${date(grant.expiresAt)}${grant.revokedAt ? ' (revoked)' : ''}` : 'No grant from this patient.');
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [medshare, patient]);
  return hint ? <p className="hint">{hint}</p> : null;
}
