// A pull the cluster never answers, from TypeScript, on a localnet whose cluster is offline (with
// 50 ms slots, so a computation's 180 slots in the mempool pass in about 9 s): closing out before
// the expiry is refused and changes nothing; after it, the provider reclaims its computation, the
// wait for the answer says the computation was dropped (not that it went unanswered), and anyone
// closes the receipt out as Expired, which the accounting then reads.

import { Transaction } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditRow } from '../../clients/typescript/audit.ts';
import { closeOut, reclaimInstruction } from '../../clients/typescript/closeOut.ts';
import { Dropped, FIELDS, addresses, newEncryptionKey } from '../../clients/typescript/medshare.ts';
import { type ClinicalSummary, day } from '../../clients/typescript/record.ts';
import { type Localnet, deploy, fundedClient, refusal, removeLedger, startLocalnet, stopLocalnet, waitPastMempool } from './localnet.ts';

const SUMMARY: ClinicalSummary = {
  birthDay: day('1990-07-21'),
  sex: 1,
  bloodType: 2,
  weightDag: 8_000,
  heightMm: 1_800,
  allergies: Array.from({ length: 24 }, () => false),
  conditions: [],
  medications: [],
};

describe('a computation the cluster dropped', () => {
  let localnet: Localnet;

  before(async () => {
    localnet = await startLocalnet(undefined, ['--cluster-offline', '--slot-time', '50']);
    await deploy(localnet);
  });

  after(async () => {
    await stopLocalnet(localnet);
    removeLedger(localnet);
  });

  test('a pull never answered is closed out as Expired, not left "not answered"', async () => {
    const patient = await fundedClient(localnet);
    const doctor = await fundedClient(localnet);
    const stranger = await fundedClient(localnet);
    await patient.medshare.storeRecord(newEncryptionKey(), SUMMARY);
    await doctor.medshare.registerProvider(newEncryptionKey(), 'Dr. Offline', 'NPI-1000000111');
    await patient.medshare.grant(doctor.wallet.publicKey, FIELDS.bloodType, Math.floor(Date.now() / 1000) + 3600);
    const connection = doctor.medshare.provider.connection;
    const offset = await doctor.medshare.requestRecord(patient.wallet.publicKey);
    const queuedSlot = await connection.getSlot();

    assert.equal(await refusal(closeOut(doctor.medshare, offset)), 'ComputationNotExpired');
    assert.ok('queued' in (await doctor.medshare.program.account.disclosure.fetch(addresses.receipt(offset))).status);

    await waitPastMempool(connection, queuedSlot);
    await doctor.medshare.provider.sendAndConfirm(new Transaction().add(await reclaimInstruction(doctor.medshare, offset)));
    await assert.rejects(doctor.medshare.awaitDisclosure(offset, 5_000), Dropped);

    await closeOut(stranger.medshare, offset);
    const receipt = await doctor.medshare.awaitDisclosure(offset, 5_000);
    assert.ok('expired' in receipt.status);
    const [row] = (await patient.medshare.disclosures({ patient: patient.wallet.publicKey })).map(auditRow);
    assert.equal(row.status, 'expired: the cluster dropped it, nothing was disclosed');
    // A second close-out finds nothing waiting and changes nothing.
    assert.equal(await refusal(closeOut(stranger.medshare, offset)), 'DisclosureNotPending');
    assert.ok('expired' in (await doctor.medshare.awaitDisclosure(offset, 5_000)).status);
  });
});
