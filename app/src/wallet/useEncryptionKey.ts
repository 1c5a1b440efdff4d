// The owner's encryption key, held in memory only: derived from the wallet's signature (through
// Sign In With Solana where the wallet has it) and matched against the key published on chain
// (the record's, or the provider profile's), or taken from a `medshare keys new` file when the
// published key came from the command line.

import { bytesToHex } from '@noble/hashes/utils';
import { useCallback, useMemo, useState } from 'react';
import { type EncryptionKey, PROGRAM_ID } from '../../../clients/typescript/medshare.ts';
import { type KeyScope, type WalletKeys, checksSite, confirmDeterministic, walletKeys } from '../../../clients/typescript/walletKey.ts';
import { chainLabel, chainOf } from '../cluster.ts';
import { connection } from '../connection.ts';
import { useWallet } from './wallets.tsx';

export type KeyState =
  | { status: 'locked' }
  /** `generation` is the wallet key's; undefined for a key from a file. */
  | { status: 'ready'; key: EncryptionKey; keys: WalletKeys; generation?: number }
  | { status: 'mismatch'; keys: WalletKeys };

/** The site the page is served from: what a Sign In With Solana wallet checks and signs. */
export const siteDomain = () => window.location.host;

export function useEncryptionKey() {
  const { publicKey, signMessage, signIn } = useWallet().connected ?? {};
  const [state, setState] = useState<KeyState>({ status: 'locked' });
  const signer = useMemo(() => ({ signIn, signMessage }), [signIn, signMessage]);

  /**
   * Asks the wallet to sign and finds the published key. Keys that match nothing published are
   * confirmed by a second signature before any use.
   */
  const unlock = useCallback(
    async (published: Uint8Array | undefined) => {
      if (!publicKey) throw new Error('connect a wallet first');
      const scope: KeyScope = { domain: siteDomain(), cluster: chainLabel(await chainOf(connection)), program: PROGRAM_ID };
      const keys = await walletKeys(publicKey, signer, scope);
      const found = published && keys.find(published);
      if (found) return setState({ status: 'ready', key: found.key, keys, generation: found.generation });
      await confirmDeterministic(keys, publicKey, signer, scope);
      setState(published ? { status: 'mismatch', keys } : { status: 'ready', key: keys.generation(1), keys, generation: 1 });
    },
    [publicKey, signer],
  );

  /** Takes the key in a `medshare keys new` file, if it is the published one. */
  const importFile = useCallback(
    async (keys: WalletKeys, text: string, passphrase: string, published: Uint8Array | undefined, onProgress?: (done: number) => void) => {
      // Argon2id and the key file's cipher load with the first key file.
      const { openKeystore } = await import('../../../clients/typescript/keystore.ts');
      const key = await openKeystore(text, passphrase, onProgress);
      if (published && bytesToHex(key.public) !== bytesToHex(published)) {
        throw new Error(`this key file holds key ${bytesToHex(key.public).slice(0, 16)}…, but the one published on chain is ${bytesToHex(published).slice(0, 16)}…`);
      }
      setState({ status: 'ready', key, keys });
    },
    [],
  );

  /** After a rotation or a key publication: the wallet key now in use. */
  const adoptGeneration = useCallback((keys: WalletKeys, generation: number) => {
    setState({ status: 'ready', key: keys.generation(generation), keys, generation });
  }, []);

  return { state, unlock, importFile, adoptGeneration, checksSite: checksSite(signer) };
}
