// The patient's grants, each with narrowing and revocation; revocation first says what it
// cannot recall. An ended grant can be closed, which returns its rent.

import { useId, useState } from 'react';
import type { Grant, Medshare } from '../../../clients/typescript/medshare.ts';
import { closeGrant } from '../../../clients/typescript/lifecycle.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { FIELD_LABELS, FIELD_SETS, PURPOSE_LABELS, date, fieldWords } from '../ui/format.ts';
import { variant } from '../../../clients/typescript/audit.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';
import { Table } from '../ui/Table.tsx';

const grantState = (grant: Grant) =>
  grant.revokedAt ? `revoked ${date(grant.revokedAt)}` : grant.expiresAt.toNumber() * 1000 <= Date.now() ? `expired ${date(grant.expiresAt)}` : 'active';

export function GrantList({ medshare, round, onClosed }: { medshare: Medshare; round: number; onClosed: () => void }) {
  const data = useChainData(async () => {
    const [grants, providers] = await Promise.all([medshare.grantsOf(), medshare.providers()]);
    return { grants, providers };
  }, [medshare, round]);
  const [narrowing, setNarrowing] = useState<Grant>();
  const [revoking, setRevoking] = useState<Grant>();
  const [closing, setClosing] = useState<Grant>();
  const nameOf = (grant: Grant) => data.data?.providers.find((p) => p.wallet.equals(grant.provider))?.name ?? grant.provider.toBase58();

  return (
    <section className="card" aria-labelledby="grants-heading">
      <h2 id="grants-heading">Who may pull your record</h2>
      <ErrorText error={data.error} />
      {data.data && data.data.grants.length === 0 && <p>No grants yet.</p>}
      {data.data && data.data.grants.length > 0 && (
        <Table caption="Your grants" columns={['Provider', 'Shares', 'Purpose', 'Until', 'State', 'Actions']}>
          {data.data.grants.map((grant) => {
            const active = grantState(grant) === 'active';
            return (
              <tr key={grant.provider.toBase58()} data-testid="grant-row">
                <td>{nameOf(grant)}</td>
                <td>{fieldWords(grant.fields[0])}</td>
                <td>{PURPOSE_LABELS[variant(grant.purpose)]}</td>
                <td>{date(grant.expiresAt)}</td>
                <td>{grantState(grant)}</td>
                <td>
                  {!active && (
                    <button type="button" onClick={() => setClosing(grant)}>
                      Close<span className="visually-hidden"> the ended grant to {nameOf(grant)}</span>
                    </button>
                  )}
                  {active && (
                    <>
                      <button type="button" onClick={() => setNarrowing(grant)}>
                        Narrow<span className="visually-hidden"> the grant to {nameOf(grant)}</span>
                      </button>{' '}
                      <button type="button" onClick={() => setRevoking(grant)}>
                        Revoke<span className="visually-hidden"> the grant to {nameOf(grant)}</span>
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {narrowing && <NarrowDialog medshare={medshare} grant={narrowing} name={nameOf(narrowing)} onDone={() => (setNarrowing(undefined), data.reload())} />}
      {closing && (
        <ConfirmDialog
          title={`Close the ended grant to ${nameOf(closing)}?`}
          confirm="Sign and close"
          cancel="Keep it"
          progress="Confirm closing the grant in your wallet…"
          done={`The grant to ${nameOf(closing)} is closed.`}
          act={() => closeGrant(medshare, closing.provider)}
          onClose={(closed) => {
            setClosing(undefined);
            if (closed) {
              data.reload();
              onClosed();
            }
          }}
        >
          <p>
            Closing deletes this ended grant from the chain and returns its rent to your wallet. The receipts of what {nameOf(closing)} received
            under it stay in your access history. A grant a request is still waiting on cannot be closed yet.
          </p>
        </ConfirmDialog>
      )}
      {revoking && (
        <RevokeDialog medshare={medshare} grant={revoking} name={nameOf(revoking)} onDone={() => (setRevoking(undefined), data.reload())} />
      )}
    </section>
  );
}

function RevokeDialog({ medshare, grant, name, onDone }: { medshare: Medshare; grant: Grant; name: string; onDone: () => void }) {
  // Read when the dialog opens: the count must include the latest deliveries.
  const delivered = useChainData(
    async () =>
      (await medshare.disclosures({ patient: medshare.wallet })).filter((r) => r.provider.equals(grant.provider) && variant(r.status).startsWith('delivered')).length,
    [medshare, grant],
  );
  return (
    <ConfirmDialog
      title={`Revoke ${name}'s access?`}
      confirm="Sign and revoke"
      cancel="Keep the grant"
      progress="Confirm the revocation in your wallet…"
      done={`${name} can no longer pull your record.`}
      act={() => medshare.revoke(grant.provider)}
      onClose={onDone}
    >
      <p>From now on {name} cannot pull your {fieldWords(grant.fields[0])}.</p>
      <p>
        <strong>Revocation cannot recall what was already disclosed:</strong>{' '}
        {delivered.data === undefined ? `${name} keeps what it received.` : `${name} has received your record ${delivered.data} time${delivered.data === 1 ? '' : 's'} and keeps what it received.`} A request the cluster is computing at this moment may still be
        delivered; its receipt in your access history will say that your consent changed.
      </p>
    </ConfirmDialog>
  );
}

function NarrowDialog({ medshare, grant, name, onDone }: { medshare: Medshare; grant: Grant; name: string; onDone: () => void }) {
  const current = grant.fields[0];
  const [fields, setFields] = useState(current);
  const [until, setUntil] = useState(date(grant.expiresAt));
  const action = useAction();
  const id = useId();
  const narrow = async () => {
    if (fields === 0) return action.setError('Keep at least one part, or revoke the grant instead.');
    const expiresAt = Math.min(Math.floor(Date.parse(`${until}T23:59:59Z`) / 1000), grant.expiresAt.toNumber());
    if (await action.run('Confirm the narrower grant in your wallet…', async () => (await medshare.narrow(grant.provider, fields, expiresAt), true), `${name}'s grant narrowed.`)) onDone();
  };
  return (
    <Dialog open title={`Narrow ${name}'s access`} onClose={onDone}>
      <fieldset>
        <legend>Keep sharing</legend>
        {FIELD_SETS.filter((bit) => current & bit).map((bit) => (
          <label key={bit} className="check">
            <input type="checkbox" checked={(fields & bit) !== 0} onChange={(event) => setFields(event.target.checked ? fields | bit : fields & ~bit)} /> {FIELD_LABELS[bit]}
          </label>
        ))}
      </fieldset>
      <label htmlFor={id}>Until (no later than {date(grant.expiresAt)})</label>
      <input id={id} type="date" value={until} max={date(grant.expiresAt)} onChange={(event) => setUntil(event.target.value)} />
      <ErrorText error={action.error} />
      <div className="actions">
        <button type="button" onClick={narrow} disabled={action.pending}>
          Sign and narrow
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
