// The document blob format of medshare-crypto's `document` module, from TypeScript:
// XChaCha20-Poly1305 in STREAM mode, 64 KiB chunks, Padmé padding, bound to the document's
// address and version.

import { xchacha20poly1305 } from '@noble/ciphers/chacha';
import { sha256 } from '@noble/hashes/sha2';
import type { PublicKey } from '@solana/web3.js';
import { concat, u64le } from './sealed.ts';

export const CHUNK_LEN = 64 * 1024;
const TAG_LEN = 16;
const MAGIC = new TextEncoder().encode('MSDOC1');
const HEADER_LEN = MAGIC.length + 19;
const LENGTH_LEN = 8;
const AAD_DOMAIN = new TextEncoder().encode('medshare document, format 1');

/** Padmé: rounds a length up so that only O(log log L) of its bits show. */
export function padme(length: number): number {
  if (length < 2) return length;
  const e = Math.floor(Math.log2(length));
  const s = Math.floor(Math.log2(e)) + 1;
  const step = 2 ** (e - s);
  return Math.ceil(length / step) * step;
}

/** The nonce of chunk `index`: the 19-byte prefix, the counter (32-bit big-endian), the last-chunk flag. */
function chunkNonce(prefix: Uint8Array, index: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(24);
  nonce.set(prefix);
  new DataView(nonce.buffer).setUint32(19, index, false);
  nonce[23] = last ? 1 : 0;
  return nonce;
}

function associatedData(document: PublicKey, version: number, header: Uint8Array): Uint8Array {
  return concat(AAD_DOMAIN, document.toBytes(), u64le(version), header);
}

/** Encrypts `content` for document `document` at `version`; returns the blob and its SHA-256. */
export function encryptDocument(key: Uint8Array, document: PublicKey, version: number, content: Uint8Array) {
  const header = concat(MAGIC, crypto.getRandomValues(new Uint8Array(19)));
  const plaintext = new Uint8Array(padme(LENGTH_LEN + content.length));
  plaintext.set(u64le(content.length));
  plaintext.set(content, LENGTH_LEN);
  const aad = associatedData(document, version, header);
  const chunks = Math.max(1, Math.ceil(plaintext.length / CHUNK_LEN));
  const parts = [header];
  for (let index = 0; index < chunks; index++) {
    const chunk = plaintext.subarray(index * CHUNK_LEN, (index + 1) * CHUNK_LEN);
    const last = index === chunks - 1;
    parts.push(xchacha20poly1305(key, chunkNonce(header.subarray(MAGIC.length), index, last), aad).encrypt(chunk));
  }
  const blob = concat(...parts);
  return { blob, digest: sha256(blob) };
}

/** Decrypts a blob of document `document` at `version`; throws on any alteration, cut or wrong key. */
export function decryptDocument(key: Uint8Array, document: PublicKey, version: number, blob: Uint8Array): Uint8Array {
  const header = blob.subarray(0, HEADER_LEN);
  if (header.length < HEADER_LEN || !MAGIC.every((byte, i) => header[i] === byte)) throw new Error('not a medshare document');
  const aad = associatedData(document, version, header);
  const body = blob.subarray(HEADER_LEN);
  const chunks = Math.max(1, Math.ceil(body.length / (CHUNK_LEN + TAG_LEN)));
  const plaintext: Uint8Array[] = [];
  for (let index = 0; index < chunks; index++) {
    const sealed = body.subarray(index * (CHUNK_LEN + TAG_LEN), (index + 1) * (CHUNK_LEN + TAG_LEN));
    const nonce = chunkNonce(header.subarray(MAGIC.length), index, index === chunks - 1);
    try {
      plaintext.push(xchacha20poly1305(key, nonce, aad).decrypt(sealed));
    } catch {
      throw new Error('the document does not decrypt: altered, cut, of another document, or the wrong key');
    }
  }
  const padded = concat(...plaintext);
  const length = Number(new DataView(padded.buffer, padded.byteOffset).getBigUint64(0, true));
  if (padded.length !== padme(LENGTH_LEN + length) || padded.subarray(LENGTH_LEN + length).some((byte) => byte !== 0)) {
    throw new Error('the document does not decrypt: its padding is not what the format says');
  }
  return padded.slice(LENGTH_LEN, LENGTH_LEN + length);
}
