// A research study over JSON-RPC against `medshare localnet`: a researcher registers it, the
// access configuration's authority approves it, patients store records and join, one leaves,
// and the reveal publishes only cells at or above k.

import BN from 'bn.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newEncryptionKey } from '../../clients/typescript/medshare.ts';
import { day, icd10 } from '../../clients/typescript/record.ts';
import { SUPPRESSED, Studies, epsilonMilli, icd10Category, icd10Prefix, icd10PrefixText, protocolHash } from '../../clients/typescript/studies.ts';
import { type Localnet, deploy, fundedClient, refusal, removeLedger, startLocalnet, stopLocalnet } from './localnet.ts';
import { METFORMIN, studyRecord } from './studyRecords.ts';

test('a study says outright that it has no noise, or asks an epsilon from 0.01 to 10', async () => {
  assert.equal(epsilonMilli('none'), 0);
  assert.equal(epsilonMilli({ epsilon: 0.5 }), 500);
  for (const epsilon of [0, 0.0004, -1, Number.NaN, Number.POSITIVE_INFINITY, 10.5]) {
    assert.throws(() => epsilonMilli({ epsilon }), RangeError, `${epsilon}`);
  }
  const studies = new Studies({} as never);
  const terms = { protocolHash: [], k: 2, epsilonMilli: 5, minParticipants: 2, enrolFrom: new BN(0), enrolUntil: new BN(1) };
  await assert.rejects(studies.register(new BN(1), {} as never, terms), RangeError);
});

test('a diagnosis prefix reads as codes are written, with the dot after the category', () => {
  for (const code of ['', 'E', 'E1', 'E11', 'E11.9', 'E11.65', 'M79.60']) assert.equal(icd10PrefixText(icd10Prefix(code)), code);
});

describe('research studies over JSON-RPC', () => {
  let localnet: Localnet;

  before(async () => {
    localnet = await startLocalnet();
    const deployed = await deploy(localnet);
    assert.match(deployed, /circuit join_study: registered/);
  });

  after(async () => {
    await stopLocalnet(localnet);
    removeLedger(localnet);
  });

  test('patients join, one leaves, and the reveal withholds cells below k', async () => {
    const { medshare: researcherClient } = await fundedClient(localnet);
    const researcher = new Studies(researcherClient);
    const board = new Studies((await fundedClient(localnet, 1, localnet.deployer)).medshare);
    const protocol = await protocolHash(new TextEncoder().encode('Protocol: E11 among adults'));
    const now = Math.floor(Date.now() / 1000);
    const study = await researcher.register(
      new BN(1),
      {
        ...icd10Prefix('E11'),
        sexes: 0b1111,
        bornFrom: 0,
        bornUntil: 0xffff,
        ageCutoffs: [day('1946-01-01'), day('1961-01-01'), day('1986-01-01'), day('2008-01-01')],
        medications: [METFORMIN, 0, 0, 0],
        categories: [icd10Category('I10'), 0, 0, 0],
      },
      { protocolHash: protocol, k: 2, epsilonMilli: epsilonMilli('none'), minParticipants: 3, enrolFrom: new BN(now - 60), enrolUntil: new BN(now + 3600) },
    );

    const patients = [];
    for (const [diabetic, sex] of [[true, 1], [true, 2], [true, 2], [true, 1], [false, 1], [false, 2]] as const) {
      const { medshare } = await fundedClient(localnet);
      await medshare.storeRecord(newEncryptionKey(), studyRecord(diabetic, sex));
      patients.push(new Studies(medshare));
    }
    assert.equal(await refusal(patients[0].join(study, protocol)), 'StudyNotEnrolling');
    assert.equal(await refusal(researcher.approve(study)), 'NotConfigAuthority');
    await board.approve(study);
    assert.equal(await refusal(patients[0].join(study, Array(32).fill(1))), 'ProtocolMismatch');

    for (const patient of patients) {
      const membership = await patient.join(study, protocol);
      assert.ok('counted' in membership.status);
    }
    assert.equal(await refusal(patients[0].join(study, protocol)), 'AlreadyInStudy');
    await patients[3].leave(study);

    await researcher.close(study);
    const revealed = await researcher.reveal(study);
    assert.equal(revealed.participants, 5);
    const [participants, matched, ...sexes] = revealed.results.slice(0, 6);
    // Three diabetic records remain and two others: the matched count is published. The sexes
    // are withheld together (one male is below k), and so are metformin and I10: every matched
    // record has them, so their complements are 0. Unused slots are zeros by the criteria.
    assert.deepEqual([participants, matched, ...sexes], [5, 3, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED]);
    assert.equal(revealed.results[12], SUPPRESSED, 'taking metformin');
    assert.equal(revealed.results[16], SUPPRESSED, 'with I10');
    assert.equal(revealed.results[13], 0, 'an unused medication slot');
    assert.equal(await refusal(researcher.reveal(study)), 'AlreadyRevealed');
  });
});
