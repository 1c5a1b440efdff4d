// Sealed data: field elements and a binding tag, encrypted with @arcium-hq/client's Rescue
// cipher, as the circuits read it: a record (format 2) is five elements, a document's file key
// two. The construction and its forgery bound are in docs/security.md; medshare-crypto's
// `sealed` module is the Rust twin, held to the same vectors
// (crates/medshare-crypto/vectors/sealed-format-2.json).
//
//   t = k^(n+3) + b k + x0 k^2 + ... + x(n-1) k^(n+1)  (mod p)
//
// b binds owner and account, x are the n <= 5 elements at keystream positions 0..n, the tag
// is at position 5 and k is keystream element 6 for every format, a position nothing is ever
// encrypted at, which only holders of the owner's shared secret can compute.

import type { RescueCipher } from '@arcium-hq/client';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils';
import { sha256 } from '@noble/hashes/sha2';
import type { PublicKey } from '@solana/web3.js';

export const P = (1n << 255n) - 19n;
export const ELEMENTS = 5;
export const CIPHERTEXTS = ELEMENTS + 1;
/** The keystream position of every format's tag; its key is the next. */
export const TAG_POSITION = 5;
const RECORD_BINDING_DOMAIN = 'medshare record binding, format 2';
const DOCUMENT_BINDING_DOMAIN = 'medshare document key binding, format 1';
const ATTESTATION_BINDING_DOMAIN = 'medshare attestation binding, format 1';
const DELIVERY_DIGEST_DOMAIN = 'medshare delivery digest, format 2';

const mod = (x: bigint) => ((x % P) + P) % P;
const text = (value: string) => new TextEncoder().encode(value);

/** `value` as 8 bytes, little-endian. */
export const u64le = (value: number | bigint) => numberToBytesLE(BigInt(value), 8);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function binding(domain: string, owner: PublicKey, account: PublicKey): bigint {
  const digest = sha256(concat(text(domain), owner.toBytes(), account.toBytes()));
  digest[31] &= 0x0f;
  return bytesToNumberLE(digest);
}

/** b = SHA-256(domain ++ owner ++ record address), little-endian, top four bits cleared. */
export const recordBinding = (owner: PublicKey, record: PublicKey) => binding(RECORD_BINDING_DOMAIN, owner, record);

/** b of a document's file key: its patient and the document's address, under its own domain. */
export const documentKeyBinding = (patient: PublicKey, document: PublicKey) =>
  binding(DOCUMENT_BINDING_DOMAIN, patient, document);

/** b of an attestation's body: the patient it is about and the attestation's address. */
export const attestationBinding = (patient: PublicKey, attestation: PublicKey) =>
  binding(ATTESTATION_BINDING_DOMAIN, patient, attestation);

/** The binding tag of `elements` under `key` and `binding`. */
export function bindingTag(key: bigint, binding: bigint, elements: bigint[]): bigint {
  let power = key;
  let tag = mod(binding * key);
  for (const element of elements) {
    power = mod(power * key);
    tag = mod(tag + element * power);
  }
  return mod(tag + power * key * key);
}

/** The tag's key at `nonce`: keystream element 6, the encryption of zero there. */
function tagKey(cipher: RescueCipher, nonce: Uint8Array): bigint {
  const keystream = cipher.encrypt(new Array(TAG_POSITION + 2).fill(0n), nonce);
  return bytesToNumberLE(Uint8Array.from(keystream[TAG_POSITION + 1]));
}

/** `elements`, then zeros up to the tag's position: what the cipher encrypts before the tag. */
function belowTag(elements: bigint[]): bigint[] {
  if (elements.length > TAG_POSITION) throw new Error(`at most ${TAG_POSITION} elements can be sealed`);
  return [...elements, ...new Array(TAG_POSITION - elements.length).fill(0n)];
}

/** The ciphertexts of `elements` and then their tag, under `cipher` at `nonce` (16 bytes). */
export function sealElements(cipher: RescueCipher, nonce: Uint8Array, binding: bigint, elements: bigint[]): number[][] {
  const tag = bindingTag(tagKey(cipher, nonce), binding, elements);
  const ciphertexts = cipher.encrypt([...belowTag(elements), tag], nonce);
  return [...ciphertexts.slice(0, elements.length), ciphertexts[TAG_POSITION]];
}

/** Decrypts sealed elements followed by their tag and checks the tag; throws if it fails. */
export function openElements(cipher: RescueCipher, nonce: Uint8Array, binding: bigint, ciphertexts: number[][]): bigint[] {
  const n = ciphertexts.length - 1;
  const unused = new Array(TAG_POSITION - n).fill(new Array(32).fill(0));
  const plaintext = cipher.decrypt([...ciphertexts.slice(0, n), ...unused, ciphertexts[n]], nonce);
  const elements = plaintext.slice(0, n);
  if (bindingTag(tagKey(cipher, nonce), binding, elements) !== plaintext[TAG_POSITION]) {
    throw new Error('the sealed data was sealed for another owner or account, or altered: its binding tag does not verify');
  }
  return elements;
}

/** The six ciphertexts of a record's `elements` and their tag, under `cipher` at `nonce` (16 bytes). */
export function seal(cipher: RescueCipher, nonce: Uint8Array, binding: bigint, elements: bigint[]): number[][] {
  if (elements.length !== ELEMENTS) throw new Error(`${ELEMENTS} elements expected`);
  return sealElements(cipher, nonce, binding, elements);
}

/** Decrypts a record's six ciphertexts and checks their tag against `binding`; throws if it fails. */
export function open(cipher: RescueCipher, nonce: Uint8Array, binding: bigint, ciphertexts: number[][]): bigint[] {
  if (ciphertexts.length !== CIPHERTEXTS) throw new Error(`${CIPHERTEXTS} ciphertexts expected`);
  return openElements(cipher, nonce, binding, ciphertexts);
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
      u64le(offset),
      recipientKey,
      numberToBytesLE(outputNonce, 16),
      ...ciphertexts.map((c) => Uint8Array.from(c)),
    ),
  );
}

/** Nonces at or above this are the program's; the output of computation `offset` is under this + offset + 1. */
export const PROGRAM_NONCES = 1n << 127n;
export const outputNonce = (offset: bigint) => PROGRAM_NONCES + offset + 1n;
