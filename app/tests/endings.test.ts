// Endings in the browser, each said before the wallet prompt: a patient closes an ended grant and
// then the record (with the keyboard alone), a provider retires its profile, and the access configuration's authority
// changes the break-glass list and hands over to a successor who accepts. Each step checks the
// chain, and axe-core every dialog.

import { Connection, Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { FIELDS, addresses } from '../../clients/typescript/medshare.ts';
import { fundedClient } from '../../tests/ts/localnet.ts';
import { studyRecord } from '../../tests/ts/studyRecords.ts';
import { walletKey } from './nodeWallet.ts';
import { assertAccessible, chooseWithKeys, connect, tabTo, unlockKey } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { storySteps } from './steps.ts';
import { testWallet } from './wallet.ts';

describe('endings in the web app', () => {
  let stack: Stack;
  const step = storySteps();
  const patient = testWallet(Keypair.generate());
  const provider = testWallet(Keypair.generate());
  const colleague = Keypair.generate();
  const exists = async (address: ReturnType<typeof addresses.record>) => !!(await new Connection(stack.localnet.url, 'confirmed').getAccountInfo(address));

  before(async () => {
    stack = await startStack();
    const url = stack.app.url;
    const [owner, doctor, other] = await Promise.all([
      fundedClient(stack.localnet, 2, patient.keypair),
      fundedClient(stack.localnet, 2, provider.keypair),
      fundedClient(stack.localnet, 2, colleague),
    ]);
    await doctor.medshare.registerProvider(await walletKey(provider.keypair, url), 'Dr. End', 'NPI-1000000079');
    await other.medshare.registerProvider(await walletKey(colleague, url), 'Dr. Next', 'NPI-1000000087');
    await owner.medshare.storeRecord(await walletKey(patient.keypair, url), studyRecord(false, 1));
    await owner.medshare.grant(provider.keypair.publicKey, FIELDS.bloodType, Math.floor(Date.now() / 1000) + 3600);
    await owner.medshare.revoke(provider.keypair.publicKey);
  });

  after(() => stack?.stop());

  step('a patient closes the ended grant, then the record', async () => {
    const page = await stack.open('patient', patient);
    await connect(page);
    await unlockKey(page);
    await page.getByText('Close your 1 grant first').waitFor();
    await page.getByRole('button', { name: 'Close the ended grant to Dr. End' }).click();
    const grantDialog = page.getByRole('dialog', { name: 'Close the ended grant to Dr. End?' });
    assert.match(await grantDialog.innerText(), /returns its rent to your wallet/);
    await assertAccessible(page, 'patient, closing a grant');
    await grantDialog.getByRole('button', { name: 'Sign and close' }).click();
    await page.getByText('No grants yet.').waitFor();
    assert.equal(await exists(addresses.grant(patient.keypair.publicKey, provider.keypair.publicKey)), false);

    // With the keyboard alone: Tab to the button, Enter, Tab within the dialog, Enter.
    await tabTo(page, 'Close my record…');
    await page.keyboard.press('Enter');
    const recordDialog = page.getByRole('dialog', { name: 'Close your record?' });
    assert.match(await recordDialog.innerText(), /It does not recall anything/);
    await assertAccessible(page, 'patient, closing the record');
    await tabTo(page, 'Sign and close the record', { within: 'dialog' });
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Encrypt and save' }).waitFor();
    assert.equal(await exists(addresses.record(patient.keypair.publicKey)), false);
    await page.close();
  });

  step('a provider retires its profile and may register again', async () => {
    const page = await stack.open('provider', provider);
    await connect(page);
    await unlockKey(page);
    await page.getByRole('button', { name: 'Retire my profile…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retire your provider profile?' });
    assert.match(await dialog.innerText(), /no grant, break-glass request or document or attestation disclosure to you\s+passes/);
    await dialog.getByRole('button', { name: 'Sign and retire' }).click();
    await page.getByRole('button', { name: 'Register' }).waitFor();
    assert.equal(await exists(addresses.provider(provider.keypair.publicKey)), false);
    await page.close();
  });

  step('the authority keeps the break-glass list and hands over to a successor who accepts', async () => {
    const authority = await stack.open('authority', testWallet(stack.localnet.deployer));
    await connect(authority);
    // The list and the handover with the keyboard alone.
    await tabTo(authority, 'Registered provider');
    await chooseWithKeys(authority, 'Dr. Next (NPI-1000000087)');
    await tabTo(authority, 'Add to the break-glass list');
    await authority.keyboard.press('Enter');
    await authority.getByTestId('break-glass-list').getByText('Dr. Next').waitFor();
    const config = async () => (await fundedClient(stack.localnet, 1)).medshare.accessConfig();
    assert.ok((await config())!.emergencyProviders.some((wallet) => wallet.equals(colleague.publicKey)));
    await authority.getByRole('button', { name: 'Remove Dr. Next from the break-glass list' }).click();
    await authority.getByText('No provider may break the glass.').waitFor();

    const successor = testWallet(Keypair.generate());
    await fundedClient(stack.localnet, 1, successor.keypair);
    await tabTo(authority, "Successor's wallet address");
    await authority.keyboard.type(successor.keypair.publicKey.toBase58());
    await tabTo(authority, 'Name the successor');
    await authority.keyboard.press('Enter');
    await authority.getByTestId('pending-authority').waitFor();
    await assertAccessible(authority, 'authority, a successor named');
    assert.ok((await config())!.authority.equals(stack.localnet.deployer.publicKey), 'nothing changes before the successor accepts');

    const next = await stack.open('authority', successor);
    await connect(next);
    await tabTo(next, 'Accept the authority');
    await next.keyboard.press('Enter');
    await next.getByRole('heading', { name: 'Studies waiting for approval' }).waitFor();
    assert.ok((await config())!.authority.equals(successor.keypair.publicKey));
    // The wallet reconnects by itself after a reload.
    await authority.reload();
    await authority.getByText('Your wallet is not that authority.').waitFor();
    await next.close();
    await authority.close();
  });
});
