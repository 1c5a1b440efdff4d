// Attestations from TypeScript against `medshare localnet`: the authority accredits a physician,
// who attests a diagnosis; a cardiologist whose grant covers conditions has it disclosed and
// verifies every check; a copy of its sealed body in another attestation releases nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BN from 'bn.js';
import {
  accreditProvider,
  attest,
  attestationsAbout,
  requestAttestation,
  sendAttestation,
  verifyAttestation,
} from '../../clients/typescript/attestations.ts';
import { FIELDS, newEncryptionKey } from '../../clients/typescript/medshare.ts';
import { type ClinicalSummary, day } from '../../clients/typescript/record.ts';
import { type Localnet, deploy, fundedClient, refusal, removeLedger, startLocalnet, stopLocalnet } from './localnet.ts';

const SUMMARY: ClinicalSummary = {
  birthDay: day('1970-06-01'),
  sex: 1,
  bloodType: 0,
  weightDag: 0,
  heightMm: 0,
  allergies: Array(24).fill(false),
  conditions: [],
  medications: [],
};

describe('attestations over JSON-RPC', () => {
  let localnet: Localnet;

  before(async () => {
    localnet = await startLocalnet();
    await deploy(localnet);
  });

  after(async () => {
    await stopLocalnet(localnet);
    removeLedger(localnet);
  });

  test('an accredited physician attests; a granted cardiologist verifies; the patient sends it on', async () => {
    const authority = await fundedClient(localnet, 10, localnet.deployer);
    const patient = await fundedClient(localnet);
    const physician = await fundedClient(localnet);
    const cardiologist = await fundedClient(localnet);
    const physicianKey = newEncryptionKey();
    const cardiologistKey = newEncryptionKey();
    await patient.medshare.storeRecord(newEncryptionKey(), SUMMARY);
    await physician.medshare.registerProvider(physicianKey, 'Dr. Osei', 'NPI-1234567893');
    await cardiologist.medshare.registerProvider(cardiologistKey, 'Dr. Rivera', 'NPI-1987654325');
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    await patient.medshare.grant(physician.wallet.publicKey, FIELDS.conditions, inAnHour);
    await patient.medshare.grant(cardiologist.wallet.publicKey, FIELDS.vitals, inAnHour);

    const diagnosis = { code: 'E11.9', treatedDay: day('2026-11-02'), evidence: new BN(42) };
    const patientWallet = patient.wallet.publicKey;
    assert.equal(await refusal(attest(physician.medshare, patientWallet, diagnosis)), 'AccountNotInitialized');
    await accreditProvider(authority.medshare, physician.wallet.publicKey);
    const attestation = await attest(physician.medshare, patientWallet, diagnosis);
    const listed = await attestationsAbout(patient.medshare);
    assert.deepEqual(listed.map(({ publicKey }) => publicKey.toBase58()), [attestation.toBase58()]);

    assert.equal(await refusal(requestAttestation(cardiologist.medshare, attestation)), 'FieldsNotGranted');
    await patient.medshare.grant(cardiologist.wallet.publicKey, FIELDS.conditions, inAnHour);
    const offset = await requestAttestation(cardiologist.medshare, attestation);
    const verified = await verifyAttestation(cardiologist.medshare, offset, cardiologistKey, patientWallet);
    assert.deepEqual(verified.checks.filter(({ passed }) => !passed), []);
    assert.equal(verified.diagnosis?.code, 'E11.9');
    assert.equal(verified.diagnosis?.treatedDay, diagnosis.treatedDay);
    assert.equal(verified.diagnosis?.evidence?.toString(), '42');

    // Sent by the patient to the physician's key: verified by the physician, and by nobody else.
    const sent = await sendAttestation(patient.medshare, attestation, physicianKey.public);
    const byPhysician = await verifyAttestation(physician.medshare, sent, physicianKey, patientWallet);
    assert.ok(byPhysician.checks.every(({ passed }) => passed));
    const byOther = await verifyAttestation(cardiologist.medshare, sent, cardiologistKey, patientWallet);
    assert.deepEqual(byOther.checks.filter(({ passed }) => !passed).map(({ check }) => check), [
      'delivered to your key',
      'body matches the on-chain commitment',
    ]);
    // Handed over as proof about someone else: it names another patient.
    const asSomeoneElses = await verifyAttestation(physician.medshare, sent, physicianKey, cardiologist.wallet.publicKey);
    assert.deepEqual(asSomeoneElses.checks.filter(({ passed }) => !passed).map(({ check }) => check), ['names the patient']);
  });
});
