// The encryption keys of a browser wallet's owner, derived from the wallet's signature over a
// message that names the site, the cluster and the program: the same wallet gives the same keys
// on any device, and the page never holds the wallet's own key.
//
// Through Sign In With Solana (the Wallet Standard's `solana:signIn`) the wallet writes the
// requesting site's domain into the message itself and checks it against the page that asks, so
// a page elsewhere obtains a signature over another message, which derives other keys. A wallet
// without the feature signs a message the page writes: any page can ask for that same message,
// so the app says the risk on screen. Ed25519 signatures are deterministic (RFC 8032); a key is
// used only once it matched the published key (derived before, so the wallet repeated itself) or
// the wallet signed again and gave the same signature. One signature yields a sequence of keys
// (HKDF info: wallet and generation), so rotating to the next key needs no new message; it
// protects against a leaked key, not against a leaked signature.

import { ed25519 } from '@noble/curves/ed25519';
import { hkdf } from '@noble/hashes/hkdf';
import { sha256 } from '@noble/hashes/sha2';
import type { SolanaSignInInput, SolanaSignInOutput } from '@solana/wallet-standard-features';
import { verifySignIn } from '@solana/wallet-standard-util';
import type { PublicKey } from '@solana/web3.js';
import { type EncryptionKey, encryptionKeyFrom } from './medshare.ts';

/** Bump to derive different keys; the version is part of the message and the HKDF salt. */
export const KEY_DERIVATION_VERSION = 2;
const SALT = new TextEncoder().encode(`medshare encryption key v${KEY_DERIVATION_VERSION}`);

/** Where the key is for: the site's host (with its port), the cluster ("devnet") and the program. */
export interface KeyScope {
  domain: string;
  cluster: string;
  program: PublicKey;
}

export type SignMessage = (message: Uint8Array) => Promise<Uint8Array>;
export type SignIn = (input: SolanaSignInInput) => Promise<SolanaSignInOutput>;

/** What the connected wallet offers; `signIn` is preferred whenever it is there. */
export interface WalletSigner {
  signIn?: SignIn;
  signMessage?: SignMessage;
}

export class WalletKeyError extends Error {}

/** The statement a Sign In With Solana message carries: the wallet shows it beside the domain. */
export function keyStatement(scope: KeyScope): string {
  return (
    `Derive my medshare encryption key (version ${KEY_DERIVATION_VERSION}) for program ${scope.program.toBase58()} on ${scope.cluster}. ` +
    'This sends no transaction and costs nothing. Anyone holding this signature can decrypt what is sealed to the key.'
  );
}

/** The sign-in request: no nonce and no time, so that the wallet signs the same message every time. */
export function signInInput(wallet: PublicKey, scope: KeyScope): SolanaSignInInput {
  return { domain: scope.domain, address: wallet.toBase58(), statement: keyStatement(scope), chainId: scope.cluster };
}

/** What a wallet without Sign In With Solana signs: the page, not the wallet, names the site. */
export function fallbackMessage(wallet: PublicKey, scope: KeyScope): Uint8Array {
  return new TextEncoder().encode(
    `medshare encryption key, version ${KEY_DERIVATION_VERSION}\n\n` +
      'Signing this message derives the key that encrypts your medical record and the records shared with you. ' +
      `It sends no transaction and costs nothing. Sign it only on ${scope.domain}: anyone holding this ` +
      'signature can decrypt what is sealed to your key.\n\n' +
      `Site: ${scope.domain}\nCluster: ${scope.cluster}\nProgram: ${scope.program.toBase58()}\nWallet: ${wallet.toBase58()}`,
  );
}

/** Whether keys come through Sign In With Solana, where the wallet checks the site. */
export const checksSite = (signer: WalletSigner) => signer.signIn !== undefined;

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

  /** Whether `other` came from the same signature. */
  same(other: WalletKeys): boolean {
    return equal(this.signature, other.signature);
  }
}

/** One signature of the key message, checked against the wallet's address and the scope. */
async function sign(wallet: PublicKey, signer: WalletSigner, scope: KeyScope): Promise<Uint8Array> {
  if (signer.signIn) {
    const input = signInInput(wallet, scope);
    const output = await signer.signIn(input);
    if (!equal(Uint8Array.from(output.account.publicKey), wallet.toBytes())) {
      throw new WalletKeyError('the wallet signed in with another account than the one connected');
    }
    if (!verifySignIn(input, output)) {
      throw new WalletKeyError('the wallet signed a sign-in message other than the one asked for (another site, statement or cluster, or a nonce or time of its own), or its signature does not verify');
    }
    return output.signature;
  }
  if (!signer.signMessage) {
    throw new WalletKeyError('this wallet cannot sign messages, so no encryption key can be derived from it; import a key file instead');
  }
  const message = fallbackMessage(wallet, scope);
  const signature = await signer.signMessage(message);
  if (signature.length !== 64 || !ed25519.verify(signature, message, wallet.toBytes())) {
    throw new WalletKeyError('the wallet returned a signature that does not verify for its own address');
  }
  return signature;
}

/** Asks the wallet for the signature its keys derive from. */
export async function walletKeys(wallet: PublicKey, signer: WalletSigner, scope: KeyScope): Promise<WalletKeys> {
  return new WalletKeys(await sign(wallet, signer, scope), wallet);
}

/**
 * Asks the wallet to sign again and refuses `keys` unless it gives the same signature: needed
 * before using keys that matched nothing published, since a wallet that randomises its signatures
 * would seal to a key it can never derive again.
 */
export async function confirmDeterministic(keys: WalletKeys, wallet: PublicKey, signer: WalletSigner, scope: KeyScope): Promise<void> {
  if (!keys.same(await walletKeys(wallet, signer, scope))) {
    throw new WalletKeyError(
      'this wallet signs the same message differently each time, so no stable encryption key can be derived from it; ' +
        'use another wallet, or import a key file made with `medshare keys new`',
    );
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
