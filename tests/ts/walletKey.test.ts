// Keys derived from a wallet signature: the same wallet on the same site, cluster and program
// gives the same keys, each generation a different one, and any other site, cluster, program or
// wallet other keys; a Sign In With Solana answer for another site or with fields of the
// wallet's own is refused, and so are wallets that cannot give a stable signature.

import { ed25519 } from '@noble/curves/ed25519';
import type { SolanaSignInInput } from '@solana/wallet-standard-features';
import { createSignInMessage } from '@solana/wallet-standard-util';
import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PROGRAM_ID } from '../../clients/typescript/medshare.ts';
import {
  type KeyScope,
  type WalletSigner,
  WalletKeyError,
  confirmDeterministic,
  fallbackMessage,
  walletKeys,
} from '../../clients/typescript/walletKey.ts';
import { randomizedSignature } from './signatures.ts';

const SCOPE: KeyScope = { domain: 'medshare.example', cluster: 'devnet', program: PROGRAM_ID };
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const sign = (keypair: Keypair, message: Uint8Array) => ed25519.sign(message, keypair.secretKey.slice(0, 32));

/** A wallet with Sign In With Solana on a page served from `host`; `edit` changes what it signs. */
function signInWallet(keypair: Keypair, host: string, edit = (input: SolanaSignInInput) => input): WalletSigner & { signed: string[] } {
  const signed: string[] = [];
  return {
    signed,
    signIn: async (input) => {
      const signedMessage = createSignInMessage({ ...edit(input), domain: host, address: keypair.publicKey.toBase58() });
      signed.push(new TextDecoder().decode(signedMessage));
      const account = { address: keypair.publicKey.toBase58(), publicKey: keypair.publicKey.toBytes(), chains: [], features: [] };
      return { account, signedMessage, signature: sign(keypair, signedMessage) };
    },
  };
}

const plainWallet = (keypair: Keypair): WalletSigner => ({ signMessage: async (message) => sign(keypair, message) });

const firstKey = async (keypair: Keypair, signer: WalletSigner, scope = SCOPE) =>
  hex((await walletKeys(keypair.publicKey, signer, scope)).generation(1).public);

describe('wallet-derived encryption keys', () => {
  test('one wallet gives the same keys every time, and different keys per generation and per wallet', async () => {
    const wallet = Keypair.generate();
    const signer = signInWallet(wallet, SCOPE.domain);
    const [once, again] = await Promise.all([walletKeys(wallet.publicKey, signer, SCOPE), walletKeys(wallet.publicKey, signer, SCOPE)]);
    assert.equal(hex(once.generation(1).public), hex(again.generation(1).public));
    assert.notEqual(hex(once.generation(1).public), hex(once.generation(2).public));
    const other = Keypair.generate();
    assert.notEqual(await firstKey(other, signInWallet(other, SCOPE.domain)), hex(once.generation(1).public));
    assert.deepEqual(once.find(once.generation(7).public)?.generation, 7);
    assert.equal(once.find(new Uint8Array(32).fill(9)), undefined);
  });

  test('the wallet signs in to the site, and the statement names the cluster and the program', async () => {
    const wallet = Keypair.generate();
    const signer = signInWallet(wallet, SCOPE.domain);
    await walletKeys(wallet.publicKey, signer, SCOPE);
    const [text] = signer.signed;
    assert.ok(text.startsWith(`medshare.example wants you to sign in with your Solana account:\n${wallet.publicKey.toBase58()}\n\n`));
    assert.match(text, new RegExp(`for program ${PROGRAM_ID.toBase58()} on devnet\\.`));
    assert.match(text, /\nChain ID: devnet$/);
    assert.doesNotMatch(text, /Nonce|Issued At/);
  });

  test('another site, cluster or program gives other keys', async () => {
    const wallet = Keypair.generate();
    const here = await firstKey(wallet, signInWallet(wallet, SCOPE.domain));
    const elsewhere = [
      firstKey(wallet, signInWallet(wallet, 'medshare.example.phish.test'), { ...SCOPE, domain: 'medshare.example.phish.test' }),
      firstKey(wallet, signInWallet(wallet, SCOPE.domain), { ...SCOPE, cluster: 'mainnet' }),
      firstKey(wallet, signInWallet(wallet, SCOPE.domain), { ...SCOPE, program: Keypair.generate().publicKey }),
      firstKey(wallet, plainWallet(wallet)),
    ];
    for (const key of await Promise.all(elsewhere)) assert.notEqual(key, here);
  });

  test('a sign-in answer for another site, or with a nonce or a time of the wallet, is refused', async () => {
    const wallet = Keypair.generate();
    const refused = (error: unknown) => error instanceof WalletKeyError && /sign-in message other than the one asked for/.test(error.message);
    // A page on another host asking in the real site's name: the wallet signs its own host.
    await assert.rejects(walletKeys(wallet.publicKey, signInWallet(wallet, 'phish.test'), SCOPE), refused);
    const withNonce = signInWallet(wallet, SCOPE.domain, (input) => ({ ...input, nonce: 'a1b2c3d4', issuedAt: new Date().toISOString() }));
    await assert.rejects(walletKeys(wallet.publicKey, withNonce, SCOPE), refused);
    const otherAccount = Keypair.generate();
    const impostor = signInWallet(otherAccount, SCOPE.domain);
    await assert.rejects(walletKeys(wallet.publicKey, impostor, SCOPE), (error) => error instanceof WalletKeyError && /another account/.test(error.message));
  });

  test('without sign-in, the message names the site, the cluster, the program and the wallet', () => {
    const wallet = Keypair.generate();
    const text = new TextDecoder().decode(fallbackMessage(wallet.publicKey, SCOPE));
    assert.match(text, /^medshare encryption key, version 2\n/);
    assert.match(text, /Sign it only on medshare\.example:/);
    assert.ok(text.endsWith(`Site: medshare.example\nCluster: devnet\nProgram: ${PROGRAM_ID.toBase58()}\nWallet: ${wallet.publicKey.toBase58()}`));
  });

  test('a signature that does not verify for the wallet is refused', async () => {
    const wallet = Keypair.generate();
    const impostor = Keypair.generate();
    await assert.rejects(walletKeys(wallet.publicKey, plainWallet(impostor), SCOPE), (error) => error instanceof WalletKeyError && /does not verify/.test(error.message));
  });

  test('a wallet that randomises its signatures is refused, with sign-in or without', async () => {
    const wallet = Keypair.generate();
    const signMessage = async (message: Uint8Array) => randomizedSignature(message, wallet);
    const signature = await signMessage(fallbackMessage(wallet.publicKey, SCOPE));
    assert.ok(ed25519.verify(signature, fallbackMessage(wallet.publicKey, SCOPE), wallet.publicKey.toBytes()), 'the randomised signature is valid');
    const signIn = signInWallet(wallet, SCOPE.domain).signIn!;
    const randomSignIn: WalletSigner = {
      signIn: async (input) => {
        const output = await signIn(input);
        return { ...output, signature: randomizedSignature(output.signedMessage, wallet) };
      },
    };
    for (const signer of [{ signMessage }, randomSignIn]) {
      const keys = await walletKeys(wallet.publicKey, signer, SCOPE);
      await assert.rejects(confirmDeterministic(keys, wallet.publicKey, signer, SCOPE), (error) => error instanceof WalletKeyError && /signs the same message differently/.test(error.message));
    }
  });
});
