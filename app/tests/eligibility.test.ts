// Eligibility questions in the browser, step by step: the patient allows a trial site one
// question from the record page, the site asks it from its page and reads a yes, a second
// question is refused in words, the patient sees who asked what, answers a pharmacy's question
// with the keyboard alone, and the pharmacy opens that answer from its page. axe-core checks
// every state.

import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
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
  let answered = '';

  before(async () => {
    stack = await startStack();
    const url = stack.app.url;
    const [owner, trial, chemist] = await Promise.all([
      fundedClient(stack.localnet, 2, patient.keypair),
      fundedClient(stack.localnet, 2, site.keypair),
      fundedClient(stack.localnet, 2, pharmacy.keypair),
    ]);
    await trial.medshare.registerProvider(await walletKey(site.keypair, url), 'Riverside Trial', 'NPI-1000000053');
    await chemist.medshare.registerProvider(await walletKey(pharmacy.keypair, url), 'Main St Pharmacy', 'NPI-1000000061');
    await owner.medshare.storeRecord(await walletKey(patient.keypair, url), studyRecord(true, 2));
  });

  after(() => stack?.stop());

  step('the patient allows the trial site one question about diagnoses, told what it means first', async () => {
    const page = await stack.open('patient', patient);
    await connect(page);
    await unlockKey(page);
    const form = page.getByRole('form', { name: 'Allow questions' });
    await form.getByLabel('Provider').selectOption({ label: 'Riverside Trial (NPI-1000000053)' });
    await form.getByRole('button', { name: 'Sign and allow' }).click();
    assert.match(await errorText(page), /Choose at least one kind of question\./);
    // Chosen and signed with the keyboard alone.
    await tabTo(page, 'About diagnoses', { within: 'form[aria-label="Allow questions"]' });
    await page.keyboard.press('Space');
    const summary = await page.getByTestId('allowance-summary').innerText();
    assert.match(summary, /Riverside Trial may ask up to 1 yes-or-no question about your diagnoses .* and sees no part of your record\./);
    await assertAccessible(page, 'patient, allowing questions');
    await tabTo(page, 'Sign and allow', { within: 'form[aria-label="Allow questions"]' });
    await page.keyboard.press('Enter');
    await page.getByTestId('questions-allowed').waitFor();
    await page.close();
  });

  step('the trial site asks from its page and reads a yes; a second question is refused in words', async () => {
    const page = await stack.open('provider', site);
    await connect(page);
    await unlockKey(page);
    const form = page.getByRole('form', { name: 'Ask a question' });
    // Asked with the keyboard alone.
    await tabTo(page, "Patient's wallet address", { within: 'form[aria-label="Ask a question"]' });
    await page.keyboard.type(patient.keypair.publicKey.toBase58());
    await tabTo(page, 'Diagnosis under (ICD-10, optional)', { within: 'form[aria-label="Ask a question"]' });
    await page.keyboard.type('E11');
    await tabTo(page, 'Ask', { within: 'form[aria-label="Ask a question"]' });
    await page.keyboard.press('Enter');
    assert.equal(await page.getByTestId('answer').innerText(), '“a diagnosis under E11”: yes');
    await assertAccessible(page, 'provider, an answer read');
    await form.getByRole('button', { name: 'Ask' }).click();
    assert.match(await errorText(page), /no questions left/);
    await page.close();
  });

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
    await tabTo(page, 'Diagnosis under (ICD-10, optional)', { within: 'form[aria-label="Answer a question"]' });
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

  step('the pharmacy opens the answer from its page, with the question it answers', async () => {
    const page = await stack.open('provider', pharmacy);
    await connect(page);
    await unlockKey(page);
    const form = page.getByRole('form', { name: 'Open an answer' });
    await form.getByLabel('Number of the answer').fill(answered);
    await form.getByRole('button', { name: 'Open' }).click();
    assert.match(await page.getByTestId('answer').innerText(), /^“a diagnosis under E11 and born \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d”: yes$/);
    await assertAccessible(page, 'provider, an answer a patient sent');
    await page.close();
  });
});
