// A Wallet Standard wallet for the browser tests: registered by an init script before the app
// loads, through the standard's events, as an extension registers. The page side only forwards
// requests; the keypair stays in Node, which signs, so no secret enters the page. Like a real
// wallet it writes the requesting page's own domain into a Sign In With Solana message and
// refuses a request that names another.

import { ed25519 } from '@noble/curves/ed25519';
import type { SolanaSignInInput } from '@solana/wallet-standard-features';
import { createSignInMessage } from '@solana/wallet-standard-util';
import { type Keypair, VersionedTransaction } from '@solana/web3.js';
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import type { WalletSigner } from '../../clients/typescript/walletKey.ts';
import { randomizedSignature } from '../../tests/ts/signatures.ts';

const PAGE_SCRIPT = new URL('./wallet-page.js', import.meta.url);

export const WALLET_NAME = 'medshare test wallet';

/** How the wallet behaves; tests change it between steps. */
export interface TestWallet {
  keypair: Keypair;
  /** The chains its account says it is on. */
  chains: string[];
  /** Whether it offers Sign In With Solana (`solana:signIn`); set before the page opens. */
  signIn: boolean;
  /** Decline the next request, as a person pressing "Cancel" in the wallet. */
  rejectNext: boolean;
  /** Sign messages with a random nonce: valid signatures that differ every time. */
  randomSignatures: boolean;
  /** Requests it signed, by kind, for tests that count prompts. */
  signed: { signIns: number; messages: number; transactions: number };
  /** The last message it signed, sign-in or plain. */
  lastMessage?: string;
}

export function testWallet(keypair: Keypair, options: { chains?: string[]; signIn?: boolean } = {}): TestWallet {
  return {
    keypair,
    chains: options.chains ?? ['solana:localnet'],
    signIn: options.signIn ?? true,
    rejectNext: false,
    randomSignatures: false,
    signed: { signIns: 0, messages: 0, transactions: 0 },
  };
}

function signBytes(wallet: TestWallet, message: Uint8Array): Uint8Array {
  wallet.lastMessage = new TextDecoder().decode(message);
  return wallet.randomSignatures ? randomizedSignature(message, wallet.keypair) : ed25519.sign(message, wallet.keypair.secretKey.slice(0, 32));
}

/** The message a wallet signs for a sign-in request from a page on `host`. */
function signInMessage(wallet: TestWallet, input: SolanaSignInInput, host: string): Uint8Array {
  if (input.domain !== undefined && input.domain !== host) {
    throw new Error(`This request names ${input.domain}, but comes from ${host}: the wallet refused to sign.`);
  }
  return createSignInMessage({ ...input, domain: host, address: input.address ?? wallet.keypair.publicKey.toBase58() });
}

/** What the wallet signs for a page on `host`, as the app's key derivation calls it. */
export function walletSigner(wallet: TestWallet, host: string): WalletSigner {
  const account = { address: wallet.keypair.publicKey.toBase58(), publicKey: wallet.keypair.publicKey.toBytes(), chains: [], features: [] } as const;
  const signMessage = async (message: Uint8Array) => signBytes(wallet, message);
  if (!wallet.signIn) return { signMessage };
  return {
    signMessage,
    signIn: async (input) => {
      const signedMessage = signInMessage(wallet, input, host);
      return { account, signedMessage, signature: signBytes(wallet, signedMessage) };
    },
  };
}

/** Installs `wallet` into every page of `context`. */
export async function installWallet(context: BrowserContext, wallet: TestWallet): Promise<void> {
  await context.exposeBinding('__medshareTestWallet', async ({ frame }, kind: 'signIn' | 'message' | 'transaction', payload: unknown) => {
    if (wallet.rejectNext) {
      wallet.rejectNext = false;
      throw new Error('User rejected the request.');
    }
    if (kind === 'signIn') {
      wallet.signed.signIns++;
      const host = new URL(frame.url()).host;
      const signedMessage = signInMessage(wallet, payload as SolanaSignInInput, host);
      return { signedMessage: Array.from(signedMessage), signature: Array.from(signBytes(wallet, signedMessage)) };
    }
    const input = Uint8Array.from(payload as number[]);
    if (kind === 'message') {
      wallet.signed.messages++;
      return Array.from(signBytes(wallet, input));
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
    signIn: wallet.signIn,
  };
  // Plain JavaScript, so that no helper of the TypeScript loader ends up in the page.
  await context.addInitScript({ content: `(${readFileSync(PAGE_SCRIPT, 'utf8')})(${JSON.stringify(config)});` });
}
