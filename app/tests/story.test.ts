// The whole story in a real browser against `medshare localnet`: a patient, a provider and a
// compliance officer, each in a browser context of their own with a Wallet Standard wallet (none
// for compliance). Store from FHIR, grant, pull and export, revoke, break-glass, rotate, audit
// export compared with `medshare audit`; axe-core checks every state; docs/web-app.md's screenshots
// are taken on the way.

import { ARCIUM_IDL } from '@arcium-hq/client';
import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { PROGRAM_ID } from '../../clients/typescript/medshare.ts';
import { MEDSHARE, fundedClient, startIndexer } from '../../tests/ts/localnet.ts';
import { SLOW, assertAccessible, connect, errorText, unlockKey, waitForValue } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { storySteps } from './steps.ts';
import { type TestWallet, testWallet } from './wallet.ts';

const EXAMPLE_BUNDLE = fileURLToPath(new URL('../../examples/fhir/patient-bundle.json', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

describe('the web app against medshare localnet', () => {
  let stack: Stack;
  const patient: TestWallet = testWallet(Keypair.generate());
  const doctor: TestWallet = testWallet(Keypair.generate());
  let patientPage: Page;
  let doctorPage: Page;

  const step = storySteps();

  before(async () => {
    stack = await startStack([doctor.keypair.publicKey]);
    await fundedClient(stack.localnet, 5, doctor.keypair);
  });

  after(() => stack?.stop());

  step('a provider registers with a key its wallet derives', async () => {
    doctorPage = await stack.open('provider', doctor);
    await assertAccessible(doctorPage, 'provider, no wallet connected');
    await connect(doctorPage);
    await assertAccessible(doctorPage, 'provider, key locked');
    await unlockKey(doctorPage);
    // First set-up: the wallet signs in twice and must give the same signature; the message it
    // signed names this site (the wallet wrote it), the cluster and the program.
    assert.equal(doctor.signed.signIns, 2);
    assert.equal(doctor.signed.messages, 0);
    assert.ok(doctor.lastMessage!.startsWith(`${new URL(stack.app.url).host} wants you to sign in with your Solana account:\n${doctor.keypair.publicKey.toBase58()}`));
    assert.match(doctor.lastMessage!, new RegExp(`for program ${PROGRAM_ID.toBase58()} on localnet\\.`));
    await doctorPage.getByLabel('Name').fill('Dr. Amara Rivera');
    await doctorPage.getByLabel(/^Identifier/).fill('NPI-1234567893');
    await assertAccessible(doctorPage, 'provider registration');
    await doctorPage.getByRole('button', { name: 'Register' }).click();
    await doctorPage.getByTestId('profile').waitFor();
    assert.match(await doctorPage.getByTestId('profile').innerText(), /Dr\. Amara Rivera \(NPI-1234567893\), key version 1/);
  });

  step('a patient funds their wallet, stores a record from a FHIR file and reads it back', async () => {
    patientPage = await stack.open('patient', patient);
    await connect(patientPage);
    await patientPage.getByRole('button', { name: 'Get 2 SOL (localnet)' }).click();
    await patientPage.getByText('Received 2 SOL.').waitFor();
    await unlockKey(patientPage);
    await patientPage.getByLabel('Fill from a FHIR R4 Bundle (JSON)').setInputFiles(EXAMPLE_BUNDLE);
    await waitForValue(patientPage.getByLabel('Birth date'), '1961-03-14');
    await assertAccessible(patientPage, 'patient, record form filled from FHIR');
    await patientPage.getByRole('button', { name: 'Encrypt and save' }).click();
    const summary = patientPage.getByTestId('summary');
    await summary.waitFor();
    const text = await summary.innerText();
    for (const shown of ['1961-03-14', 'A negative', '68.50 kg', '164.2 cm', 'penicillins, peanut', 'ICD-10 E11.9', 'RxNorm 860975']) {
      assert.ok(text.includes(shown), `the decrypted record shows ${shown}:\n${text}`);
    }
    await assertAccessible(patientPage, 'patient, record shown');
  });

  step('the patient grants part of the record on a consent screen, and the provider pulls it', async () => {
    await patientPage.getByLabel("Provider's wallet address").fill(doctor.keypair.publicKey.toBase58());
    await patientPage.getByTestId('chosen-provider').waitFor();
    for (const set of ['Blood type', 'Allergies', 'Conditions (ICD-10 diagnoses)']) {
      await patientPage.getByRole('checkbox', { name: set, exact: true }).check();
    }
    await patientPage.getByLabel('Purpose').selectOption('treatment');
    await patientPage.getByRole('button', { name: 'Review grant' }).click();
    const sentence = await patientPage.getByTestId('consent-summary').innerText();
    assert.match(sentence, /^Dr\. Amara Rivera \(NPI-1234567893\) may receive your blood type, allergies and conditions for treatment, until the end of \d{4}-\d\d-\d\d \(UTC\)/);
    await assertAccessible(patientPage, 'patient, consent dialog');
    await patientPage.getByRole('button', { name: 'Sign and grant' }).click();
    await patientPage.getByTestId('grant-row').filter({ hasText: 'active' }).waitFor();
    await patientPage.screenshot({ path: `${SCREENSHOTS}patient.png`, fullPage: true });

    await doctorPage.getByLabel("Patient's wallet address").first().fill(patient.keypair.publicKey.toBase58());
    await doctorPage.getByRole('button', { name: 'Pull record' }).click();
    const received = doctorPage.getByTestId('received');
    await received.getByTestId('summary').waitFor({ timeout: SLOW });
    const text = await received.innerText();
    assert.match(text, /Blood type\s+A negative/);
    assert.match(text, /penicillins, peanut/);
    assert.match(text, /ICD-10 E11\.9/);
    // Demographics, vitals and medications were not granted: labelled, not shown.
    assert.equal(await received.getByText('Withheld: not part of this disclosure').count(), 3);
    assert.ok(!text.includes('1961-03-14') && !text.includes('RxNorm 860975') && !text.includes('68.50 kg'));
    await assertAccessible(doctorPage, 'provider, record received');
    await doctorPage.screenshot({ path: `${SCREENSHOTS}provider.png`, fullPage: true });

    const download = doctorPage.waitForEvent('download');
    await doctorPage.getByRole('button', { name: 'Export as FHIR R4 Bundle' }).click();
    const bundle = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    const types = bundle.entry.map((entry: { resource: { resourceType: string } }) => entry.resource.resourceType).sort();
    assert.deepEqual(types, ['AllergyIntolerance', 'AllergyIntolerance', 'Condition', 'Condition', 'Observation']);
  });

  step('the patient narrows the grant to fewer sets', async () => {
    await patientPage.getByRole('button', { name: /^Narrow/ }).click();
    const dialog = patientPage.getByRole('dialog', { name: "Narrow Dr. Amara Rivera's access" });
    await dialog.getByRole('checkbox', { name: 'Conditions (ICD-10 diagnoses)' }).uncheck();
    await assertAccessible(patientPage, 'patient, narrow dialog');
    await dialog.getByRole('button', { name: 'Sign and narrow' }).click();
    await patientPage.getByTestId('grant-row').filter({ hasText: 'blood type and allergies' }).waitFor();
  });

  step('revocation says what it cannot recall, and the provider is refused before any prompt', async () => {
    await patientPage.getByRole('button', { name: /^Revoke/ }).click();
    const dialog = patientPage.getByRole('dialog');
    await dialog.getByText('Dr. Amara Rivera has received your record 1 time and keeps what it received').waitFor();
    assert.match(await dialog.innerText(), /Revocation cannot recall what was already disclosed/);
    await assertAccessible(patientPage, 'patient, revoke dialog');
    await patientPage.getByRole('button', { name: 'Sign and revoke' }).click();
    await patientPage.getByTestId('grant-row').filter({ hasText: 'revoked' }).waitFor();

    const prompts = doctor.signed.transactions;
    await doctorPage.getByRole('button', { name: 'Pull record' }).click();
    assert.match(await errorText(doctorPage), /This patient revoked your access on \d{4}-\d\d-\d\d\. Nothing was requested\./);
    assert.equal(doctor.signed.transactions, prompts, 'no transaction was signed');
  });

  step('break-glass: the listed provider obtains the emergency sets with a justification', async () => {
    await doctorPage.getByLabel('Justification').selectOption('lifeThreatening');
    await doctorPage.getByLabel("Patient's wallet address").nth(1).fill(patient.keypair.publicKey.toBase58());
    await doctorPage.getByRole('button', { name: 'Break the glass' }).click();
    await assertAccessible(doctorPage, 'provider, break-glass dialog');
    await doctorPage.getByRole('button', { name: 'Sign and break the glass' }).click();
    await doctorPage.getByRole('heading', { name: /Record received/ }).waitFor();
    const received = doctorPage.getByTestId('received');
    await received.getByText('RxNorm 860975').waitFor();
    assert.equal(await received.getByText('Withheld: not part of this disclosure').count(), 2);
    await doctorPage.getByRole('table', { name: 'Disclosures to you, newest first' }).getByText('Break-glass').waitFor();

    await patientPage.getByRole('button', { name: 'Refresh' }).click();
    const row = patientPage.getByTestId('history-row').filter({ hasText: 'Break-glass' });
    await row.waitFor();
    assert.match(await row.innerText(), /A life-threatening condition/);
    await assertAccessible(patientPage, 'patient, access history with break-glass');
  });

  step('the patient updates the record in the form', async () => {
    await patientPage.getByRole('button', { name: 'Edit record' }).click();
    await waitForValue(patientPage.getByLabel('Weight (kg)'), '68.5');
    await patientPage.getByLabel('Weight (kg)').fill('70.2');
    await patientPage.getByRole('button', { name: 'Add medication' }).click();
    await patientPage.getByLabel('RxNorm code 3').fill('197361');
    await patientPage.getByRole('button', { name: 'Encrypt and save' }).click();
    await patientPage.getByRole('heading', { name: 'Your record (version 2)' }).waitFor();
    await patientPage.getByTestId('summary').getByText('70.20 kg').waitFor();
    const text = await patientPage.getByTestId('summary').innerText();
    assert.ok(text.includes('70.20 kg') && text.includes('RxNorm 197361') && text.includes('A negative'), text);
  });

  step('the patient rotates their key and still reads the record', async () => {
    await patientPage.getByRole('button', { name: 'Rotate my key' }).click();
    await patientPage.getByText("Your record is sealed under your wallet's key 2.").waitFor({ timeout: SLOW });
    await patientPage.getByTestId('summary').getByText('A negative').waitFor();
    // A new page derives the same keys from the same wallet and finds key 2 on chain.
    const again = await stack.open('patient', patient);
    await connect(again);
    await unlockKey(again);
    await again.getByTestId('summary').getByText('A negative').waitFor();
    // Disconnecting drops the key from the page: connecting again asks for the wallet again.
    await again.getByRole('button', { name: 'Disconnect' }).click();
    await connect(again);
    await again.getByRole('heading', { name: 'Unlock your encryption key' }).waitFor();
    assert.equal(await again.getByTestId('summary').count(), 0);
    await again.close();
  });

  step('compliance reads, filters and exports the accounting, with the columns of medshare audit', async () => {
    const page = await stack.open('compliance');
    const rows = page.getByTestId('audit-row');
    await page.getByText('2 of 2 disclosures shown').waitFor();
    // Recipients by their provider names; the chart draws the break-glass disclosure in its colour.
    await rows.first().getByText('Dr. Amara Rivera (NPI-1234567893)').waitFor();
    assert.equal(await page.getByTestId('disclosure-chart').locator('rect.bar.emergency').count(), 1);
    await assertAccessible(page, 'compliance, accounting');
    await page.screenshot({ path: `${SCREENSHOTS}compliance.png` });
    await page.getByLabel('Basis').selectOption('emergency');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /emergency LifeThreatening/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Patient wallet').fill(patient.keypair.publicKey.toBase58());
    await page.getByLabel('Status').selectOption('delivered');
    await page.getByText('2 of 2 disclosures shown').waitFor();
    // One patient's accounting as sentences, and as the printed page shows it.
    const report = await page.getByTestId('report').getByRole('listitem').allInnerTexts();
    assert.equal(report.length, 2);
    assert.match(report[0], /: Dr\. Amara Rivera \(NPI-1234567893\), \w+ received the .+ of record version \d+ for treatment, under the patient's grant\. Status: delivered\.$/);
    assert.match(report[1], /by break-glass \(life threatening\)\. Status: delivered\.$/);
    await assertAccessible(page, 'compliance, one patient\'s report');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('form', { name: 'Filters' }).isVisible(), false);
    assert.equal(await page.getByTestId('report').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('Recipient wallet').fill(Keypair.generate().publicKey.toBase58());
    await page.getByText('0 of 2 disclosures shown').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: /^Queued/ }).click(); // oldest first, as the command line prints

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    const { stdout } = await promisify(execFile)(MEDSHARE, ['--url', stack.localnet.url, 'audit', 'disclosures', '--format', 'csv']);
    assert.equal(csv, stdout);

    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const exported = JSON.parse(readFileSync(await (await json).path(), 'utf8'));
    const cli = JSON.parse((await promisify(execFile)(MEDSHARE, ['--url', stack.localnet.url, 'audit', 'disclosures', '--format', 'json'])).stdout);
    assert.deepEqual(exported, cli);

    // All of that loaded no wallet code (the Wallet Standard's connect) and no cipher (the Arcium client).
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map(({ name }) => name).filter((name) => name.endsWith('.js')));
    assert.ok(scripts.length > 0);
    for (const script of scripts) {
      const code = await (await page.request.get(script)).text();
      assert.ok(!code.includes('standard:connect'), `${script} holds wallet code`);
      assert.ok(!code.includes(ARCIUM_IDL.address), `${script} holds the Arcium client`);
    }
  });

  step('with an indexer configured, compliance reads the same accounting from it and nothing from getProgramAccounts', async () => {
    const indexer = await startIndexer(stack.localnet);
    try {
      const page = await stack.open('compliance');
      const programAccountReads: string[] = [];
      page.on('request', (request) => {
        if (request.postData()?.includes('getProgramAccounts')) programAccountReads.push(request.postData()!);
      });
      await page.goto(`${stack.app.url}?rpc=${encodeURIComponent(stack.localnet.url)}&indexer=${encodeURIComponent(indexer.url)}#/compliance`);
      await page.getByTestId('source').getByText(`Read from the indexer at ${indexer.url}`).waitFor();
      // The indexer follows finalized transactions, about 12 s behind on localnet.
      for (let round = 0; !(await page.getByText('2 of 2 disclosures shown').isVisible()); round++) {
        assert.ok(round < 60, `the indexer did not catch up: ${await page.getByTestId('row-count').innerText()}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await page.getByRole('button', { name: 'Refresh' }).click();
      }
      await page.getByTestId('audit-row').first().getByText('Dr. Amara Rivera (NPI-1234567893)').waitFor();
      await assertAccessible(page, 'compliance, from an indexer');
      await page.getByRole('button', { name: /^Queued/ }).click();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const csv = readFileSync(await (await download).path(), 'utf8');
      const { stdout } = await promisify(execFile)(MEDSHARE, ['--url', stack.localnet.url, 'audit', 'disclosures', '--format', 'csv']);
      assert.equal(csv, stdout);
      assert.deepEqual(programAccountReads, []);
    } finally {
      await indexer.stop();
    }
  });
});
