// The provider's past disclosures, newest first; delivered ones open again from the chain, and
// one the cluster never answered is closed out, to read expired.

import type { BN } from '@anchor-lang/core';
import { statusWords, variant } from '../../../clients/typescript/audit.ts';
import { closeOut } from '../../../clients/typescript/closeOut.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { dateTime, fieldWords, shortAddress } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';
import { Table } from '../ui/Table.tsx';

export function Inbox({ medshare, round, onOpen }: { medshare: Medshare; round: number; onOpen: (offset: BN) => void }) {
  const receipts = useChainData(async () => (await medshare.disclosures({ provider: medshare.wallet })).reverse(), [medshare, round]);
  const closing = useAction();
  const close = async (offset: BN) => {
    const closed = await closing.run(`Closing out request ${offset}…`, () => closeOut(medshare, offset), `Request ${offset} closed out: it reads expired, and nothing was disclosed.`);
    if (closed) receipts.reload();
  };
  return (
    <section className="card" aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">Inbox</h2>
      <ErrorText error={receipts.error} />
      <ErrorText error={closing.error} />
      {receipts.data?.length === 0 && <p>No disclosures yet.</p>}
      {receipts.data && receipts.data.length > 0 && (
        <Table caption="Disclosures to you, newest first" columns={['When', 'Patient', 'Fields', 'Basis', 'Status', 'Open']}>
          {receipts.data.map((receipt) => (
            <tr key={receipt.computationOffset.toString()} className={receipt.basis.emergency ? 'break-glass' : undefined}>
              <td>{dateTime(receipt.queuedAt)}</td>
              <td>
                <code>{shortAddress(receipt.patient)}</code>
              </td>
              <td>{fieldWords(receipt.fields[0])}</td>
              <td>{receipt.basis.emergency ? <strong className="badge">Break-glass</strong> : variant(receipt.basis)}</td>
              <td>{statusWords(receipt.status)}</td>
              <td>
                {variant(receipt.status).startsWith('delivered') && (
                  <button type="button" onClick={() => onOpen(receipt.computationOffset)}>
                    Open<span className="visually-hidden"> disclosure {receipt.computationOffset.toString()}</span>
                  </button>
                )}
                {variant(receipt.status) === 'queued' && (
                  <button type="button" disabled={closing.pending} onClick={() => close(receipt.computationOffset)}>
                    Close out<span className="visually-hidden"> request {receipt.computationOffset.toString()}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
