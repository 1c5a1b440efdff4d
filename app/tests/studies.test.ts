// A research study in the browser, step by step: a researcher registers it from the form, the
// access configuration's authority approves it (another wallet is told the page is not theirs),
// a patient reads what it counts and publishes and joins from the record page, the researcher
// closes and reveals it, and every withheld cell of the results says why. axe-core checks every
// state; the research and authority screenshots in docs/screenshots are taken here.

import { Keypair } from '@solana/web3.js';
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { newEncryptionKey } from '../../clients/typescript/medshare.ts';
import { Studies } from '../../clients/typescript/studies.ts';
import { fundedClient } from '../../tests/ts/localnet.ts';
import { METFORMIN, studyRecord } from '../../tests/ts/studyRecords.ts';
import { walletKey } from './nodeWallet.ts';
import { assertAccessible, connect, focusedName, tabTo, unlockKey } from './pages.ts';
import { type Stack, startStack } from './stack.ts';
import { storySteps } from './steps.ts';
import { testWallet } from './wallet.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
describe('a research study in the web app', () => {
  let stack: Stack;
  const step = storySteps();
  const researcher = testWallet(Keypair.generate());
  const patient = testWallet(Keypair.generate());
  let researcherPage: Page;

  before(async () => {
    stack = await startStack();
    await fundedClient(stack.localnet, 5, researcher.keypair);
  });

  after(() => stack?.stop());

  const studyCard = () => researcherPage.getByRole('article', { name: 'Study 1' });

  step('a researcher registers a study from the form, and it waits for approval', async () => {
    researcherPage = await stack.open('research', researcher);
    await connect(researcherPage);
    await researcherPage.getByText('You have registered no study yet.').waitFor();
    await researcherPage.getByLabel('Diagnosis code begins with (empty: any)').fill('E11');
    await researcherPage.getByLabel(/^Medications: up to 4 RxNorm/).fill(String(METFORMIN));
    await researcherPage.getByLabel(/^Condition categories/).fill('I10');
    await researcherPage.getByLabel('Smallest published count (k)').fill('1');
    await researcherPage.getByLabel('Protocol patients consent to').fill('Type 2 diabetes and metformin among adults.');
    await researcherPage.getByRole('button', { name: 'Register study' }).click();
    await researcherPage.getByText('k must be a whole number of at least 2.').waitFor();
    await researcherPage.getByLabel('Smallest published count (k)').fill('2');
    await researcherPage.getByLabel('Minimum participants before the reveal').fill('4');
    await researcherPage.getByLabel('No noise: exact counts').check();
    await assertAccessible(researcherPage, 'research, registration form');
    await researcherPage.getByRole('button', { name: 'Register study' }).click();
    await studyCard().getByTestId('study-status').getByText('Waiting for approval').waitFor();
    const summaryText = await studyCard().getByTestId('study-summary').innerText();
    assert.match(summaryText, /diagnosis code beginning E11/);
    assert.match(summaryText, /taking RxNorm 860975, with a condition in I10/);
  });

  step('a second study is registered with the keyboard alone', async () => {
    await researcherPage.getByLabel('Study number').focus();
    await researcherPage.keyboard.press('Tab');
    assert.equal(await focusedName(researcherPage), 'Diagnosis code begins with (empty: any)');
    await researcherPage.keyboard.type('J45');
    await tabTo(researcherPage, 'Smallest published count (k)');
    await researcherPage.keyboard.press('Control+A');
    await researcherPage.keyboard.type('3');
    await tabTo(researcherPage, 'Minimum participants before the reveal');
    await researcherPage.keyboard.press('Control+A');
    await researcherPage.keyboard.type('6');
    await tabTo(researcherPage, 'Protocol patients consent to');
    await researcherPage.keyboard.type('Asthma control among adults.');
    await tabTo(researcherPage, 'Register study');
    await researcherPage.keyboard.press('Enter');
    const second = researcherPage.getByRole('article', { name: 'Study 2' });
    await second.getByTestId('study-status').getByText('Waiting for approval').waitFor();
    const summary = await second.getByTestId('study-summary').innerText();
    assert.match(summary, /diagnosis code beginning J45/);
    assert.match(summary, /3: a smaller count/);
  });

  step("only the access configuration's authority approves it", async () => {
    const stranger = await stack.open('authority', testWallet(Keypair.generate()));
    await connect(stranger);
    await stranger.getByText('Your wallet is not that authority.').waitFor();
    await stranger.close();

    const authorityPage = await stack.open('authority', testWallet(stack.localnet.deployer));
    await connect(authorityPage);
    const proposed = authorityPage.getByRole('article', { name: 'Study 1' });
    await proposed.waitFor();
    await assertAccessible(authorityPage, 'authority, a study waiting');
    await authorityPage.screenshot({ path: `${SCREENSHOTS}authority.png`, fullPage: true });
    await tabTo(authorityPage, 'Approve study 1');
    await authorityPage.keyboard.press('Enter');
    await proposed.waitFor({ state: 'detached' });
    await authorityPage.close();
  });

  step('a patient reads what the study counts and publishes, and joins from the record page', async () => {
    const studies = await new Studies((await fundedClient(stack.localnet, 1)).medshare).all();
    const study = studies.find(({ study }) => study.id.eqn(1))!;
    // Four others join from Node: two match, two do not.
    for (const [diabetic, sex] of [[true, 2], [true, 1], [false, 1], [false, 2]] as const) {
      const { medshare } = await fundedClient(stack.localnet, 2);
      await medshare.storeRecord(newEncryptionKey(), studyRecord(diabetic, sex));
      await new Studies(medshare).join(study.address, study.study.protocolHash);
    }
    const { medshare } = await fundedClient(stack.localnet, 2, patient.keypair);
    await medshare.storeRecord(await walletKey(patient.keypair, stack.app.url), studyRecord(true, 2));
    const page = await stack.open('patient', patient);
    await connect(page);
    await unlockKey(page);
    const offer = page.getByRole('article', { name: 'Study 1' });
    await offer.waitFor();
    assert.match(await offer.getByTestId('study-summary').innerText(), /Counts only, never a record/);
    await assertAccessible(page, 'patient, a study enrolling');
    await tabTo(page, 'Join this study', { within: 'article' });
    await page.keyboard.press('Enter');
    await offer.getByTestId('membership').getByText('Your record is counted in this study.').waitFor();
    await offer.getByRole('button', { name: 'Leave this study' }).waitFor();
    await page.close();
  });

  step('the researcher closes and reveals it, and every withheld cell says why', async () => {
    await researcherPage.reload();
    await studyCard().getByRole('button', { name: 'Close to new participants' }).click();
    await studyCard().getByTestId('study-status').getByText('Closed to new participants').waitFor();
    await studyCard().getByRole('button', { name: 'Reveal the results' }).click();
    await studyCard().getByTestId('study-status').getByText('Revealed').waitFor();
    const rows = await studyCard().getByTestId('result-row').allInnerTexts();
    const row = (label: string) => rows.find((text) => text.startsWith(`${label}\t`));
    assert.match(row('participants')!, /^participants\t5\b/);
    assert.match(row('matching the criteria')!, /^matching the criteria\t3\b/);
    // Two female and one male among the matched: the sex breakdown goes whole.
    assert.match(row('sex male')!, /withheld\tthe sex breakdown has a group of fewer than 2/);
    // All three take metformin: none do not, so the count would say it of everyone.
    assert.match(row('taking RxNorm 860975')!, /withheld\tfewer than 2 matching participants are counted here, or fewer than 2 are not/);
    assert.ok(rows.every((text) => !text.includes('withheld') || /withheld\t\S/.test(text)), 'every withheld cell says why');
    await assertAccessible(researcherPage, 'research, a revealed study');
    await researcherPage.screenshot({ path: `${SCREENSHOTS}research.png`, fullPage: true });
  });
});
