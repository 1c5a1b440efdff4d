// A request the cluster never answers, in the browser, against a localnet whose cluster is
// offline (50 ms slots: the mempool's 180 slots pass in about 9 s). The provider's inbox shows
// the request waiting; closing it out early is refused in words and changes nothing; once it has
// expired, closing it out (with the keyboard alone) makes it read expired. axe-core checks each
// state.

import { type Connection, Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { FIELDS } from '../../clients/typescript/medshare.ts';
import { fundedClient, waitPastMempool } from '../../tests/ts/localnet.ts';
import { studyRecord } from '../../tests/ts/studyRecords.ts';
import { walletKey } from './nodeWallet.ts';
import { assertAccessible, connect, errorText, tabTo, unlockKey } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { storySteps } from './steps.ts';
import { testWallet } from './wallet.ts';

describe('a request the cluster never answers, in the web app', () => {
  let stack: Stack;
  const step = storySteps();
  const doctor = testWallet(Keypair.generate());
  let request = '';
  let queuedSlot = 0;
  let connection: Connection;

  before(async () => {
    stack = await startStack([], ['--cluster-offline', '--slot-time', '50']);
    const url = stack.app.url;
    const [patient, provider] = await Promise.all([fundedClient(stack.localnet, 2), fundedClient(stack.localnet, 2, doctor.keypair)]);
    await patient.medshare.storeRecord(await walletKey(patient.wallet, url), studyRecord(false, 1));
    await provider.medshare.registerProvider(await walletKey(doctor.keypair, url), 'Dr. Offline', 'NPI-1000000129');
    await patient.medshare.grant(doctor.keypair.publicKey, FIELDS.bloodType, Math.floor(Date.now() / 1000) + 3600);
    request = (await provider.medshare.requestRecord(patient.wallet.publicKey)).toString();
    connection = provider.medshare.provider.connection;
    queuedSlot = await connection.getSlot();
  });

  after(() => stack?.stop());

  step('the inbox shows the request waiting, and closing it out early is refused in words', async () => {
    const page = await stack.open('provider', doctor);
    await connect(page);
    await unlockKey(page);
    const row = page.getByRole('table', { name: 'Disclosures to you, newest first' }).getByRole('row').nth(1);
    await row.getByRole('cell', { name: 'queued' }).waitFor();
    await tabTo(page, `Close out request ${request}`);
    await page.keyboard.press('Enter');
    assert.match(await errorText(page), /can be closed out only once it has waited 180 slots \(about 72 s\) unanswered; try again then\. Nothing was changed\./);
    await row.getByRole('cell', { name: 'queued' }).waitFor();
    await assertAccessible(page, 'provider, a request closed out too early');

    await waitPastMempool(connection, queuedSlot);
    await tabTo(page, `Close out request ${request}`);
    await page.keyboard.press('Enter');
    await row.getByRole('cell', { name: 'expired: the cluster dropped it, nothing was disclosed' }).waitFor();
    assert.equal(await page.getByRole('button', { name: `Close out request ${request}` }).count(), 0);
    assert.match(await page.getByTestId('status').innerText(), new RegExp(`Request ${request} closed out: it reads expired, and nothing was disclosed\\.`));
    await assertAccessible(page, 'provider, a request closed out');
    await page.close();
  });
});
