// Which registered providers may attest diagnoses: the authority accredits one, or withdraws an
// accreditation. Attestations made while accredited keep verifying; a withdrawn provider
// attests no more until accredited again.

import type { PublicKey } from '@solana/web3.js';
import { accreditProvider, accreditations, withdrawAccreditation } from '../../../clients/typescript/attestations.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { Table } from '../ui/Table.tsx';
import { date } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

export function Accreditations({ medshare }: { medshare: Medshare }) {
  const list = useChainData(async () => {
    const [providers, accredited] = await Promise.all([medshare.providers(), accreditations(medshare)]);
    return providers.map((profile) => ({ profile, accreditation: accredited.find(({ provider }) => provider.equals(profile.wallet)) }));
  }, [medshare]);
  const action = useAction();
  const change = (name: string, provider: PublicKey, accredit: boolean) =>
    action.run(
      'Confirm in your wallet…',
      async () => (await (accredit ? accreditProvider : withdrawAccreditation)(medshare, provider), list.reload()),
      accredit ? `${name} is accredited.` : `${name}'s accreditation is withdrawn.`,
    );
  return (
    <section aria-labelledby="accreditations-heading">
      <h2 id="accreditations-heading">Accredited providers</h2>
      <p>An accredited provider may attest diagnoses. Withdrawing stops new attestations; those made while accredited still verify.</p>
      <ErrorText error={list.error ?? action.error} />
      {list.data && (
        <Table caption="Registered providers and their accreditation" columns={['Provider', 'Wallet', 'Accreditation', '']}>
          {list.data.map(({ profile, accreditation }) => {
            const inForce = !!accreditation && !accreditation.withdrawnAt;
            const name = `${profile.name} (${profile.identifier})`;
            return (
              <tr key={profile.wallet.toBase58()}>
                <td>{name}</td>
                <td>
                  <code>{profile.wallet.toBase58()}</code>
                </td>
                <td>{inForce ? `since ${date(accreditation.accreditedAt)}` : accreditation ? `withdrawn ${date(accreditation.withdrawnAt!)}` : 'none'}</td>
                <td>
                  <button type="button" disabled={action.pending} onClick={() => change(profile.name, profile.wallet, !inForce)}>
                    {inForce ? `Withdraw ${profile.name}'s accreditation` : `Accredit ${profile.name}`}
                  </button>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}
