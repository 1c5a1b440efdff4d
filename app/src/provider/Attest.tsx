// An accredited provider vouches for a diagnosis of a patient whose grant it holds: the code and
// the day of treatment are sealed to the MXE (only the patient's chosen recipients get them),
// and a salted commitment goes on chain beside the attester's name.

import { useId, useState } from 'react';
import { attest } from '../../../clients/typescript/attestations.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { day, icd10Problem } from '../../../clients/typescript/record.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { parseAddress } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';

export function Attest({ medshare }: { medshare: Medshare }) {
  const id = useId();
  const [patient, setPatient] = useState('');
  const [code, setCode] = useState('');
  const [treated, setTreated] = useState('');
  const [problem, setProblem] = useState<string>();
  const [made, setMade] = useState<string>();
  const action = useAction();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const wallet = parseAddress(patient);
    if (!wallet) return setProblem("Enter the patient's wallet address.");
    const codeProblem = icd10Problem(code);
    if (codeProblem) return setProblem(`The ICD-10 code is ${codeProblem}.`);
    if (!treated) return setProblem('Enter the day of treatment.');
    setProblem(undefined);
    const address = await action.run(
      'Confirm the attestation in your wallet…',
      () => attest(medshare, wallet, { code, treatedDay: day(treated) }),
      'The attestation is recorded.',
    );
    if (address) setMade(address.toBase58());
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Attest a diagnosis</h2>
      <p>You are accredited. The patient must hold a grant to you that covers conditions; the diagnosis is sealed, and only recipients the patient or a grant names can read it.</p>
      <form onSubmit={submit} aria-label="Attest a diagnosis">
        <label htmlFor={`${id}-patient`}>Patient's wallet address</label>
        <input id={`${id}-patient`} value={patient} onChange={(event) => setPatient(event.target.value)} autoComplete="off" />
        <label htmlFor={`${id}-code`}>ICD-10 code</label>
        <input id={`${id}-code`} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" />
        <label htmlFor={`${id}-treated`}>Day of treatment</label>
        <input id={`${id}-treated`} type="date" value={treated} onChange={(event) => setTreated(event.target.value)} />
        <ErrorText error={problem} />
        <button type="submit" disabled={action.pending}>
          Attest
        </button>
      </form>
      <ErrorText error={action.error} />
      {made && (
        <p data-testid="attestation-made">
          Attestation <code>{made}</code> is on chain.
        </p>
      )}
    </section>
  );
}
