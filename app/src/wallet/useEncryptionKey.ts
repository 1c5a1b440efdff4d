// The owner's encryption key, held in memory only: derived from the wallet's signature and
// matched against the key published on chain (the record's, or the provider profile's), or
// taken from a `medshare keys new` file when the published key came from the command line.

import { useWallet } from '@solana/wallet-adapter-react';
import { useCallback, useState } from 'react';
import { openKeystore } from '../../../clients/typescript/keystore.ts';
import type { EncryptionKey } from '../../../clients/typescript/medshare.ts';
import { type WalletKeys, walletKeys } from '../../../clients/typescript/walletKey.ts';

export type KeyState =
  | { status: 'locked' }
  /** `generation` is the wallet key's; undefined for a key from a file. */
  | { status: 'ready'; key: EncryptionKey; keys: WalletKeys; generation?: number }
  | { status: 'mismatch'; keys: WalletKeys };

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

export function useEncryptionKey() {
  const { publicKey, signMessage } = useWallet();
  const [state, setState] = useState<KeyState>({ status: 'locked' });

  /** Asks the wallet to sign (twice when nothing is published yet) and finds the published key. */
  const unlock = useCallback(
    async (published: Uint8Array | undefined) => {
      if (!publicKey) throw new Error('connect a wallet first');
      if (!signMessage) {
        throw new Error('this wallet cannot sign messages, so no encryption key can be derived from it; import a key file instead');
      }
      const keys = await walletKeys(publicKey, signMessage, !published);
      if (!published) return setState({ status: 'ready', key: keys.generation(1), keys, generation: 1 });
      const found = keys.find(published);
      setState(found ? { status: 'ready', key: found.key, keys, generation: found.generation } : { status: 'mismatch', keys });
    },
    [publicKey, signMessage],
  );

  /** Takes the key in a `medshare keys new` file, if it is the published one. */
  const importFile = useCallback(
    async (keys: WalletKeys, text: string, passphrase: string, published: Uint8Array | undefined, onProgress?: (done: number) => void) => {
      const key = await openKeystore(text, passphrase, onProgress);
      if (published && hex(key.public) !== hex(published)) {
        throw new Error(`this key file holds key ${hex(key.public).slice(0, 16)}…, but the one published on chain is ${hex(published).slice(0, 16)}…`);
      }
      setState({ status: 'ready', key, keys });
    },
    [],
  );

  /** After a rotation or a key publication: the wallet key now in use. */
  const adoptGeneration = useCallback((keys: WalletKeys, generation: number) => {
    setState({ status: 'ready', key: keys.generation(generation), keys, generation });
  }, []);

  return { state, unlock, importFile, adoptGeneration };
}
