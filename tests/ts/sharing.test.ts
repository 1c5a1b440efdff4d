// The whole story over JSON-RPC against `medshare localnet`: a patient encrypts a record with
// @arcium-hq/client and stores it, grants a provider part of it, the provider pulls it, the
// cluster re-encrypts it, the provider decrypts it and the receipt records the disclosure; then
// the consent rules, seen from TypeScript.

import { getMXEPublicKey } from '@arcium-hq/client';
import { SystemProgram, Transaction } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FIELDS, Medshare, PROGRAM_ID, addresses, newEncryptionKey, randomU64 } from '../../clients/typescript/medshare.ts';
import { type ClinicalSummary, day, icd10 } from '../../clients/typescript/record.ts';
import { type Localnet, deploy, fundedClient, refusal, removeLedger, startLocalnet, stopLocalnet } from './localnet.ts';

const SUMMARY: ClinicalSummary = {
  birthDay: day('1984-03-09'),
  sex: 2,
  bloodType: 4, // A+
  weightDag: 6_450,
  heightMm: 1_680,
  allergies: Array.from({ length: 24 }, (_, bit) => bit === 0 || bit === 13), // penicillins, peanut
  conditions: [
    { code: icd10('E11.9'), onsetDay: day('2019-05-02') },
    { code: icd10('I10'), onsetDay: day('2021-11-20') },
  ],
  medications: [{ rxcui: 860975, startDay: day('2019-05-10') }],
};

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;


describe('medshare over JSON-RPC', () => {
  let localnet: Localnet;

  before(async () => {
    localnet = await startLocalnet();
    const deployed = await deploy(localnet);
    assert.match(deployed, /circuit disclose_record: registered/);
  });

  after(async () => {
    await stopLocalnet(localnet);
    removeLedger(localnet);
  });

  test('the MXE key @arcium-hq/client reads is the one the localnet announced', async () => {
    const { medshare } = await fundedClient(localnet);
    const key = await getMXEPublicKey(medshare.provider, PROGRAM_ID);
    const announced = localnet.output.find((line) => line.startsWith('mxe key'))?.split(/\s+/)[2];
    assert.equal(Buffer.from(key!).toString('hex'), announced);
  });

  test('a granted provider receives exactly the granted fields, and the receipt says so', async () => {
    const patient = await fundedClient(localnet);
    const doctor = await fundedClient(localnet);
    const patientKey = newEncryptionKey();
    const doctorKey = newEncryptionKey();
    await patient.medshare.storeRecord(patientKey, SUMMARY);
    await doctor.medshare.registerProvider(doctorKey, 'Dr. Rivera', 'NPI-1234567893');
    const granted = FIELDS.bloodType | FIELDS.allergies | FIELDS.conditions;
    await patient.medshare.grant(doctor.wallet.publicKey, granted, inAnHour());

    const offset = await doctor.medshare.requestRecord(patient.wallet.publicKey);
    const receipt = await doctor.medshare.awaitDisclosure(offset);
    assert.ok('delivered' in receipt.status, `receipt status ${JSON.stringify(receipt.status)}`);
    assert.ok(receipt.patient.equals(patient.wallet.publicKey));
    assert.ok(receipt.provider.equals(doctor.wallet.publicKey));

    const received = await doctor.medshare.openDisclosure(offset, doctorKey);
    assert.equal(received.fields, granted);
    assert.deepEqual(received.summary, {
      ...SUMMARY,
      birthDay: 0,
      sex: 0,
      weightDag: 0,
      heightMm: 0,
      medications: [],
    });
  });

  test('a request whose computation offset is taken draws another; with every draw taken, it says so', async () => {
    const patient = await fundedClient(localnet);
    const doctor = await fundedClient(localnet);
    await patient.medshare.storeRecord(newEncryptionKey(), SUMMARY);
    await doctor.medshare.registerProvider(newEncryptionKey(), 'Dr. Drew', 'NPI-1000000103');
    await patient.medshare.grant(doctor.wallet.publicKey, FIELDS.bloodType, inAnHour());
    // Someone watching the mempool takes the offset first: here, an earlier request of the same provider.
    const taken = await doctor.medshare.requestRecord(patient.wallet.publicKey);
    const fresh = randomU64();
    const draws = [taken, fresh];
    const drawing = new Medshare(doctor.medshare.provider, 0, undefined, () => draws.shift()!);
    const offset = await drawing.requestRecord(patient.wallet.publicKey);
    assert.ok(offset.eq(fresh));
    assert.ok('delivered' in (await drawing.awaitDisclosure(offset)).status);

    const stuck = new Medshare(doctor.medshare.provider, 0, undefined, () => taken);
    await assert.rejects(stuck.requestRecord(patient.wallet.publicKey), /every computation offset drawn \(4\) was taken; try again/);
  });

  test('a delivery behind 1,001 junk transactions naming its receipt is still found, and only its own', async () => {
    const patient = await fundedClient(localnet);
    const doctor = await fundedClient(localnet);
    const doctorKey = newEncryptionKey();
    await patient.medshare.storeRecord(newEncryptionKey(), SUMMARY);
    await doctor.medshare.registerProvider(doctorKey, 'Dr. Rivera', 'NPI-1234567893');
    await patient.medshare.grant(doctor.wallet.publicKey, FIELDS.bloodType, inAnHour());
    const offset = await doctor.medshare.requestRecord(patient.wallet.publicKey);
    await doctor.medshare.awaitDisclosure(offset);

    // Anyone can name any account: 1,001 transfers to oneself that name the receipt push the
    // delivery past the first page (1,000) of the receipt's history.
    const { wallet: attacker } = await fundedClient(localnet);
    const connection = doctor.medshare.provider.connection;
    const receipt = addresses.receipt(offset);
    const { blockhash } = await connection.getLatestBlockhash();
    const sent: string[] = [];
    for (let lamports = 1; lamports <= 1_001; lamports++) {
      const transfer = SystemProgram.transfer({ fromPubkey: attacker.publicKey, toPubkey: attacker.publicKey, lamports });
      transfer.keys.push({ pubkey: receipt, isSigner: false, isWritable: false });
      const junk = new Transaction({ feePayer: attacker.publicKey, recentBlockhash: blockhash }).add(transfer);
      junk.sign(attacker);
      sent.push(await connection.sendRawTransaction(junk.serialize(), { skipPreflight: true }));
    }
    for (;;) {
      const { value } = await connection.getSignatureStatuses(sent.slice(-100));
      if (value.every((status) => status?.confirmationStatus === 'confirmed' || status?.confirmationStatus === 'finalized')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const firstPage = await connection.getSignaturesForAddress(receipt, { limit: 1_000 }, 'confirmed');
    assert.equal(firstPage.length, 1_000);
    assert.ok(firstPage.every(({ signature }) => sent.includes(signature)), 'the first page is all junk');

    const received = await doctor.medshare.openDisclosure(offset, doctorKey);
    assert.equal(received.fields, FIELDS.bloodType);
    assert.equal(received.summary.bloodType, SUMMARY.bloodType);
  });

  test('a client pinned to another MXE key encrypts nothing', async () => {
    const { wallet, medshare } = await fundedClient(localnet);
    const pinned = new Medshare(medshare.provider, 0, newEncryptionKey().public);
    await assert.rejects(pinned.storeRecord(newEncryptionKey(), SUMMARY), /MXE key is not the one this client was configured with/);
    assert.equal(await medshare.record(wallet.publicKey), null);
    const right = new Medshare(medshare.provider, 0, await medshare.mxePublicKey());
    await right.storeRecord(newEncryptionKey(), SUMMARY);
    assert.notEqual(await medshare.record(wallet.publicKey), null);
  });

  test('a patient reads back their record, rotates its key, and a copy of it opens for nobody', async () => {
    const patient = await fundedClient(localnet);
    const copier = await fundedClient(localnet);
    const key = newEncryptionKey();
    await patient.medshare.storeRecord(key, SUMMARY);
    assert.deepEqual(await patient.medshare.openOwnRecord(key), SUMMARY);

    // The copier stores the patient's ciphertexts as their own record and asks for it.
    const { program } = copier.medshare;
    const stored = await program.account.patientRecord.fetch(addresses.record(patient.wallet.publicKey));
    const copy = addresses.record(copier.wallet.publicKey);
    await program.methods
      .storeRecord(stored.encryptionKey, stored.nonce, stored.ciphertexts)
      .accountsPartial({ owner: copier.wallet.publicKey, record: copy, systemProgram: SystemProgram.programId })
      .signers([copier.wallet])
      .rpc();
    const offset = randomU64();
    await program.methods
      .discloseRecord(offset, { patient: { recipientKey: Array.from(newEncryptionKey().public) } })
      .accountsStrict({
        requester: copier.wallet.publicKey,
        record: copy,
        provider: null,
        grant: null,
        accessConfig: null,
        disclosure: addresses.receipt(offset),
        ...(await copier.medshare.arciumAccounts('disclose_record', offset)),
      })
      .signers([copier.wallet])
      .rpc();
    const receipt = await copier.medshare.awaitDisclosure(offset);
    assert.ok('recordNotBound' in receipt.status, `receipt status ${JSON.stringify(receipt.status)}`);

    const newKey = newEncryptionKey();
    await patient.medshare.rotateRecordKey(key, newKey);
    assert.deepEqual(await patient.medshare.openOwnRecord(newKey), SUMMARY);
    await assert.rejects(patient.medshare.openOwnRecord(key));
  });

  test('the consent rules hold from TypeScript', async () => {
    const patient = await fundedClient(localnet);
    const doctor = await fundedClient(localnet);
    const stranger = await fundedClient(localnet);
    await patient.medshare.storeRecord(newEncryptionKey(), SUMMARY);
    await doctor.medshare.registerProvider(newEncryptionKey(), 'Dr. Okafor', 'NPI-1093817465');
    await stranger.medshare.registerProvider(newEncryptionKey(), 'Dr. Nobody', 'NPI-1000000004');

    // A key of small order would let anyone compute the shared secret.
    assert.equal(
      await refusal(patient.medshare.registerProvider({ secret: new Uint8Array(32), public: new Uint8Array(32) }, 'Dr. Zero', 'NPI-0')),
      'SmallOrderKey',
    );
    // No grant: the grant account does not exist.
    assert.match(
      await refusal(doctor.medshare.requestRecord(patient.wallet.publicKey)),
      /AccountNotInitialized|GrantMissing/,
    );
    // An empty field set names nothing.
    assert.equal(
      await refusal(patient.medshare.grant(doctor.wallet.publicKey, 0, inAnHour())),
      'InvalidFieldSet',
    );
    // An expiry in the past.
    assert.equal(
      await refusal(patient.medshare.grant(doctor.wallet.publicKey, FIELDS.vitals, 1)),
      'ExpiryNotInFuture',
    );
    // A revoked grant no longer authorizes a pull.
    await patient.medshare.grant(doctor.wallet.publicKey, FIELDS.vitals, inAnHour());
    await patient.medshare.revoke(doctor.wallet.publicKey);
    assert.equal(await refusal(doctor.medshare.requestRecord(patient.wallet.publicKey)), 'GrantRevoked');
    // Only the patient may revoke: the provider signing for the patient's grant is refused.
    await patient.medshare.grant(doctor.wallet.publicKey, FIELDS.vitals, inAnHour());
    const grant = addresses.grant(patient.wallet.publicKey, doctor.wallet.publicKey);
    assert.match(
      await refusal(
        doctor.medshare.program.methods
          .revokeGrant()
          .accountsPartial({ patient: doctor.wallet.publicKey, grant })
          .signers([doctor.wallet])
          .rpc(),
      ),
      /ConstraintSeeds|ConstraintHasOne|NotRecordOwner/,
    );
    const still = await patient.medshare.program.account.grant.fetch(grant);
    assert.equal(still.revokedAt, null);
  });
});

