// A grant shaped like FHIR Consent.provision: who (a registered provider), what (field sets),
// why (purpose of use) and until when, summarised in one sentence before the wallet prompt.

import { useId, useState } from 'react';
import { type Medshare, PURPOSES, type Purpose } from '../../../clients/typescript/medshare.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { FIELD_LABELS, FIELD_SETS, fieldWords, parseAddress, PURPOSE_LABELS } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function ConsentForm({ medshare, onGranted }: { medshare: Medshare; onGranted: () => void }) {
  const providers = useChainData(() => medshare.providers(), [medshare]);
  const [provider, setProvider] = useState('');
  const [fields, setFields] = useState(0);
  const [purpose, setPurpose] = useState<Purpose>('treatment');
  const [until, setUntil] = useState(inDays(30));
  const [problem, setProblem] = useState<string>();
  const [reviewing, setReviewing] = useState(false);
  const action = useAction();
  const id = useId();

  const chosen = providers.data?.find((profile) => profile.wallet.toBase58() === provider.trim());
  const expiresAt = Math.floor(Date.parse(`${until}T23:59:59Z`) / 1000);
  const sentence = chosen
    ? `${chosen.name} (${chosen.identifier}) may receive your ${fieldWords(fields)} for ${PURPOSE_LABELS[purpose].toLowerCase()}, until the end of ${until} (UTC), unless you revoke it sooner.`
    : '';

  const review = (event: React.FormEvent) => {
    event.preventDefault();
    const wallet = parseAddress(provider);
    if (!wallet) return setProblem('Enter the provider\'s wallet address, or choose a provider from the list.');
    if (!chosen) return setProblem(`No provider is registered at ${wallet.toBase58()}: ask them to register in medshare first. Nothing was changed.`);
    if (fields === 0) return setProblem('Choose at least one part of your record to share.');
    if (!Number.isFinite(expiresAt) || expiresAt * 1000 <= Date.now()) return setProblem('Choose an end date in the future.');
    setProblem(undefined);
    setReviewing(true);
  };
  const confirm = async () => {
    const done = await action.run('Confirm the grant in your wallet…', async () => {
      await medshare.grant(chosen!.wallet, fields, expiresAt, purpose);
      return true;
    }, `Access granted to ${chosen!.name}.`);
    setReviewing(false);
    if (done) onGranted();
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Share with a provider</h2>
      <form onSubmit={review}>
        <fieldset>
          <legend>Who</legend>
          <label htmlFor={`${id}-provider`}>Provider's wallet address</label>
          <input id={`${id}-provider`} list={`${id}-providers`} value={provider} onChange={(event) => setProvider(event.target.value)} autoComplete="off" />
          <datalist id={`${id}-providers`}>
            {providers.data?.map((profile) => (
              <option key={profile.wallet.toBase58()} value={profile.wallet.toBase58()}>
                {profile.name} ({profile.identifier})
              </option>
            ))}
          </datalist>
          {chosen && (
            <p className="hint" data-testid="chosen-provider">
              {chosen.name}, {chosen.identifier}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>What</legend>
          {FIELD_SETS.map((bit) => (
            <label key={bit} className="check">
              <input type="checkbox" checked={(fields & bit) !== 0} onChange={(event) => setFields(event.target.checked ? fields | bit : fields & ~bit)} /> {FIELD_LABELS[bit]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Why and until when</legend>
          <label htmlFor={`${id}-purpose`}>Purpose</label>
          <select id={`${id}-purpose`} value={purpose} onChange={(event) => setPurpose(event.target.value as Purpose)}>
            {PURPOSES.filter((p) => p !== 'emergency').map((p) => (
              <option key={p} value={p}>
                {PURPOSE_LABELS[p]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-until`}>Until (inclusive)</label>
          <input id={`${id}-until`} type="date" value={until} onChange={(event) => setUntil(event.target.value)} />
        </fieldset>
        <ErrorText error={problem} />
        <button type="submit">Review grant</button>
      </form>
      <ErrorText error={action.error} />
      <Dialog open={reviewing} title="Confirm this grant" onClose={() => setReviewing(false)}>
        <p data-testid="consent-summary">{sentence}</p>
        <dl>
          <dt>Who</dt>
          <dd>
            {chosen?.name}, {chosen?.identifier} <code>{chosen?.wallet.toBase58()}</code>
          </dd>
          <dt>What</dt>
          <dd>{fieldWords(fields)}</dd>
          <dt>Why</dt>
          <dd>{PURPOSE_LABELS[purpose]}</dd>
          <dt>Until</dt>
          <dd>{until} 23:59 UTC</dd>
        </dl>
        <p className="hint">
          The name and identifier are what the provider registered; medshare does not check them. Make sure the wallet address is your
          provider's. Your wallet asks you to sign next. A grant to this provider replaces any earlier one.
        </p>
        <div className="actions">
          <button type="button" onClick={confirm} disabled={action.pending}>
            Sign and grant
          </button>
          <button type="button" onClick={() => setReviewing(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </section>
  );
}
