// Every disclosure of the patient's record from its receipts; break-glass ones stand out, in
// words as well as colour.

import { type Disclosure, type Medshare } from '../../../clients/typescript/medshare.ts';
import { basisWords, statusWords, variant } from '../../../clients/typescript/audit.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { JUSTIFICATION_LABELS, PURPOSE_LABELS, dateTime, fieldWords } from '../ui/format.ts';
import { useChainData } from '../ui/useChainData.ts';
import { Table } from '../ui/Table.tsx';

export function AccessHistory({ medshare }: { medshare: Medshare }) {
  const data = useChainData(async () => {
    const [receipts, providers] = await Promise.all([medshare.disclosures({ patient: medshare.wallet }), medshare.providers()]);
    return { receipts: receipts.reverse(), providers };
  }, [medshare]);
  const nameOf = (receipt: Disclosure) =>
    data.data?.providers.find((p) => p.wallet.equals(receipt.provider))?.name ?? (variant(receipt.basis) === 'patient' ? 'a key you chose' : receipt.provider.toBase58());
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">Access history</h2>
      <button type="button" onClick={data.reload}>
        Refresh
      </button>
      <ErrorText error={data.error} />
      {data.data && data.data.receipts.length === 0 && <p>Nobody has received your record yet.</p>}
      {data.data && data.data.receipts.length > 0 && (
        <Table caption="Disclosures of your record, newest first" columns={['When', 'To', 'What', 'Why', 'Outcome']}>
          {data.data.receipts.map((receipt) => {
            const emergency = receipt.basis.emergency;
            return (
              <tr key={receipt.computationOffset.toString()} className={emergency ? 'break-glass' : undefined} data-testid="history-row">
                <td>{dateTime(receipt.queuedAt)}</td>
                <td>{nameOf(receipt)}</td>
                <td>{fieldWords(receipt.fields[0])}</td>
                <td>
                  {emergency ? (
                    <>
                      <strong className="badge">Break-glass</strong> {JUSTIFICATION_LABELS[variant(emergency[0])]}
                    </>
                  ) : (
                    `${PURPOSE_LABELS[variant(receipt.purpose)]} (${basisWords(receipt.basis).split(' ')[0]})`
                  )}
                </td>
                <td>{statusWords(receipt.status)}</td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}
