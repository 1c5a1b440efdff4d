// The encryption keys of a browser wallet's owner, derived from the wallet's signature over a
// fixed, versioned message: the same wallet gives the same keys on any device, and the page never
// holds the wallet's own key. Ed25519 signatures are deterministic (RFC 8032), so a wallet that
// signs the message twice differently cannot hold a stable key and is refused. One signature
// yields a sequence of keys (HKDF info: wallet and generation), so rotating to the next key needs
// no new message; it protects against a leaked key, not against a leaked signature.

import { ed25519 } from '@noble/curves/ed25519';
import { hkdf } from '@noble/hashes/hkdf';
import { sha256 } from '@noble/hashes/sha2';
import type { PublicKey } from '@solana/web3.js';
import { type EncryptionKey, encryptionKeyFrom } from './medshare.ts';

/** Bump to derive different keys; the version is part of the message and the HKDF salt. */
export const KEY_DERIVATION_VERSION = 1;
const SALT = new TextEncoder().encode(`medshare encryption key v${KEY_DERIVATION_VERSION}`);

export type SignMessage = (message: Uint8Array) => Promise<Uint8Array>;

export class WalletKeyError extends Error {}

/** What the wallet is asked to sign: it says what the signature is for, and names the wallet. */
export function keyDerivationMessage(wallet: PublicKey): Uint8Array {
  return new TextEncoder().encode(
    `medshare encryption key, version ${KEY_DERIVATION_VERSION}\n\n` +
      'Signing this message derives the key that encrypts your medical record and the records shared with you. ' +
      'It sends no transaction and costs nothing. Sign it only in the medshare app: anyone holding this ' +
      'signature can decrypt what is sealed to your key.\n\n' +
      `Wallet: ${wallet.toBase58()}`,
  );
}

/** How many key generations the app looks through for the one on chain. */
export const MAX_GENERATIONS = 64;

/** The keys one wallet signature yields: generation 1, 2, ... */
export class WalletKeys {
  constructor(
    private readonly signature: Uint8Array,
    private readonly wallet: PublicKey,
  ) {}

  generation(n: number): EncryptionKey {
    const info = new Uint8Array(36);
    info.set(this.wallet.toBytes());
    new DataView(info.buffer).setUint32(32, n, true);
    return encryptionKeyFrom(hkdf(sha256, this.signature, SALT, info, 32));
  }

  /** The generation whose public key is `published`, if any within MAX_GENERATIONS. */
  find(published: Uint8Array): { generation: number; key: EncryptionKey } | undefined {
    for (let generation = 1; generation <= MAX_GENERATIONS; generation++) {
      const key = this.generation(generation);
      if (equal(key.public, published)) return { generation, key };
    }
    return undefined;
  }
}

/**
 * Asks `wallet` for the signature its keys derive from. With `confirm` (a first set-up, when no
 * key is on chain to compare with) the wallet signs twice and must give the same signature.
 */
export async function walletKeys(wallet: PublicKey, signMessage: SignMessage, confirm: boolean): Promise<WalletKeys> {
  const message = keyDerivationMessage(wallet);
  const signature = await signMessage(message);
  if (signature.length !== 64 || !ed25519.verify(signature, message, wallet.toBytes())) {
    throw new WalletKeyError('the wallet returned a signature that does not verify for its own address');
  }
  if (confirm) {
    const again = await signMessage(message);
    if (!equal(signature, again)) {
      throw new WalletKeyError(
        'this wallet signs the same message differently each time, so no stable encryption key can be derived from it; ' +
          'use another wallet, or import a key file made with `medshare keys new`',
      );
    }
  }
  return new WalletKeys(signature, wallet);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
