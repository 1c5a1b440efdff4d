// Vectors of record format 2 sealed by the TypeScript client with @arcium-hq/client's Rescue
// cipher. `npm run vectors` writes them to crates/medshare-crypto/vectors/sealed-format-2.json,
// where medshare-crypto's tests check its own sealing against them byte for byte, and
// sealed.test.ts checks that the client still produces them. It also writes documents the client
// encrypted (document format 1, whose random nonce makes every run's blobs differ) to
// document-format-1.json, which medshare-crypto decrypts.

import { RescueCipher, serializeLE, x25519 } from '@arcium-hq/client';
import { PublicKey } from '@solana/web3.js';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { encryptDocument } from '../../clients/typescript/documentBlob.ts';
import { keyCommitment } from '../../clients/typescript/documents.ts';
import { P, outputNonce, recordBinding, seal, sealedTag } from '../../clients/typescript/sealed.ts';

export const VECTORS_FILE = new URL('../../crates/medshare-crypto/vectors/sealed-format-2.json', import.meta.url);
export const DOCUMENT_VECTORS_FILE = new URL('../../crates/medshare-crypto/vectors/document-format-1.json', import.meta.url);

const hex = (bytes: Uint8Array | number[]) => Buffer.from(bytes).toString('hex');

function seeded(label: string): Uint8Array {
  return Uint8Array.from(createHash('sha256').update(`medshare/sealed/${label}`).digest());
}

function seededElement(label: string): bigint {
  const bytes = seeded(label);
  bytes[31] &= 0x3f;
  return BigInt(`0x${hex(bytes.reverse())}`);
}

const EDGES = [0n, 1n, P - 1n, 1n << 214n, (1n << 254n) - 1n];

export function sealedVectors() {
  return [0, 1, 2].map((index) => {
    const patient = seeded(`patient/${index}`);
    const mxe = x25519.getPublicKey(seeded(`mxe/${index}`));
    const owner = new PublicKey(seeded(`owner/${index}`));
    const record = new PublicKey(seeded(`record/${index}`));
    const nonce = [1n, (1n << 64n) + 12345n, (1n << 127n) - 1n][index];
    const elements = index === 0 ? EDGES : Array.from({ length: 5 }, (_, i) => seededElement(`element/${index}/${i}`));
    const cipher = new RescueCipher(x25519.getSharedSecret(patient, mxe));
    const binding = recordBinding(owner, record);
    const newKey = seeded(`new-key/${index}`);
    const offset = BigInt(index * 1_000_003);
    const newCipher = new RescueCipher(x25519.getSharedSecret(newKey, mxe));
    return {
      patient_secret: hex(patient),
      mxe_public_key: hex(mxe),
      owner: hex(owner.toBytes()),
      record: hex(record.toBytes()),
      nonce: nonce.toString(),
      elements: elements.map((element) => hex(serializeLE(element, 32))),
      binding: hex(serializeLE(binding, 32)),
      ciphertexts: seal(cipher, serializeLE(nonce, 16), binding, elements).map(hex),
      rotation: {
        new_secret: hex(newKey),
        computation_offset: offset.toString(),
        tag: hex(sealedTag(newCipher, serializeLE(outputNonce(offset), 16), binding, elements)),
      },
    };
  });
}

/** Contents around the chunk boundaries: empty, one byte, a plaintext of exactly one chunk, one byte more. */
export const DOCUMENT_SIZES = [0, 1, 65_528, 65_529];

export function documentVectors() {
  return DOCUMENT_SIZES.map((size, index) => {
    const key = seeded(`document-key/${index}`);
    const document = new PublicKey(seeded(`document/${index}`));
    const version = index + 1;
    const content = Uint8Array.from({ length: size }, (_, i) => (i * 131 + index) % 256);
    return {
      key: hex(key),
      document: hex(document.toBytes()),
      version,
      content_sha256: hex(createHash('sha256').update(content).digest()),
      content_len: size,
      key_commitment: hex(keyCommitment(key, document, version)),
      blob_base64: Buffer.from(encryptDocument(key, document, version, content).blob).toString('base64'),
    };
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(VECTORS_FILE, `${JSON.stringify(sealedVectors(), null, 2)}\n`);
  writeFileSync(DOCUMENT_VECTORS_FILE, `${JSON.stringify(documentVectors(), null, 2)}\n`);
  console.log(`wrote ${VECTORS_FILE.pathname} and ${DOCUMENT_VECTORS_FILE.pathname}`);
}
