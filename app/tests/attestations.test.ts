// Attestations in the browser, step by step: the authority accredits a physician, the physician
// attests a diagnosis of a patient who granted conditions and then a corrected one that replaces
// it, the patient sees who attested and which stands and sends it to a cardiologist, and the cardiologist verifies it check by check, with the wrong
// patient named failing by name. axe-core checks every state.

import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { FIELDS } from '../../clients/typescript/medshare.ts';
import { fundedClient } from '../../tests/ts/localnet.ts';
import { studyRecord } from '../../tests/ts/studyRecords.ts';
import { walletKey } from './nodeWallet.ts';
import { assertAccessible, connect, errorText, focusedName, tabTo, unlockKey } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { storySteps } from './steps.ts';
import { testWallet } from './wallet.ts';

describe('attestations in the web app', () => {
  let stack: Stack;
  const step = storySteps();
  const physician = testWallet(Keypair.generate());
  const cardiologist = testWallet(Keypair.generate());
  const patient = testWallet(Keypair.generate());
  let disclosure = '';

  before(async () => {
    stack = await startStack();
    const url = stack.app.url;
    const [doctor, heart, owner] = await Promise.all([
      fundedClient(stack.localnet, 2, physician.keypair),
      fundedClient(stack.localnet, 2, cardiologist.keypair),
      fundedClient(stack.localnet, 2, patient.keypair),
    ]);
    await doctor.medshare.registerProvider(await walletKey(physician.keypair, url), 'Dr. Okafor', 'NPI-1000000053');
    await heart.medshare.registerProvider(await walletKey(cardiologist.keypair, url), 'Dr. Heart', 'NPI-1000000061');
    await owner.medshare.storeRecord(await walletKey(patient.keypair, url), studyRecord(true, 2));
    await owner.medshare.grant(physician.keypair.publicKey, FIELDS.conditions, Math.floor(Date.now() / 1000) + 3600);
  });

  after(() => stack?.stop());

  step('the authority accredits the physician', async () => {
    const page = await stack.open('authority', testWallet(stack.localnet.deployer));
    await connect(page);
    await tabTo(page, 'Accredit Dr. Okafor');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: "Withdraw Dr. Okafor's accreditation" }).waitFor();
    await assertAccessible(page, 'authority, a provider accredited');
    await page.close();
  });

  step('the physician attests a diagnosis; a malformed code is refused in words first', async () => {
    const page = await stack.open('provider', physician);
    await connect(page);
    await unlockKey(page);
    const form = page.getByRole('form', { name: 'Attest a diagnosis' });
    await form.getByLabel("Patient's wallet address").fill(patient.keypair.publicKey.toBase58());
    await form.getByLabel('ICD-10 code').fill('E1');
    await form.getByLabel('Day of treatment').fill('2026-11-02');
    await form.getByRole('button', { name: 'Attest' }).click();
    assert.match(await errorText(page), /The ICD-10 code is shorter than 3 characters\./);
    // Corrected and sent with the keyboard alone.
    await tabTo(page, 'ICD-10 code', { within: 'form[aria-label="Attest a diagnosis"]' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('E11.9');
    await assertAccessible(page, 'provider, attesting');
    await tabTo(page, 'Attest', { within: 'form[aria-label="Attest a diagnosis"]' });
    await page.keyboard.press('Enter');
    await page.getByTestId('attestation-made').waitFor();
    // A corrected attestation, with an expiry, replaces the first.
    await form.getByLabel('ICD-10 code').fill('E11.65');
    await form.getByLabel('Expires (optional)').fill('2030-01-01');
    await form.getByLabel(/^Replaces/).selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Attest' }).click();
    await page.getByText('The attestation is recorded; the earlier one is marked superseded.').waitFor();
    await page.close();
  });

  step('the patient sees who attested and sends it to the cardiologist', async () => {
    const page = await stack.open('patient', patient);
    await connect(page);
    await unlockKey(page);
    await page.getByTestId('attestation-row').nth(1).waitFor();
    const rows = await page.getByTestId('attestation-row').allInnerTexts();
    // Both were made within a second or two, so their order on the page may be either.
    const standings = rows.map((row) => /^Dr\. Okafor\t\d{4}-\d\d-\d\d\t(.+)$/.exec(row)?.[1]).sort();
    assert.deepEqual(standings, ['in force', 'superseded']);
    const which = page.getByLabel('Attestation', { exact: true });
    await which.selectOption((await which.locator('option', { hasText: '(in force)' }).getAttribute('value'))!);
    await page.getByLabel('Send to').selectOption({ label: 'Dr. Heart (NPI-1000000061)' });
    await assertAccessible(page, 'patient, an attestation to send');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = await page.getByTestId('attestation-sent').innerText();
    disclosure = /disclosure (\d+)/.exec(sent)![1];
    await page.close();
  });

  step('the cardiologist verifies it check by check; naming another patient fails by name', async () => {
    const page = await stack.open('provider', cardiologist);
    await connect(page);
    await unlockKey(page);
    const form = page.getByRole('form', { name: 'Verify an attestation' });
    await form.getByLabel('Disclosure number').fill(disclosure);
    await form.getByLabel("Patient's wallet address").fill(Keypair.generate().publicKey.toBase58());
    await form.getByRole('button', { name: 'Verify' }).click();
    const refused = await page.getByTestId('verification').innerText();
    assert.match(refused, /Not verified: a check failed\./);
    assert.match(refused, /FAILED: names the patient/);
    assert.doesNotMatch(refused, /E11\.9/);

    // Again with the keyboard alone.
    await form.getByLabel("Patient's wallet address").fill('');
    await tabTo(page, 'Disclosure number');
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), "Patient's wallet address");
    await page.keyboard.type(patient.keypair.publicKey.toBase58());
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Verify');
    await page.keyboard.press('Enter');
    await page.getByText('Verified: every check passed.').waitFor();
    const verified = await page.getByTestId('verification').innerText();
    assert.match(verified, /Diagnosis E11\.65, treated 2026-11-02\./);
    assert.equal(verified.match(/Passed: /g)?.length, 7);
    await assertAccessible(page, 'provider, an attestation verified');
    await page.close();
  });
});
