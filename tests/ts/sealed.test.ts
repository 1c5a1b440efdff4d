// Record format 2 from TypeScript, without a chain: the record's packing, sealing and opening
// with @arcium-hq/client's Rescue cipher, the binding that refuses copies and tampering, and the
// vectors medshare-crypto is held to.

import { RescueCipher, serializeLE, x25519 } from '@arcium-hq/client';
import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { type ClinicalSummary, day, icd10, packSummary, unpackSummary } from '../../clients/typescript/record.ts';
import { open, recordBinding, seal } from '../../clients/typescript/sealed.ts';
import { VECTORS_FILE, sealedVectors } from './vectors.ts';

const SUMMARY: ClinicalSummary = {
  birthDay: day('1961-03-14'),
  sex: 2,
  bloodType: 3,
  weightDag: 6_850,
  heightMm: 1_642,
  allergies: Array.from({ length: 24 }, (_, bit) => bit === 0 || bit === 13),
  conditions: Array.from({ length: 8 }, (_, i) => ({ code: icd10(`E11.${i}`), onsetDay: day('2009-06-02') + i })),
  medications: [{ rxcui: 860975, startDay: day('2009-06-10') }],
};

function sealedFor(owner: Keypair) {
  const mxe = x25519.getPublicKey(x25519.utils.randomPrivateKey());
  const cipher = new RescueCipher(x25519.getSharedSecret(x25519.utils.randomPrivateKey(), mxe));
  const record = Keypair.generate().publicKey;
  const nonce = serializeLE(42n, 16);
  const binding = recordBinding(owner.publicKey, record);
  return { cipher, nonce, binding, ciphertexts: seal(cipher, nonce, binding, packSummary(SUMMARY)) };
}

describe('record format 2 in TypeScript', () => {
  test('a summary packs into 5 elements and back', () => {
    const packed = packSummary(SUMMARY);
    assert.equal(packed.length, 5);
    assert.deepEqual(unpackSummary(packed), SUMMARY);
  });

  test('a sealed record opens under its own binding only', () => {
    const owner = Keypair.generate();
    const { cipher, nonce, binding, ciphertexts } = sealedFor(owner);
    assert.equal(ciphertexts.length, 6);
    assert.deepEqual(unpackSummary(open(cipher, nonce, binding, ciphertexts)), SUMMARY);
    const elsewhere = recordBinding(owner.publicKey, Keypair.generate().publicKey);
    assert.throws(() => open(cipher, nonce, elsewhere, ciphertexts), /binding tag does not verify/);
  });

  test('every tampered ciphertext is refused', () => {
    const { cipher, nonce, binding, ciphertexts } = sealedFor(Keypair.generate());
    for (let i = 0; i < ciphertexts.length; i++) {
      const tampered = ciphertexts.map((c) => [...c]);
      tampered[i][0] ^= 1;
      assert.throws(() => open(cipher, nonce, binding, tampered), /binding tag/, `ciphertext ${i}`);
    }
    const swapped = [ciphertexts[1], ciphertexts[0], ...ciphertexts.slice(2)];
    assert.throws(() => open(cipher, nonce, binding, swapped), /binding tag/);
  });

  test('the client still seals the vectors medshare-crypto is held to', () => {
    const committed = JSON.parse(readFileSync(VECTORS_FILE, 'utf8'));
    assert.deepEqual(sealedVectors(), committed);
  });
});
