// What a test wallet's owner does from Node, outside the browser: the same key the page derives
// from the wallet's signature, for setting up chain state the page then meets.

import { ed25519 } from '@noble/curves/ed25519';
import type { Keypair } from '@solana/web3.js';
import type { EncryptionKey } from '../../clients/typescript/medshare.ts';
import { walletKeys } from '../../clients/typescript/walletKey.ts';

export async function walletKey(keypair: Keypair, generation = 1): Promise<EncryptionKey> {
  const keys = await walletKeys(keypair.publicKey, async (message) => ed25519.sign(message, keypair.secretKey.slice(0, 32)), false);
  return keys.generation(generation);
}
