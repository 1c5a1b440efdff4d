// Eligibility answers from TypeScript against `medshare localnet`: a trial site asks within its
// allowance and decrypts one yes or no per question, a third question and the record itself are
// refused, the patient reads what was asked, and answers another verifier's question directly.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '@noble/hashes/sha2';
import {
  TERMS,
  answerFor,
  askQuestion,
  askedQuestion,
  describeQuestion,
  encodeQuestion,
  grantEligibility,
  openAnswer,
  questionHash,
} from '../../clients/typescript/eligibility.ts';
import { newEncryptionKey } from '../../clients/typescript/medshare.ts';
import { type ClinicalSummary, SEX, day, icd10 } from '../../clients/typescript/record.ts';
import { type Localnet, deploy, fundedClient, refusal, removeLedger, startLocalnet, stopLocalnet } from './localnet.ts';

const SUMMARY: ClinicalSummary = {
  birthDay: day('1961-03-14'),
  sex: SEX.female,
  bloodType: 0,
  weightDag: 0,
  heightMm: 0,
  allergies: Array.from({ length: 24 }, (_, i) => i === 0),
  conditions: [{ code: icd10('E11.9'), onsetDay: 0 }],
  medications: [{ rxcui: 860975, startDay: 0 }],
};

const diabeticAdult = encodeQuestion({
  conditions: [{ prefix: 'E11', present: true }],
  ages: { youngest: 18, oldest: 65, on: '2026-12-06' },
});
const toleratingPenicillin = encodeQuestion({
  conditions: [{ prefix: 'E11', present: true }],
  allergies: [{ index: 0, present: false }],
});

describe('eligibility answers over JSON-RPC', () => {
  let localnet: Localnet;

  before(async () => {
    localnet = await startLocalnet();
    await deploy(localnet);
  });

  after(async () => {
    await stopLocalnet(localnet);
    removeLedger(localnet);
  });

  test('a trial site learns one answer per question within its allowance, and no field', async () => {
    const patient = await fundedClient(localnet);
    const site = await fundedClient(localnet);
    const siteKey = newEncryptionKey();
    await patient.medshare.storeRecord(newEncryptionKey(), SUMMARY);
    await site.medshare.registerProvider(siteKey, 'Riverside Trial Site', 'NPI-1234567893');
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    await grantEligibility(patient.medshare, site.wallet.publicKey, TERMS.conditions | TERMS.allergies | TERMS.age, 2, inAnHour);

    const patientWallet = patient.wallet.publicKey;
    const yes = await askQuestion(site.medshare, patientWallet, diabeticAdult);
    const no = await askQuestion(site.medshare, patientWallet, toleratingPenicillin);
    assert.equal((await openAnswer(site.medshare, yes, diabeticAdult, siteKey)).yes, true);
    const { yes: answer, receipt } = await openAnswer(site.medshare, no, toleratingPenicillin, siteKey);
    assert.equal(answer, false);
    assert.equal(receipt.fields[0], 128);
    // An answer is never taken for another question's.
    await assert.rejects(openAnswer(site.medshare, yes, toleratingPenicillin, siteKey), /does not answer this question/);
    await assert.rejects(openAnswer(site.medshare, no, toleratingPenicillin, newEncryptionKey()), /not to this question for this key/);

    assert.equal(await refusal(askQuestion(site.medshare, patientWallet, diabeticAdult)), 'QuestionsSpent');
    assert.equal(await refusal(site.medshare.requestRecord(patientWallet)), 'FieldsNotGranted');

    // The patient reads what was asked; the hash is the program's Borsh under its domain.
    const asked = await askedQuestion(patient.medshare, receipt);
    assert.equal(describeQuestion(asked), 'a diagnosis under E11 and no allergy to penicillins');
    const borsh = patient.medshare.program.coder.types.encode('question', toleratingPenicillin);
    const domain = new TextEncoder().encode('medshare eligibility question, format 1');
    assert.deepEqual(questionHash(asked), sha256(Buffer.concat([domain, borsh])));
    assert.equal(describeQuestion(diabeticAdult), 'a diagnosis under E11 and born 1960-12-07 to 2008-12-06');
  });

  test('the patient answers a pharmacy directly; nobody else can answer for them', async () => {
    const patient = await fundedClient(localnet);
    const pharmacy = await fundedClient(localnet);
    const pharmacyKey = newEncryptionKey();
    await patient.medshare.storeRecord(newEncryptionKey(), SUMMARY);
    const onMetformin = encodeQuestion({ medications: [{ rxcui: 860975, present: true }] });
    const offset = await answerFor(patient.medshare, pharmacyKey.public, onMetformin);
    assert.equal((await openAnswer(pharmacy.medshare, offset, onMetformin, pharmacyKey)).yes, true);
    const forged = answerFor(pharmacy.medshare, pharmacyKey.public, onMetformin);
    assert.equal(await refusal(forged), 'AccountNotInitialized');
    const everyRecordAlike = encodeQuestion({ allergies: [{ index: 3, present: true }, { index: 3, present: false }] });
    assert.equal(await refusal(answerFor(patient.medshare, pharmacyKey.public, everyRecordAlike)), 'QuestionAlwaysSame');
  });
});
