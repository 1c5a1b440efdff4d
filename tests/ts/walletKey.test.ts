// Keys derived from a wallet signature: the same wallet gives the same keys, each generation a
// different one, the published one is found again, and wallets that cannot give a stable
// signature are refused.

import { ed25519 } from '@noble/curves/ed25519';
import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WalletKeyError, keyDerivationMessage, walletKeys } from '../../clients/typescript/walletKey.ts';
import { randomizedSignature } from './signatures.ts';

const signer = (keypair: Keypair) => async (message: Uint8Array) => ed25519.sign(message, keypair.secretKey.slice(0, 32));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('wallet-derived encryption keys', () => {
  test('one wallet gives the same keys every time, and different keys per generation and per wallet', async () => {
    const wallet = Keypair.generate();
    const [once, again] = await Promise.all([walletKeys(wallet.publicKey, signer(wallet), true), walletKeys(wallet.publicKey, signer(wallet), false)]);
    assert.equal(hex(once.generation(1).public), hex(again.generation(1).public));
    assert.notEqual(hex(once.generation(1).public), hex(once.generation(2).public));
    const other = Keypair.generate();
    assert.notEqual(hex((await walletKeys(other.publicKey, signer(other), false)).generation(1).public), hex(once.generation(1).public));
    assert.deepEqual(once.find(once.generation(7).public)?.generation, 7);
    assert.equal(once.find(new Uint8Array(32).fill(9)), undefined);
  });

  test('the message says what it is for and names the wallet', () => {
    const wallet = Keypair.generate();
    const text = new TextDecoder().decode(keyDerivationMessage(wallet.publicKey));
    assert.match(text, /^medshare encryption key, version 1\n/);
    assert.ok(text.endsWith(`Wallet: ${wallet.publicKey.toBase58()}`));
  });

  test('a signature that does not verify for the wallet is refused', async () => {
    const wallet = Keypair.generate();
    const impostor = Keypair.generate();
    await assert.rejects(walletKeys(wallet.publicKey, signer(impostor), false), (error) => error instanceof WalletKeyError && /does not verify/.test(error.message));
  });

  test('a wallet that randomises its signatures is refused at set-up', async () => {
    const wallet = Keypair.generate();
    const randomising = async (message: Uint8Array) => randomizedSignature(message, wallet);
    const signature = await randomising(keyDerivationMessage(wallet.publicKey));
    assert.ok(ed25519.verify(signature, keyDerivationMessage(wallet.publicKey), wallet.publicKey.toBytes()), 'the randomised signature is valid');
    await assert.rejects(walletKeys(wallet.publicKey, randomising, true), (error) => error instanceof WalletKeyError && /signs the same message differently/.test(error.message));
  });
});
