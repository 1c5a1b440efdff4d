// A Wallet Standard wallet for the browser tests: registered by an init script before the app
// loads, through the standard's events, as an extension registers. The page side only forwards
// requests; the keypair stays in Node, which signs, so no secret enters the page.

import { ed25519 } from '@noble/curves/ed25519';
import { type Keypair, VersionedTransaction } from '@solana/web3.js';
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { randomizedSignature } from '../../tests/ts/signatures.ts';

const PAGE_SCRIPT = new URL('./wallet-page.js', import.meta.url);

export const WALLET_NAME = 'medshare test wallet';

/** How the wallet behaves; tests change it between steps. */
export interface TestWallet {
  keypair: Keypair;
  /** The chains its account says it is on. */
  chains: string[];
  /** Decline the next request, as a person pressing "Cancel" in the wallet. */
  rejectNext: boolean;
  /** Sign messages with a random nonce: valid signatures that differ every time. */
  randomSignatures: boolean;
  /** Requests it signed, by kind, for tests that count prompts. */
  signed: { messages: number; transactions: number };
}

export function testWallet(keypair: Keypair, chains = ['solana:localnet']): TestWallet {
  return { keypair, chains, rejectNext: false, randomSignatures: false, signed: { messages: 0, transactions: 0 } };
}

/** Installs `wallet` into every page of `context`. */
export async function installWallet(context: BrowserContext, wallet: TestWallet): Promise<void> {
  await context.exposeBinding('__medshareTestWallet', (_source, kind: 'message' | 'transaction', bytes: number[]) => {
    if (wallet.rejectNext) {
      wallet.rejectNext = false;
      throw new Error('User rejected the request.');
    }
    const input = Uint8Array.from(bytes);
    if (kind === 'message') {
      wallet.signed.messages++;
      const signature = wallet.randomSignatures ? randomizedSignature(input, wallet.keypair) : ed25519.sign(input, wallet.keypair.secretKey.slice(0, 32));
      return Array.from(signature);
    }
    wallet.signed.transactions++;
    const transaction = VersionedTransaction.deserialize(input);
    transaction.sign([wallet.keypair]);
    return Array.from(transaction.serialize());
  });
  const config = {
    name: WALLET_NAME,
    address: wallet.keypair.publicKey.toBase58(),
    publicKey: Array.from(wallet.keypair.publicKey.toBytes()),
    chains: wallet.chains,
  };
  // Plain JavaScript, so that no helper of the TypeScript loader ends up in the page.
  await context.addInitScript({ content: `(${readFileSync(PAGE_SCRIPT, 'utf8')})(${JSON.stringify(config)});` });
}

