// Key rotation: the cluster re-seals the record for the wallet's next key, so a key that leaked
// no longer opens it (what was read before stays read).

import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import type { WalletKeys } from '../../../clients/typescript/walletKey.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';

export function RotateKey({
  medshare,
  current,
  next,
  onRotated,
}: {
  medshare: Medshare;
  current: EncryptionKey;
  next: { keys: WalletKeys; generation: number };
  onRotated: (keys: WalletKeys, generation: number) => void;
}) {
  const action = useAction();
  const rotate = async () => {
    const done = await action.run('Confirm the rotation in your wallet, then the cluster re-seals your record…', async (report) => {
      await medshare.rotateRecordKey(current, next.keys.generation(next.generation));
      report('Re-sealed: checking that your record opens under the new key…');
      return true;
    }, `Your record is sealed under your wallet's key ${next.generation}.`);
    if (done) onRotated(next.keys, next.generation);
  };
  return (
    <section className="card" aria-labelledby="rotate-heading">
      <h2 id="rotate-heading">Rotate your encryption key</h2>
      <p>
        The cluster re-seals your record for your wallet's key {next.generation}, without anyone seeing it. Rotate if you think
        your key leaked. It does not help if your wallet itself, or its signature for medshare, leaked: then move to a new wallet.
      </p>
      <button type="button" onClick={rotate} disabled={action.pending}>
        Rotate my key
      </button>
      <ErrorText error={action.error} />
    </section>
  );
}
