// Documents from TypeScript: the blob format of medshare-crypto's `document` module (XChaCha20-
// Poly1305 in STREAM mode, 64 KiB chunks, Padmé padding, bound to the document's address and
// version), the file key sealed to the MXE, and the flows: add, list, withdraw, have a key
// disclosed and open it against the key commitment. Blobs are held in memory here; the store
// they live in is the caller's (`put`, `get`).

import { xchacha20poly1305 } from '@noble/ciphers/chacha';
import { numberToBytesLE } from '@noble/curves/utils';
import { sha256 } from '@noble/hashes/sha2';
import { PublicKey, SystemProgram } from '@solana/web3.js';
import BN from 'bn.js';
import { type EncryptionKey, type Medshare, PROGRAM_ID, addresses, newEncryptionKey, randomU64 } from './medshare.ts';
import { PROGRAM_NONCES, concat, documentKeyBinding, sealElements } from './sealed.ts';

export const CHUNK_LEN = 64 * 1024;
const TAG_LEN = 16;
const MAGIC = new TextEncoder().encode('MSDOC1');
const HEADER_LEN = MAGIC.length + 19;
const LENGTH_LEN = 8;
const AAD_DOMAIN = new TextEncoder().encode('medshare document, format 1');
const COMMITMENT_DOMAIN = new TextEncoder().encode('medshare document key commitment, format 1');

export const CATEGORIES = ['labReport', 'imaging', 'dischargeLetter', 'referral', 'prescription', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export type Document = Awaited<ReturnType<Medshare['program']['account']['document']['fetch']>>;

export const documentAddress = (patient: PublicKey, id: BN) =>
  PublicKey.findProgramAddressSync([Buffer.from('document'), patient.toBuffer(), id.toArrayLike(Buffer, 'le', 8)], PROGRAM_ID)[0];

const u64le = (value: number | bigint) => numberToBytesLE(BigInt(value), 8);

/** The commitment a document account publishes to its file key, address and version. */
export function keyCommitment(key: Uint8Array, document: PublicKey, version: number): Uint8Array {
  return sha256(concat(COMMITMENT_DOMAIN, key, document.toBytes(), u64le(version)));
}

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

/** The key as two 128-bit halves, little-endian, as the circuit takes them. */
function halves(key: Uint8Array): bigint[] {
  const half = (bytes: Uint8Array) => bytes.reduceRight((value, byte) => (value << 8n) | BigInt(byte), 0n);
  return [half(key.subarray(0, 16)), half(key.subarray(16))];
}

/**
 * The patient (or a provider whose grant covers documents) adds `content` to `patient`'s documents:
 * encrypted here under a fresh key, the blob handed to `put` under its digest, the key sealed to the
 * MXE under a one-time key and bound to the patient and the document's address. Returns the
 * document's address.
 */
export async function addDocument(
  client: Medshare,
  patient: PublicKey,
  content: Uint8Array,
  category: Category,
  put: (digest: Uint8Array, blob: Uint8Array) => Promise<void>,
  emergencyAccess = false,
): Promise<PublicKey> {
  const id = randomU64();
  const document = documentAddress(patient, id);
  const fileKey = crypto.getRandomValues(new Uint8Array(32));
  const { blob, digest } = encryptDocument(fileKey, document, 1, content);
  await put(digest, blob);
  const nonce = BigInt(randomU64().toString()) % PROGRAM_NONCES;
  // Sealed under a one-time key, dropped here: no long-term key, leaked later, opens it.
  const oneTime = newEncryptionKey();
  const cipher = await client.cipher(oneTime.secret);
  const sealed = sealElements(cipher, numberToBytesLE(nonce, 16), documentKeyBinding(patient, document), halves(fileKey));
  const uploader = client.wallet;
  const contents = {
    category: { [category]: {} } as never,
    digest: Array.from(digest),
    paddedSize: new BN(blob.length),
    keyCommitment: Array.from(keyCommitment(fileKey, document, 1)),
    sealedKey: { encryptionKey: Array.from(oneTime.public), nonce: new BN(nonce.toString()), ciphertexts: sealed },
  };
  await client.program.methods
    .addDocument(patient, id, contents, emergencyAccess)
    .accountsPartial({
      uploader,
      provider: uploader.equals(patient) ? null : addresses.provider(uploader),
      grant: uploader.equals(patient) ? null : addresses.grant(patient, uploader),
      document,
      systemProgram: SystemProgram.programId,
    })
    .rpc();
  return document;
}

/** `patient`'s documents, withdrawn ones included, oldest first. */
export async function documentsOf(client: Medshare, patient = client.wallet) {
  const found = await client.program.account.document.all([{ memcmp: { offset: 8, bytes: patient.toBase58() } }]);
  return found.sort((a, b) => a.account.addedAt.cmp(b.account.addedAt));
}

/** The patient withdraws `document`: its key is disclosed no more. */
export async function withdrawDocument(client: Medshare, document: PublicKey): Promise<string> {
  return client.program.methods.withdrawDocument().accountsPartial({ patient: client.wallet, document }).rpc();
}

/** This provider asks for `document`'s key under its grant from the document's patient; returns the offset. */
export async function requestDocumentKey(client: Medshare, document: PublicKey): Promise<BN> {
  const { patient } = await client.program.account.document.fetch(document);
  return client.queueSealedPair({ document }, { grant: {} }, client.grantCredentials(patient));
}

/** The patient has `document`'s key disclosed to `recipientKey` (their own, to open it); returns the offset. */
export async function sendDocumentKey(client: Medshare, document: PublicKey, recipientKey: Uint8Array): Promise<BN> {
  const request = { patient: { recipientKey: Array.from(recipientKey) } };
  return client.queueSealedPair({ document }, request, { provider: null, grant: null });
}

/**
 * The file key disclosure `offset` delivered, decrypted with `key` and checked against the
 * document's key commitment before anything is downloaded; with the document it opens.
 */
export async function openDocumentKey(client: Medshare, offset: BN, key: EncryptionKey) {
  const receipt = await client.program.account.disclosure.fetch(addresses.receipt(offset));
  const subject = receipt.subject.document;
  if (!subject) throw new Error(`disclosure ${offset} disclosed a record, not a document key`);
  const event = await client.disclosedEvent(offset, receipt, 'documentKeyDisclosed');
  const cipher = await client.cipher(key.secret);
  const [low, high] = cipher.decrypt(event.ciphertexts, numberToBytesLE(BigInt(event.outputNonce.toString()), 16));
  if (low >> 128n || high >> 128n) throw new Error('the disclosed key is not the document\'s');
  const fileKey = concat(numberToBytesLE(low, 16), numberToBytesLE(high, 16));
  const document = await client.program.account.document.fetch(subject.address);
  const version = Number(subject.version);
  const commitment = keyCommitment(fileKey, subject.address, version);
  if (Number(document.version) !== version || !commitment.every((byte, i) => byte === document.contents.keyCommitment[i])) {
    throw new Error("the disclosed key is not the document's: it does not match the key commitment on chain");
  }
  return { address: subject.address, document, version, key: fileKey };
}

/** Opens a blob `get` returns for the document `opened` names, checking its digest and size first. */
export async function fetchDocument(
  opened: Awaited<ReturnType<typeof openDocumentKey>>,
  get: (digest: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const { contents } = opened.document;
  const blob = await get(Uint8Array.from(contents.digest));
  const digest = sha256(blob);
  if (blob.length !== Number(contents.paddedSize) || !digest.every((byte, i) => byte === contents.digest[i])) {
    throw new Error('the stored blob is not the document: its size or SHA-256 differs from the account');
  }
  return decryptDocument(opened.key, opened.address, opened.version, blob);
}
