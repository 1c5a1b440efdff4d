// An accredited provider vouches for a diagnosis of a patient whose grant it holds: the code,
// the day of treatment and optionally one of the patient's documents as evidence are sealed to
// the MXE (only the patient's chosen recipients get them), and a salted commitment goes on chain
// beside the attester's name, with an optional expiry. A new attestation may replace one of the
// provider's own about the same patient, which is then marked superseded.

import type { PublicKey } from '@solana/web3.js';
import { useId, useState } from 'react';
import { attest, attestationStanding, attestationsAbout } from '../../../clients/typescript/attestations.ts';
import { documentsOf } from '../../../clients/typescript/documents.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { day, icd10Problem } from '../../../clients/typescript/record.ts';
import { categoryOf } from '../documents/labels.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { date, parseAddress } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

export function Attest({ medshare }: { medshare: Medshare }) {
  const id = useId();
  const [patient, setPatient] = useState('');
  const [code, setCode] = useState('');
  const [treated, setTreated] = useState('');
  const [evidence, setEvidence] = useState('');
  const [expires, setExpires] = useState('');
  const [supersedes, setSupersedes] = useState('');
  const [problem, setProblem] = useState<string>();
  const [made, setMade] = useState<string>();
  const action = useAction();
  const wallet = parseAddress(patient);
  const choices = useChainData(async () => {
    if (!wallet) return { documents: [], earlier: [] };
    const now = Date.now() / 1000;
    const [documents, attestations] = await Promise.all([documentsOf(medshare, wallet), attestationsAbout(medshare, wallet)]);
    const earlier = attestations.filter(({ account }) => account.attester.equals(medshare.wallet) && attestationStanding(account, now) === 'in force');
    return { documents: documents.filter(({ account }) => !account.withdrawnAt), earlier };
  }, [medshare, wallet?.toBase58()]);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!wallet) return setProblem("Enter the patient's wallet address.");
    const codeProblem = icd10Problem(code);
    if (codeProblem) return setProblem(`The ICD-10 code is ${codeProblem}.`);
    if (!treated) return setProblem('Enter the day of treatment.');
    const expiresAt = expires ? Math.floor(Date.parse(`${expires}T23:59:59Z`) / 1000) : undefined;
    if (expiresAt !== undefined && expiresAt * 1000 <= Date.now()) return setProblem('Choose an expiry in the future, or none.');
    setProblem(undefined);
    const document = choices.data?.documents.find(({ publicKey }) => publicKey.toBase58() === evidence);
    const replaced = choices.data?.earlier.find(({ publicKey }) => publicKey.toBase58() === supersedes)?.publicKey;
    const address = await action.run(
      'Confirm the attestation in your wallet…',
      () => attest(medshare, wallet, { code, treatedDay: day(treated), evidence: document?.account.id }, { expiresAt, supersedes: replaced }),
      replaced ? 'The attestation is recorded; the earlier one is marked superseded.' : 'The attestation is recorded.',
    );
    if (address) {
      setMade(address.toBase58());
      choices.reload();
    }
  };
  const option = (address: PublicKey, text: string) => (
    <option key={address.toBase58()} value={address.toBase58()}>
      {text}
    </option>
  );
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
        <label htmlFor={`${id}-evidence`}>Evidence (one of the patient's documents, optional)</label>
        <select id={`${id}-evidence`} value={evidence} onChange={(event) => setEvidence(event.target.value)}>
          <option value="">None</option>
          {choices.data?.documents.map(({ publicKey, account }) => option(publicKey, `${categoryOf(account)} of ${date(account.addedAt)}`))}
        </select>
        <label htmlFor={`${id}-expires`}>Expires (optional)</label>
        <input id={`${id}-expires`} type="date" value={expires} onChange={(event) => setExpires(event.target.value)} />
        <label htmlFor={`${id}-supersedes`}>Replaces (one of your attestations about this patient, optional)</label>
        <select id={`${id}-supersedes`} value={supersedes} onChange={(event) => setSupersedes(event.target.value)}>
          <option value="">None</option>
          {choices.data?.earlier.map(({ publicKey, account }) => option(publicKey, `Your attestation of ${date(account.createdAt)}`))}
        </select>
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
