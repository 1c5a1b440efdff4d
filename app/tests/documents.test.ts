// Documents in the browser against `medshare store serve`: a patient sets up the store, adds a
// lab report (encrypted in the page, its upload's progress shown) and opens it again; a provider
// whose grant covers documents sets up the store with the keyboard alone and fetches it byte for
// byte; a blob altered in the store is named as such and nothing is saved; the provider adds one
// under its grant; after the patient withdraws the first, the provider is refused.

import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DOCUMENTS, FIELDS } from '../../clients/typescript/medshare.ts';
import { fundedClient } from '../../tests/ts/localnet.ts';
import { studyRecord } from '../../tests/ts/studyRecords.ts';
import { walletKey } from './nodeWallet.ts';
import { assertAccessible, connect, errorText, focusedName, tabTo, unlockKey } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { storySteps } from './steps.ts';
import { type Store, startStore } from './store.ts';
import { testWallet } from './wallet.ts';

describe('documents in the web app', () => {
  let stack: Stack;
  let store: Store;
  const step = storySteps();
  const patient = testWallet(Keypair.generate());
  const provider = testWallet(Keypair.generate());
  // Several 64 KiB chunks, so that the upload and the download report progress.
  const content = Buffer.from('Lab report: HbA1c 6.1 %, fasting glucose 5.9 mmol/L\n'.repeat(9_000));
  const file = join(mkdtempSync(join(tmpdir(), 'medshare-document-')), 'hba1c.txt');
  let patientPage: Page;
  let providerPage: Page;

  before(async () => {
    writeFileSync(file, content);
    [stack, store] = await Promise.all([startStack(), startStore()]);
    const url = stack.app.url;
    const [owner, doctor] = await Promise.all([fundedClient(stack.localnet, 2, patient.keypair), fundedClient(stack.localnet, 2, provider.keypair)]);
    await doctor.medshare.registerProvider(await walletKey(provider.keypair, url), 'Dr. Files', 'NPI-1000000095');
    await owner.medshare.storeRecord(await walletKey(patient.keypair, url), studyRecord(true, 1));
    await owner.medshare.grant(provider.keypair.publicKey, FIELDS.bloodType | DOCUMENTS, Math.floor(Date.now() / 1000) + 3600);
  });

  after(() => {
    stack?.stop();
    store?.stop();
  });

  /** Fills the store settings form in `section`, as a person copies them from their clinic. */
  const setUpStore = async (section: Locator) => {
    const { endpoint, bucket, accessKeyId, secretAccessKey } = store.settings;
    await section.getByLabel('Store endpoint').fill(endpoint);
    await section.getByLabel('Bucket').fill(bucket);
    await section.getByLabel('Access key ID').fill(accessKeyId);
    await section.getByLabel('Secret access key').fill(secretAccessKey);
    await section.getByRole('button', { name: 'Save store settings' }).click();
  };

  /** The same with the keyboard alone: each field in Tab order, the bucket and region left as offered. */
  const setUpStoreByKeyboard = async (page: Page) => {
    const { endpoint, accessKeyId, secretAccessKey } = store.settings;
    await tabTo(page, 'Store endpoint');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(endpoint);
    for (const [name, value] of [['Bucket'], ['Region'], ['Access key ID', accessKeyId], ['Secret access key', secretAccessKey]]) {
      await page.keyboard.press('Tab');
      assert.equal(await focusedName(page), name);
      if (value) await page.keyboard.type(value);
    }
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Save store settings');
    await page.keyboard.press('Enter');
  };

  /** Clicks `button` and returns the bytes of the file the page saves. */
  const saved = async (page: Page, button: Locator) => {
    const download = page.waitForEvent('download');
    await button.click();
    return readFileSync((await (await download).path())!);
  };

  const blobPath = () => {
    const dir = join(store.dir, 'medshare-documents', 'documents');
    const [name] = readdirSync(dir);
    return join(dir, name);
  };

  step('the patient sets up the store, adds a lab report and opens it again', async () => {
    patientPage = await stack.open('patient', patient);
    await connect(patientPage);
    await unlockKey(patientPage);
    const section = patientPage.getByRole('region', { name: 'Your documents' });
    await section.getByLabel('Store endpoint').fill('not a url');
    await section.getByRole('button', { name: 'Save store settings' }).click();
    assert.match(await errorText(patientPage), /Enter the store endpoint as an http:\/\/ or https:\/\/ URL/);
    await setUpStore(section);
    await section.getByLabel('File').setInputFiles(file);
    await assertAccessible(patientPage, 'patient, adding a document');
    await section.getByRole('button', { name: 'Encrypt and add' }).click();
    const row = section.getByTestId('document-row');
    await row.waitFor();
    assert.match(await row.innerText(), /^Lab report\t\d{4}-\d\d-\d\d\tyou\tmay not\tavailable\t/);
    const stored = readFileSync(blobPath());
    assert.ok(stored.length > content.length && !stored.includes(content.subarray(0, 40)), 'the store holds ciphertext only');
    const opened = await saved(patientPage, section.getByRole('button', { name: /^Open the lab report of/ }));
    assert.ok(opened.equals(content));
  });

  step('a provider whose grant covers documents fetches it; a blob altered in the store is named and nothing saved', async () => {
    providerPage = await stack.open('provider', provider);
    await connect(providerPage);
    await unlockKey(providerPage);
    const section = providerPage.getByRole('region', { name: "A patient's documents" });
    await setUpStoreByKeyboard(providerPage);
    await section.getByLabel("Patient's wallet address").fill(patient.keypair.publicKey.toBase58());
    await section.getByRole('button', { name: 'Show documents' }).click();
    const fetchButton = section.getByRole('button', { name: /^Fetch the lab report of/ }).first();
    assert.ok((await saved(providerPage, fetchButton)).equals(content));
    await assertAccessible(providerPage, 'provider, a patient\'s documents');

    const path = blobPath();
    const original = readFileSync(path);
    const altered = Buffer.from(original);
    altered[altered.length - 100] ^= 1;
    writeFileSync(path, altered);
    let downloads = 0;
    providerPage.on('download', () => downloads++);
    await fetchButton.click();
    assert.match(await errorText(providerPage), /the stored blob is not the document: its size or SHA-256 differs from the account/);
    assert.equal(downloads, 0);
    writeFileSync(path, original);

    // Under the same grant the provider adds a result of its own, which the patient sees as its.
    await section.getByLabel('File').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from('HbA1c,6.1\n') });
    await section.getByLabel('What it is').selectOption({ label: 'Lab report' });
    await section.getByRole('button', { name: 'Encrypt and add' }).click();
    await section.getByTestId('document-row').nth(1).waitFor();
    await patientPage.reload();
    await unlockKey(patientPage);
    const patientRows = patientPage.getByRole('region', { name: 'Your documents' }).getByTestId('document-row');
    await patientRows.nth(1).waitFor();
    assert.match(await patientRows.nth(1).innerText(), new RegExp(`^Lab report\t\\d{4}-\\d\\d-\\d\\d\t${provider.keypair.publicKey.toBase58()}\tmay not\tavailable`));
  });

  step('after the patient withdraws it, the provider is refused', async () => {
    const section = patientPage.getByRole('region', { name: 'Your documents' });
    await section.getByRole('button', { name: /^Withdraw the lab report of/ }).first().click();
    const dialog = patientPage.getByRole('dialog', { name: 'Withdraw the lab report?' });
    assert.match(await dialog.innerText(), /cannot recall what was already disclosed/);
    await dialog.getByRole('button', { name: 'Sign and withdraw' }).click();
    await section.getByText(/withdrawn \d{4}-\d\d-\d\d/).waitFor();
    assert.match(await section.getByTestId('document-row').first().innerText(), /withdrawn/);

    const providerSection = providerPage.getByRole('region', { name: "A patient's documents" });
    await providerSection.getByRole('button', { name: /^Fetch the lab report of/ }).first().click();
    assert.match(await errorText(providerPage), /The program refused: The patient withdrew this document\. Nothing was changed\./);
    await patientPage.close();
    await providerPage.close();
  });
});
