// What goes wrong, in the browser: a declined wallet prompt, a wallet on another cluster, no SOL,
// an expired grant, a malformed FHIR file, an unknown provider, a key made on the command line.
// Each shows a sentence saying what happened, and the chain is left as it was. The consent flow
// is also done with the keyboard alone.

import { Connection, Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { FIELDS, addresses } from '../../clients/typescript/medshare.ts';
import { openKeystore } from '../../clients/typescript/keystore.ts';
import { BLOOD_TYPE, type ClinicalSummary, SEX, ALLERGENS, day } from '../../clients/typescript/record.ts';
import { MEDSHARE, fundedClient } from '../../tests/ts/localnet.ts';
import { assertAccessible, connect, errorText, focusedName, openApp, tabTo, unlockKey, waitForValue } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { type TestWallet, WALLET_NAME, testWallet } from './wallet.ts';
import { previewApp } from './server.ts';
import { walletKey } from './nodeWallet.ts';

const SUMMARY: ClinicalSummary = {
  birthDay: day('1990-07-01'),
  sex: SEX.male,
  bloodType: BLOOD_TYPE.oPositive,
  weightDag: 8_000,
  heightMm: 1_800,
  allergies: ALLERGENS.map(({ name }) => name === 'latex'),
  conditions: [],
  medications: [],
};

describe('refusals and recoveries in the web app', () => {
  let stack: Stack;
  const open = (route: string, wallet?: TestWallet) => stack.open(route, wallet);

  before(async () => {
    stack = await startStack();
  });

  after(() => stack?.stop());

  const recordExists = async (wallet: Keypair) => !!(await new Connection(stack.localnet.url, 'confirmed').getAccountInfo(addresses.record(wallet.publicKey)));

  test('a declined signature and a declined transaction change nothing and say so', async () => {
    const wallet = testWallet(Keypair.generate());
    await fundedClient(stack.localnet, 2, wallet.keypair);
    const page = await open('patient', wallet);
    await connect(page);
    wallet.rejectNext = true;
    await page.getByRole('button', { name: 'Set up my encryption key' }).click();
    assert.match(await errorText(page), /You declined the request in your wallet\. Nothing was changed\./);
    await assertAccessible(page, 'patient, declined signature');
    await unlockKey(page);
    await page.getByLabel('Blood type').selectOption({ label: 'O positive' });
    wallet.rejectNext = true;
    await page.getByRole('button', { name: 'Encrypt and save' }).click();
    assert.match(await errorText(page), /You declined the request in your wallet\. Nothing was changed\./);
    assert.equal(await recordExists(wallet.keypair), false);
    await page.close();
  });

  test('a wallet whose signatures differ gets no key, and is told why', async () => {
    const wallet = testWallet(Keypair.generate());
    wallet.randomSignatures = true;
    const page = await open('patient', wallet);
    await connect(page);
    await page.getByRole('button', { name: 'Set up my encryption key' }).click();
    assert.match(await errorText(page), /this wallet signs the same message differently each time, so no stable encryption key can be derived from it/);
    assert.equal(wallet.signed.signIns, 2);
    await page.getByRole('heading', { name: 'Unlock your encryption key' }).waitFor();
    await page.close();
  });

  test('a wallet whose signatures differ cannot go on with its own key when the key on chain is another', async () => {
    const wallet = testWallet(Keypair.generate());
    const patient = await fundedClient(stack.localnet, 2, wallet.keypair);
    await patient.medshare.storeRecord(await walletKey(Keypair.generate(), stack.app.url), SUMMARY);
    wallet.randomSignatures = true;
    const page = await open('patient', wallet);
    await connect(page);
    await page.getByRole('button', { name: 'Unlock with my wallet' }).click();
    assert.match(await errorText(page), /this wallet signs the same message differently each time/);
    assert.equal(wallet.signed.signIns, 2);
    assert.equal(await page.getByRole('button', { name: "Continue with my wallet's key" }).count(), 0);
    await page.close();
  });

  test('a wallet without Sign In With Solana is told it cannot check the site, and signs a message naming it', async () => {
    const wallet = testWallet(Keypair.generate(), { signIn: false });
    await fundedClient(stack.localnet, 2, wallet.keypair);
    const host = new URL(stack.app.url).host;
    const page = await open('patient', wallet);
    await connect(page);
    assert.match(await page.getByTestId('unchecked-site').innerText(), new RegExp(`cannot check which site asks for this signature: it signs a message naming ${host}`));
    await assertAccessible(page, 'patient, wallet without sign-in');
    await unlockKey(page);
    assert.deepEqual(wallet.signed, { signIns: 0, messages: 2, transactions: 0 });
    assert.match(wallet.lastMessage!, new RegExp(`\nSite: ${host}\nCluster: localnet\n`));
    await page.getByLabel('Blood type').selectOption({ label: 'O positive' });
    await page.getByRole('button', { name: 'Encrypt and save' }).click();
    await page.getByRole('heading', { name: 'Your record (version 1)' }).waitFor();
    const record = await new Connection(stack.localnet.url, 'confirmed').getAccountInfo(addresses.record(wallet.keypair.publicKey));
    assert.ok(record, 'the record is on chain');
    const key = await walletKey(wallet.keypair, stack.app.url, { signIn: false });
    assert.ok(Buffer.from(record.data).includes(Buffer.from(key.public)), 'the record is sealed to the key of the message naming this site');
    await page.close();
  });

  test('a copy of the app on another site derives another key from the same wallet', async () => {
    const wallet = testWallet(Keypair.generate());
    const patient = await fundedClient(stack.localnet, 2, wallet.keypair);
    await patient.medshare.storeRecord(await walletKey(wallet.keypair, stack.app.url), SUMMARY);
    // The same files served on another port, as a copy of the app elsewhere would serve them.
    const copy = await previewApp();
    try {
      const page = await openApp(stack.browser, copy.url, stack.localnet.url, 'patient', wallet);
      await connect(page);
      await page.getByRole('button', { name: 'Unlock with my wallet' }).click();
      await page.getByRole('heading', { name: "This wallet's key is not the one on chain" }).waitFor();
      assert.ok(wallet.lastMessage!.startsWith(`${new URL(copy.url).host} wants you to sign in`));
      await page.close();
    } finally {
      await copy.server.close();
    }
  });

  test('a wallet set to another cluster is stopped before it signs', async () => {
    const wallet = testWallet(Keypair.generate(), { chains: ['solana:devnet'] });
    const page = await open('patient', wallet);
    await page.getByRole('button', { name: `Connect ${WALLET_NAME}` }).click();
    assert.match(await errorText(page), /Your wallet is set to devnet, but this app is connected to localnet \(http:\/\/127\.0\.0\.1:\d+\)\..*Nothing was sent\./);
    await assertAccessible(page, 'patient, wallet on another cluster');
    assert.equal(wallet.signed.messages + wallet.signed.transactions, 0);
    await page.close();
  });

  test('a link cannot move the app to a node elsewhere, and an unreachable node is named', async () => {
    const context = await stack.browser.newContext();
    // The saved setting names a loopback port nothing listens on.
    await context.addInitScript(() => localStorage.setItem('medshare.rpc', 'http://127.0.0.1:9'));
    const page = await context.newPage();
    await page.goto(`${stack.app.url}?rpc=${encodeURIComponent('https://rpc.example.org')}#/compliance`);
    assert.match(await page.getByRole('button', { name: /^Settings/ }).innerText(), /\(127\.0\.0\.1:9\)/);
    assert.match(await errorText(page), /The chain cannot be reached at the RPC URL in the settings\./);
    await assertAccessible(page, 'compliance, chain unreachable');
    await context.close();
  });

  test('a wallet with no SOL is told so, and nothing is stored', async () => {
    const wallet = testWallet(Keypair.generate());
    const page = await open('patient', wallet);
    await connect(page);
    await page.getByTestId('balance').filter({ hasText: /^0$/ }).waitFor();
    await unlockKey(page);
    await page.getByLabel('Blood type').selectOption({ label: 'B negative' });
    await page.getByRole('button', { name: 'Encrypt and save' }).click();
    assert.match(await errorText(page), /Your wallet has no SOL, or too little, on this cluster to pay for the transaction\. Nothing was changed\./);
    assert.equal(await recordExists(wallet.keypair), false);
    await page.close();
  });

  test('a malformed FHIR file and a refused one leave the form as it was', async () => {
    const wallet = testWallet(Keypair.generate());
    const page = await open('patient', wallet);
    await connect(page);
    await unlockKey(page);
    await page.getByLabel('Blood type').selectOption({ label: 'AB positive' });
    const dir = mkdtempSync(join(tmpdir(), 'medshare-fhir-'));
    writeFileSync(join(dir, 'broken.json'), '{"resourceType": "Bundle", "entry": [');
    await page.getByLabel('Fill from a FHIR R4 Bundle (JSON)').setInputFiles(join(dir, 'broken.json'));
    assert.match(await errorText(page), /broken\.json cannot be imported: the input is not valid JSON.*The form was not changed\./);
    const refused = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Condition', id: 'c1', code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'NOT-A-CODE!' }] } } }] };
    writeFileSync(join(dir, 'refused.json'), JSON.stringify(refused));
    await page.getByLabel('Fill from a FHIR R4 Bundle (JSON)').setInputFiles(join(dir, 'refused.json'));
    await page.getByText(/refused\.json cannot be imported: Condition "c1": code/).waitFor();
    await waitForValue(page.getByLabel('Blood type'), String(BLOOD_TYPE.abPositive));
    await assertAccessible(page, 'patient, refused FHIR file');
    await page.close();
  });

  test('a grant to an unregistered wallet is refused before the wallet prompt', async () => {
    const wallet = testWallet(Keypair.generate());
    const patient = await fundedClient(stack.localnet, 2, wallet.keypair);
    await patient.medshare.storeRecord(await walletKey(wallet.keypair, stack.app.url), SUMMARY);
    const page = await open('patient', wallet);
    await connect(page);
    await unlockKey(page);
    const stranger = Keypair.generate().publicKey.toBase58();
    await page.getByLabel("Provider's wallet address").fill(stranger);
    await page.getByRole('checkbox', { name: 'Blood type', exact: true }).check();
    const signed = wallet.signed.transactions;
    await page.getByRole('button', { name: 'Review grant' }).click();
    assert.equal(await errorText(page), `Error: No provider is registered at ${stranger}: ask them to register in medshare first. Nothing was changed.`);
    assert.equal(wallet.signed.transactions, signed);
    await page.close();
  });

  test('an expired grant is explained to the provider, and no request is sent', async () => {
    const patient = await fundedClient(stack.localnet, 2);
    const provider = testWallet(Keypair.generate());
    const doctor = await fundedClient(stack.localnet, 2, provider.keypair);
    await doctor.medshare.registerProvider(await walletKey(provider.keypair, stack.app.url), 'Dr. Lee', 'NPI-1000000012');
    await patient.medshare.storeRecord(await walletKey(patient.wallet, stack.app.url), SUMMARY);
    await patient.medshare.grant(provider.keypair.publicKey, FIELDS.bloodType, Math.floor(Date.now() / 1000) + 3);
    const page = await open('provider', provider);
    await connect(page);
    await unlockKey(page);
    await page.getByRole('region', { name: "Pull a patient's record" }).getByLabel("Patient's wallet address").fill(patient.wallet.publicKey.toBase58());
    await page.getByText(/Grant: blood type, until/).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await page.getByRole('button', { name: 'Pull record' }).click();
    assert.match(await errorText(page), /Your access expired on \d{4}-\d\d-\d\d\. Nothing was requested\./);
    assert.equal(provider.signed.transactions, 0);
    await assertAccessible(page, 'provider, expired grant');
    await page.close();
  });

  test('a record sealed under a command-line key opens after importing the key file, then moves to the wallet key', async () => {
    const { keypair, keyFile } = await commandLineKeys('correct horse battery staple');
    const wallet = testWallet(keypair);
    const patient = await fundedClient(stack.localnet, 2, wallet.keypair);
    await patient.medshare.storeRecord(await openKeystore(readFileSync(keyFile, 'utf8'), 'correct horse battery staple'), SUMMARY);

    const page = await open('patient', wallet);
    await connect(page);
    await page.getByRole('button', { name: 'Unlock with my wallet' }).click();
    await page.getByRole('heading', { name: "This wallet's key is not the one on chain" }).waitFor();
    await assertAccessible(page, 'patient, key mismatch');
    await page.getByLabel('Key file (encryption-key.json)').setInputFiles(keyFile);
    await page.getByLabel('Passphrase').fill('wrong passphrase');
    await page.getByRole('button', { name: 'Import key file' }).click();
    assert.match(await errorText(page), /wrong passphrase for this key file/);
    await page.getByLabel('Passphrase').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Import key file' }).click();
    await page.getByTestId('summary').getByText('O positive').waitFor();

    await page.getByRole('button', { name: 'Rotate my key' }).click();
    await page.getByText("Your record is sealed under your wallet's key 1.").waitFor();
    const again = await open('patient', wallet);
    await connect(again);
    await unlockKey(again);
    await again.getByTestId('summary').getByText('O positive').waitFor();
    await page.close();
    await again.close();
  });

  test('without the key file, a patient can write a new record under the wallet key', async () => {
    const { keypair, keyFile } = await commandLineKeys('forgotten');
    const wallet = testWallet(keypair);
    const patient = await fundedClient(stack.localnet, 2, keypair);
    await patient.medshare.storeRecord(await openKeystore(readFileSync(keyFile, 'utf8'), 'forgotten'), SUMMARY);
    const page = await open('patient', wallet);
    await connect(page);
    await page.getByRole('button', { name: 'Unlock with my wallet' }).click();
    await page.getByRole('button', { name: "Continue with my wallet's key" }).click();
    assert.match(await errorText(page), /Your record cannot be opened with this key/);
    await page.getByRole('button', { name: 'Write a new record under this key' }).click();
    await page.getByRole('form', { name: 'Record' }).getByLabel('Blood type').selectOption({ label: 'B positive' });
    await page.getByRole('button', { name: 'Encrypt and save' }).click();
    await page.getByRole('heading', { name: 'Your record (version 2)' }).waitFor();
    await page.getByTestId('summary').getByText('B positive').waitFor();
    assert.deepEqual(Uint8Array.from((await patient.medshare.record())!.encryptionKey), (await walletKey(keypair, stack.app.url)).public);
    await page.close();
  });

  test('a provider registered from the command line imports its key file, then publishes the wallet key', async () => {
    const { keypair, keyFile } = await commandLineKeys('a provider passphrase');
    const wallet = testWallet(keypair);
    const provider = await fundedClient(stack.localnet, 2, keypair);
    await provider.medshare.registerProvider(await openKeystore(readFileSync(keyFile, 'utf8'), 'a provider passphrase'), 'Dr. Cli', 'NPI-1000000046');
    const page = await open('provider', wallet);
    await connect(page);
    await page.getByRole('button', { name: 'Unlock with my wallet' }).click();
    await page.getByLabel('Key file (encryption-key.json)').setInputFiles(keyFile);
    await page.getByLabel('Passphrase').fill('a provider passphrase');
    await page.getByRole('button', { name: 'Import key file' }).click();
    await page.getByRole('button', { name: "Publish my wallet's key" }).click();
    await page.getByText(/key version 2/).waitFor();
    const profile = await provider.medshare.providerProfile();
    assert.deepEqual(Uint8Array.from(profile!.encryptionKey), (await walletKey(keypair, stack.app.url)).public);
    await page.close();
  });

  test('the consent flow works with the keyboard alone', async () => {
    const wallet = testWallet(Keypair.generate());
    const patient = await fundedClient(stack.localnet, 2, wallet.keypair);
    await patient.medshare.storeRecord(await walletKey(wallet.keypair, stack.app.url), SUMMARY);
    const provider = await fundedClient(stack.localnet, 2);
    await provider.medshare.registerProvider(await walletKey(provider.wallet, stack.app.url), 'Dr. Keys', 'NPI-1000000020');
    const page = await open('patient', wallet);
    await tabTo(page, 'Connect medshare test wallet');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Unlock with my wallet');
    await page.keyboard.press('Enter');
    await page.getByTestId('summary').waitFor();
    await tabTo(page, "Provider's wallet address");
    await page.keyboard.type(provider.wallet.publicKey.toBase58());
    await tabTo(page, 'Allergies');
    await page.keyboard.press('Space');
    await tabTo(page, 'Review grant');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Confirm this grant' });
    await dialog.waitFor();
    // Escape closes the dialog and gives focus back to what opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await focusedName(page), 'Review grant');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, 'Sign and grant', { within: 'dialog' });
    await page.keyboard.press('Enter');
    await page.getByTestId('grant-row').filter({ hasText: 'Dr. Keys' }).waitFor();
    const grant = await patient.medshare.grantTo(provider.wallet.publicKey);
    assert.equal(grant?.fields[0], FIELDS.allergies);
    await page.close();
  });
});

/** A wallet and an encryption key file made by `medshare keys new`, as a command-line user has. */
async function commandLineKeys(passphrase: string): Promise<{ keypair: Keypair; keyFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'medshare-keys-'));
  const keyFile = join(dir, 'encryption-key.json');
  await promisify(execFile)(MEDSHARE, ['--keypair', join(dir, 'wallet.json'), '--key-file', keyFile, 'keys', 'new'], {
    env: { ...process.env, MEDSHARE_PASSPHRASE: passphrase },
  });
  const keypair = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(join(dir, 'wallet.json'), 'utf8'))));
  return { keypair, keyFile };
}
