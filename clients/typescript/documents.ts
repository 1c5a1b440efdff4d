// Documents from TypeScript: the file key sealed to the MXE, and the flows: add, list,
// withdraw, have a key disclosed and open it against the key commitment. The blob format is
// documentBlob.ts, loaded with the first file encrypted or opened. Blobs are held in memory
// here; the store they live in is the caller's (`put`, `get`).

import { numberToBytesLE } from '@noble/curves/utils';
import { sha256 } from '@noble/hashes/sha2';
import { PublicKey, SystemProgram } from '@solana/web3.js';
import BN from 'bn.js';
import { type EncryptionKey, type Medshare, PROGRAM_ID, addresses, newEncryptionKey, randomU64 } from './medshare.ts';
import { PROGRAM_NONCES, concat, documentKeyBinding, sealElements, u64le } from './sealed.ts';

const COMMITMENT_DOMAIN = new TextEncoder().encode('medshare document key commitment, format 1');

export const CATEGORIES = ['labReport', 'imaging', 'dischargeLetter', 'referral', 'prescription', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export type Document = Awaited<ReturnType<Medshare['program']['account']['document']['fetch']>>;

export const documentAddress = (patient: PublicKey, id: BN) =>
  PublicKey.findProgramAddressSync([Buffer.from('document'), patient.toBuffer(), id.toArrayLike(Buffer, 'le', 8)], PROGRAM_ID)[0];

/** The commitment a document account publishes to its file key, address and version. */
export function keyCommitment(key: Uint8Array, document: PublicKey, version: number): Uint8Array {
  return sha256(concat(COMMITMENT_DOMAIN, key, document.toBytes(), u64le(version)));
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
  const { encryptDocument } = await import('./documentBlob.ts');
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
  const { decryptDocument } = await import('./documentBlob.ts');
  return decryptDocument(opened.key, opened.address, opened.version, blob);
}
