// Documents from TypeScript: the client opens what medshare-crypto's format holds and refuses
// anything altered; then, against `medshare localnet`, a patient adds a document, a provider
// whose grant covers documents has its key disclosed, checks it against the key commitment and
// decrypts the blob, and a withdrawn document is refused.

import { PublicKey } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decryptDocument, encryptDocument } from '../../clients/typescript/documentBlob.ts';
import {
  addDocument,
  documentsOf,
  fetchDocument,
  openDocumentKey,
  requestDocumentKey,
  withdrawDocument,
} from '../../clients/typescript/documents.ts';
import { DOCUMENTS, FIELDS, newEncryptionKey } from '../../clients/typescript/medshare.ts';
import { day } from '../../clients/typescript/record.ts';
import { type Localnet, deploy, fundedClient, refusal, removeLedger, startLocalnet, stopLocalnet } from './localnet.ts';
import { DOCUMENT_VECTORS_FILE } from './vectors.ts';

const unhex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

describe('the document format', () => {
  const cases = JSON.parse(readFileSync(DOCUMENT_VECTORS_FILE, 'utf8')) as {
    key: string;
    document: string;
    version: number;
    content_sha256: string;
    blob_base64: string;
  }[];

  test('the committed documents open under their key, document and version only', () => {
    for (const vector of cases) {
      const key = unhex(vector.key);
      const document = new PublicKey(unhex(vector.document));
      const blob = Uint8Array.from(Buffer.from(vector.blob_base64, 'base64'));
      const content = decryptDocument(key, document, vector.version, blob);
      assert.equal(createHash('sha256').update(content).digest('hex'), vector.content_sha256);
      assert.throws(() => decryptDocument(key, document, vector.version + 1, blob));
      assert.throws(() => decryptDocument(key, PublicKey.default, vector.version, blob));
    }
  });

  test('a flipped byte, a cut, an appended chunk and a wrong key are each refused', () => {
    const key = Uint8Array.from(randomBytes(32));
    const document = PublicKey.unique();
    const content = Uint8Array.from(randomBytes(140_000));
    const { blob } = encryptDocument(key, document, 1, content);
    assert.deepEqual(decryptDocument(key, document, 1, blob), content);
    const flipped = blob.slice();
    flipped[70_000] ^= 1;
    const cutAtChunk = blob.slice(0, 25 + 65_536 + 16);
    const appended = new Uint8Array([...blob, ...blob.subarray(25, 25 + 65_552)]);
    for (const altered of [flipped, cutAtChunk, blob.slice(0, -1), appended]) {
      assert.throws(() => decryptDocument(key, document, 1, altered));
    }
    assert.throws(() => decryptDocument(Uint8Array.from(randomBytes(32)), document, 1, blob));
  });
});

describe('documents over JSON-RPC', () => {
  let localnet: Localnet;
  const blobs = new Map<string, Uint8Array>();
  const put = async (digest: Uint8Array, blob: Uint8Array) => void blobs.set(Buffer.from(digest).toString('hex'), blob);
  const get = async (digest: Uint8Array) => blobs.get(Buffer.from(digest).toString('hex'))!;

  before(async () => {
    localnet = await startLocalnet();
    await deploy(localnet);
  });

  after(async () => {
    await stopLocalnet(localnet);
    removeLedger(localnet);
  });

  test('a provider whose grant covers documents opens what the patient added; a withdrawn one is refused', async () => {
    const patient = await fundedClient(localnet);
    const doctor = await fundedClient(localnet);
    const patientKey = newEncryptionKey();
    const doctorKey = newEncryptionKey();
    await patient.medshare.storeRecord(patientKey, {
      birthDay: day('1990-01-01'),
      sex: 1,
      bloodType: 0,
      weightDag: 0,
      heightMm: 0,
      allergies: Array(24).fill(false),
      conditions: [],
      medications: [],
    });
    await doctor.medshare.registerProvider(doctorKey, 'Dr. Rivera', 'NPI-1234567893');
    const content = new TextEncoder().encode('Discharge letter: stable, follow up in two weeks.\n'.repeat(2_000));
    const document = await addDocument(patient.medshare, patient.wallet.publicKey, content, 'dischargeLetter', put);
    const listed = await documentsOf(patient.medshare);
    assert.deepEqual(listed.map(({ publicKey }) => publicKey.toBase58()), [document.toBase58()]);

    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    await patient.medshare.grant(doctor.wallet.publicKey, FIELDS.conditions, inAnHour);
    assert.equal(await refusal(requestDocumentKey(doctor.medshare, document)), 'FieldsNotGranted');
    await patient.medshare.grant(doctor.wallet.publicKey, FIELDS.conditions | DOCUMENTS, inAnHour);
    const offset = await requestDocumentKey(doctor.medshare, document);
    const receipt = await doctor.medshare.awaitDisclosure(offset);
    assert.ok('delivered' in receipt.status);
    assert.equal(receipt.fields[0], DOCUMENTS);

    await assert.rejects(openDocumentKey(doctor.medshare, offset, newEncryptionKey()), /not the document's/);
    const opened = await openDocumentKey(doctor.medshare, offset, doctorKey);
    assert.deepEqual(await fetchDocument(opened, get), content);
    const swapped = async () => encryptDocument(opened.key, PublicKey.unique(), 1, content).blob;
    await assert.rejects(fetchDocument(opened, swapped), /size or SHA-256/);

    await withdrawDocument(patient.medshare, document);
    assert.equal(await refusal(requestDocumentKey(doctor.medshare, document)), 'DocumentWithdrawn');
  });
});
