// What a test wallet's owner does from Node, outside the browser: the same key the page at
// `appUrl` derives from the wallet's signature, for setting up chain state the page then meets.

import type { Keypair } from '@solana/web3.js';
import type { EncryptionKey } from '../../clients/typescript/medshare.ts';
import { PROGRAM_ID } from '../../clients/typescript/medshare.ts';
import { walletKeys } from '../../clients/typescript/walletKey.ts';
import { testWallet, walletSigner } from './wallet.ts';

export async function walletKey(keypair: Keypair, appUrl: string, options: { generation?: number; signIn?: boolean } = {}): Promise<EncryptionKey> {
  const domain = new URL(appUrl).host;
  const signer = walletSigner(testWallet(keypair, { signIn: options.signIn }), domain);
  const keys = await walletKeys(keypair.publicKey, signer, { domain, cluster: 'localnet', program: PROGRAM_ID });
  return keys.generation(options.generation ?? 1);
}
