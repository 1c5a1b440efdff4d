// A sealed record (record format 2): five field elements and a binding tag, encrypted with
// @arcium-hq/client's Rescue cipher, as the circuits read it. The construction and its forgery
// bound are in docs/security.md; medshare-crypto's `sealed` module is the Rust twin, held to the
// same vectors (crates/medshare-crypto/vectors/sealed-format-2.json).
//
//   t = k^8 + b k + x0 k^2 + x1 k^3 + x2 k^4 + x3 k^5 + x4 k^6  (mod p)
//
// b binds owner and account, x are the elements, k is keystream element 6, one past the six
// ciphertexts, which only holders of the owner's shared secret can compute.

import { type RescueCipher, deserializeLE, serializeLE } from '@arcium-hq/client';
import { sha256 } from '@noble/hashes/sha2';
import type { PublicKey } from '@solana/web3.js';

export const P = (1n << 255n) - 19n;
export const ELEMENTS = 5;
export const CIPHERTEXTS = ELEMENTS + 1;
const TAG_KEY_POSITION = CIPHERTEXTS;
const RECORD_BINDING_DOMAIN = 'medshare record binding, format 2';
const DELIVERY_DIGEST_DOMAIN = 'medshare delivery digest, format 2';

const mod = (x: bigint) => ((x % P) + P) % P;
const text = (value: string) => new TextEncoder().encode(value);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** b = SHA-256(domain ++ owner ++ record address), little-endian, top four bits cleared. */
export function recordBinding(owner: PublicKey, record: PublicKey): bigint {
  const digest = sha256(concat(text(RECORD_BINDING_DOMAIN), owner.toBytes(), record.toBytes()));
  digest[31] &= 0x0f;
  return deserializeLE(digest);
}

/** The binding tag of `elements` under `key` and `binding`. */
export function bindingTag(key: bigint, binding: bigint, elements: bigint[]): bigint {
  let power = key;
  let tag = mod(binding * key);
  for (const element of elements) {
    power = mod(power * key);
    tag = mod(tag + element * power);
  }
  const k2 = mod(key * key);
  const k4 = mod(k2 * k2);
  return mod(tag + k4 * k4);
}

/** Keystream elements 0..=6 for `nonce`: the encryption of zeros. */
function keystream(cipher: RescueCipher, nonce: Uint8Array): bigint[] {
  return cipher.encrypt(new Array(TAG_KEY_POSITION + 1).fill(0n), nonce).map((c) => deserializeLE(Uint8Array.from(c)));
}

/** The six ciphertexts of `elements` and their tag, under `cipher` at `nonce` (16 bytes). */
export function seal(cipher: RescueCipher, nonce: Uint8Array, binding: bigint, elements: bigint[]): number[][] {
  if (elements.length !== ELEMENTS) throw new Error(`${ELEMENTS} elements expected`);
  const key = keystream(cipher, nonce)[TAG_KEY_POSITION];
  return cipher.encrypt([...elements, bindingTag(key, binding, elements)], nonce);
}

/** Decrypts six ciphertexts and checks their tag against `binding`; throws if it fails. */
export function open(cipher: RescueCipher, nonce: Uint8Array, binding: bigint, ciphertexts: number[][]): bigint[] {
  if (ciphertexts.length !== CIPHERTEXTS) throw new Error(`${CIPHERTEXTS} ciphertexts expected`);
  const plaintext = cipher.decrypt(ciphertexts, nonce);
  const elements = plaintext.slice(0, ELEMENTS);
  const key = keystream(cipher, nonce)[TAG_KEY_POSITION];
  if (bindingTag(key, binding, elements) !== plaintext[ELEMENTS]) {
    throw new Error('the sealed record was sealed for another owner or account, or altered: its binding tag does not verify');
  }
  return elements;
}

/** The tag's ciphertext alone, as a key rotation adds it to what the cluster re-encrypts. */
export function sealedTag(cipher: RescueCipher, nonce: Uint8Array, binding: bigint, elements: bigint[]): number[] {
  return seal(cipher, nonce, binding, elements)[ELEMENTS];
}

/** The digest a receipt keeps of what its disclosure delivered. */
export function deliveryDigest(offset: bigint, recipientKey: Uint8Array, outputNonce: bigint, ciphertexts: number[][]): Uint8Array {
  return sha256(
    concat(
      text(DELIVERY_DIGEST_DOMAIN),
      serializeLE(offset, 8),
      recipientKey,
      serializeLE(outputNonce, 16),
      ...ciphertexts.map((c) => Uint8Array.from(c)),
    ),
  );
}

/** Nonces at or above this are the program's; the output of computation `offset` is under this + offset + 1. */
export const PROGRAM_NONCES = 1n << 127n;
export const outputNonce = (offset: bigint) => PROGRAM_NONCES + offset + 1n;
