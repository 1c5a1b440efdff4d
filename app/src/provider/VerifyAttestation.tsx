// Verifying an attestation a patient sent: the disclosure's number and the patient it is to prove
// something about (required: anyone could hand over another patient's disclosure), then each
// check by name, and the diagnosis only when every check passed: a failed proof shows none.

import BN from 'bn.js';
import { useId, useState } from 'react';
import { type Verification, verifyAttestation } from '../../../clients/typescript/attestations.ts';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { isoDate } from '../../../clients/typescript/record.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { parseAddress } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';

export function VerifyAttestation({ medshare, encryptionKey }: { medshare: Medshare; encryptionKey: EncryptionKey }) {
  const id = useId();
  const [offset, setOffset] = useState('');
  const [patient, setPatient] = useState('');
  const [problem, setProblem] = useState<string>();
  const [result, setResult] = useState<Verification>();
  const action = useAction();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d+$/.test(offset.trim())) return setProblem('Enter the disclosure number the patient gave you.');
    const wallet = parseAddress(patient);
    if (!wallet) return setProblem("Enter the wallet address of the patient the attestation is to be about.");
    setProblem(undefined);
    setResult(undefined);
    setResult(await action.run('Waiting for the cluster to deliver the attestation, then checking it…', () => verifyAttestation(medshare, new BN(offset.trim()), encryptionKey, wallet)));
  };
  const passed = result?.checks.every((check) => check.passed);
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Verify an attestation</h2>
      <form onSubmit={submit} aria-label="Verify an attestation">
        <label htmlFor={`${id}-offset`}>Disclosure number</label>
        <input id={`${id}-offset`} inputMode="numeric" value={offset} onChange={(event) => setOffset(event.target.value)} autoComplete="off" />
        <label htmlFor={`${id}-patient`}>Patient's wallet address</label>
        <input id={`${id}-patient`} value={patient} onChange={(event) => setPatient(event.target.value)} autoComplete="off" />
        <ErrorText error={problem} />
        <button type="submit" disabled={action.pending}>
          Verify
        </button>
      </form>
      <ErrorText error={action.error} />
      {result && (
        <div data-testid="verification">
          <p>
            <strong>{passed ? 'Verified: every check passed.' : 'Not verified: a check failed.'}</strong>
            {passed && result.diagnosis && ` Diagnosis ${result.diagnosis.code}, treated ${isoDate(result.diagnosis.treatedDay)}.`}
          </p>
          <ul>
            {result.checks.map(({ check, passed }) => (
              <li key={check}>
                {passed ? 'Passed' : 'FAILED'}: {check}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
