// Attestations about the patient: who vouched, when, and whether it still stands; and sending
// one to a registered provider, who verifies it with the disclosure's number and the patient's
// address. The diagnosis itself stays sealed: the patient's page shows who attested, not what.

import type { PublicKey } from '@solana/web3.js';
import type BN from 'bn.js';
import { useId, useState } from 'react';
import { attestationStanding, attestationsAbout, sendAttestation } from '../../../clients/typescript/attestations.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { ProviderSelect } from '../ui/ProviderSelect.tsx';
import { Table } from '../ui/Table.tsx';
import { date } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

export function Attestations({ medshare }: { medshare: Medshare }) {
  const id = useId();
  const list = useChainData(async () => {
    const [attestations, providers] = await Promise.all([attestationsAbout(medshare), medshare.providers()]);
    return { attestations, providers };
  }, [medshare]);
  const [chosen, setChosen] = useState('');
  const [recipient, setRecipient] = useState('');
  const [sent, setSent] = useState<{ offset: BN; name: string }>();
  const action = useAction();
  if (!list.data) return <ErrorText error={list.error} />;
  const { attestations, providers } = list.data;
  const now = Date.now() / 1000;
  const name = (wallet: PublicKey) => providers.find((profile) => profile.wallet.equals(wallet))?.name ?? 'an unregistered provider';
  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    const attestation = attestations.find(({ publicKey }) => publicKey.toBase58() === chosen) ?? attestations[0];
    const profile = providers.find(({ wallet }) => wallet.toBase58() === recipient);
    if (!profile) return action.setError('Choose the provider to send it to.');
    const offset = await action.run('Confirm sending in your wallet…', () => sendAttestation(medshare, attestation.publicKey, Uint8Array.from(profile.encryptionKey)));
    if (offset) setSent({ offset, name: profile.name });
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Attestations about you</h2>
      {attestations.length === 0 ? (
        <p>No provider has attested a diagnosis of yours.</p>
      ) : (
        <>
          <Table caption="Attestations about you" columns={['Attested by', 'On', 'Standing']}>
            {attestations.map(({ publicKey, account }) => (
              <tr key={publicKey.toBase58()} data-testid="attestation-row">
                <td>{name(account.attester)}</td>
                <td>{date(account.createdAt)}</td>
                <td>{attestationStanding(account, now)}</td>
              </tr>
            ))}
          </Table>
          <form onSubmit={send} aria-label="Send an attestation">
            <label htmlFor={`${id}-which`}>Attestation</label>
            <select id={`${id}-which`} value={chosen} onChange={(event) => setChosen(event.target.value)}>
              {attestations.map(({ publicKey, account }) => (
                <option key={publicKey.toBase58()} value={publicKey.toBase58()}>
                  by {name(account.attester)} on {date(account.createdAt)} ({attestationStanding(account, now)})
                </option>
              ))}
            </select>
            <ProviderSelect id={`${id}-to`} label="Send to" providers={providers} value={recipient} onChange={setRecipient} />
            <button type="submit" disabled={action.pending}>
              Send
            </button>
          </form>
          <ErrorText error={action.error} />
          {sent && (
            <p data-testid="attestation-sent">
              Sent as disclosure <strong>{sent.offset.toString()}</strong>: give {sent.name} this number and your wallet address,{' '}
              <code>{medshare.wallet.toBase58()}</code>, to verify it.
            </p>
          )}
        </>
      )}
    </section>
  );
}
