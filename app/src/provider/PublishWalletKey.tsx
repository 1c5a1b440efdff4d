// Where the profile's published key is not the wallet's (a command-line key file, imported or
// lost): publish the key the wallet derives, so no file is needed on any device.

import type { Medshare } from '../../../clients/typescript/medshare.ts';
import type { WalletKeys } from '../../../clients/typescript/walletKey.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';

export function PublishWalletKey({ medshare, keys, onPublished }: { medshare: Medshare; keys: WalletKeys; onPublished: (generation: number) => void }) {
  const action = useAction();
  const publish = async () => {
    const done = await action.run('Confirm in your wallet…', async () => (await medshare.rotateProviderKey(keys.generation(1)), true), "Your wallet's key is now published.");
    if (done) onPublished(1);
  };
  return (
    <section className="card" aria-labelledby="publish-heading">
      <h2 id="publish-heading">Publish your wallet's key</h2>
      <p>
        Your profile publishes a key your wallet did not derive. Publish your wallet's key instead, so you need no file on any
        device. Requests queued under the old key are receipted as made under a rotated key.
      </p>
      <button type="button" onClick={publish} disabled={action.pending}>
        Publish my wallet's key
      </button>
      <ErrorText error={action.error} />
    </section>
  );
}
