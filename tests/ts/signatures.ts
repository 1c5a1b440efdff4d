// A valid Ed25519 signature made with a random nonce instead of RFC 8032's derived one, as a
// wallet that randomises its signatures would make: it verifies, but differs on every call.

import { ed25519 } from '@noble/curves/ed25519';
import { sha512 } from '@noble/hashes/sha2';
import type { Keypair } from '@solana/web3.js';

const L = ed25519.CURVE.n;
const leToBigint = (bytes: Uint8Array) => bytes.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);
const bigintToLe = (n: bigint, length: number) => Uint8Array.from({ length }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

export function randomizedSignature(message: Uint8Array, keypair: Keypair): Uint8Array {
  const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(keypair.secretKey.slice(0, 32));
  const r = leToBigint(crypto.getRandomValues(new Uint8Array(64))) % L;
  const R = ed25519.ExtendedPoint.BASE.multiply(r).toRawBytes();
  const k = leToBigint(sha512(new Uint8Array([...R, ...pointBytes, ...message]))) % L;
  const S = (r + k * scalar) % L;
  return new Uint8Array([...R, ...bigintToLe(S, 32)]);
}
