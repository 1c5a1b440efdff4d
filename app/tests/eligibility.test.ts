// Eligibility questions in the browser: a trial site allowed one question asks it, the patient's
// page lists who asked what and that it was answered, and the patient answers a pharmacy's
// question from the form, with the keyboard alone; the pharmacy opens a yes. axe-core checks
// every state.

import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import BN from 'bn.js';
import { TERMS, askQuestion, encodeQuestion, grantEligibility, openAnswer } from '../../clients/typescript/eligibility.ts';
import type { EncryptionKey } from '../../clients/typescript/medshare.ts';
import { fundedClient } from '../../tests/ts/localnet.ts';
import { studyRecord } from '../../tests/ts/studyRecords.ts';
import { walletKey } from './nodeWallet.ts';
import { assertAccessible, connect, errorText, focusedName, tabTo, unlockKey } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { storySteps } from './steps.ts';
import { testWallet } from './wallet.ts';

describe('eligibility questions in the web app', () => {
  let stack: Stack;
  const step = storySteps();
  const patient = testWallet(Keypair.generate());
  const site = testWallet(Keypair.generate());
  const pharmacy = testWallet(Keypair.generate());
  let pharmacyKey: EncryptionKey;
  let pharmacyClient: Awaited<ReturnType<typeof fundedClient>>;
  let answered = '';
  const diabetic = encodeQuestion({ conditions: [{ prefix: 'E11', present: true }] });

  before(async () => {
    stack = await startStack();
    const url = stack.app.url;
    const [owner, trial, chemist] = await Promise.all([
      fundedClient(stack.localnet, 2, patient.keypair),
      fundedClient(stack.localnet, 2, site.keypair),
      fundedClient(stack.localnet, 2, pharmacy.keypair),
    ]);
    pharmacyClient = chemist;
    pharmacyKey = await walletKey(pharmacy.keypair, url);
    await trial.medshare.registerProvider(await walletKey(site.keypair, url), 'Riverside Trial', 'NPI-1000000053');
    await chemist.medshare.registerProvider(pharmacyKey, 'Main St Pharmacy', 'NPI-1000000061');
    await owner.medshare.storeRecord(await walletKey(patient.keypair, url), studyRecord(true, 2));
    await grantEligibility(owner.medshare, site.keypair.publicKey, TERMS.conditions, 1, Math.floor(Date.now() / 1000) + 3600);
    await askQuestion(trial.medshare, patient.keypair.publicKey, diabetic);
  });

  after(() => stack?.stop());

  step('the patient sees who asked what, and that it was answered', async () => {
    const page = await stack.open('patient', patient);
    await connect(page);
    await unlockKey(page);
    const row = page.getByTestId('question-row').first();
    await row.getByText('delivered').waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /^Riverside Trial\t\d{4}-\d\d-\d\d\ta diagnosis under E11\tdelivered$/);
    await assertAccessible(page, 'patient, a question answered');
    await page.close();
  });

  step('the patient answers the pharmacy with the keyboard alone; an empty question is refused in words', async () => {
    const page = await stack.open('patient', patient);
    await connect(page);
    await unlockKey(page);
    const form = page.getByRole('form', { name: 'Answer a question' });
    await form.getByLabel('Answer for').selectOption({ label: 'Main St Pharmacy (NPI-1000000061)' });
    await form.getByRole('button', { name: 'Answer' }).click();
    assert.match(await errorText(page), /Ask at least one thing/);
    await tabTo(page, 'Diagnosis under (ICD-10, optional)');
    await page.keyboard.type('E11');
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Aged from (optional)');
    await page.keyboard.type('18');
    await page.keyboard.press('Tab');
    await page.keyboard.type('120');
    await tabTo(page, 'Answer');
    await page.keyboard.press('Enter');
    const sent = await page.getByTestId('question-answered').innerText();
    answered = /disclosure (\d+)/.exec(sent)![1];
    assert.match(sent, /a diagnosis under E11 and born/);
    await assertAccessible(page, 'patient, a question answered for a pharmacy');
    await page.close();
  });

  step('the pharmacy opens a yes', async () => {
    const question = encodeQuestion({
      conditions: [{ prefix: 'E11', present: true }],
      ages: { youngest: 18, oldest: 120, on: new Date().toISOString().slice(0, 10) },
    });
    const answer = await openAnswer(pharmacyClient.medshare, new BN(answered), question, pharmacyKey);
    assert.equal(answer.yes, true);
  });
});
