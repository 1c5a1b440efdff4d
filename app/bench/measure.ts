// The web app's figures, each beside a baseline measured in the same run: the bundle's size,
// the time from "Pull record" to the decrypted record in the browser against the same pull by
// the TypeScript client in Node, and the first contentful paint of the app, and the moment the
// compliance page's heading is on screen, against a page with one heading from the same server.
// Prints min / median / max over the repetitions.
//
//   ./scripts/bench-app [repetitions]

import { Keypair } from '@solana/web3.js';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FIELDS } from '../../clients/typescript/medshare.ts';
import { ALLERGENS, BLOOD_TYPE, type ClinicalSummary, SEX, day, icd10 } from '../../clients/typescript/record.ts';
import { fundedClient } from '../../tests/ts/localnet.ts';
import { walletKey } from '../tests/nodeWallet.ts';
import { connect, unlockKey } from '../tests/pages.ts';
import { startStack } from '../tests/stack.ts';
import { installWallet, testWallet } from '../tests/wallet.ts';

const REPETITIONS = Number(process.argv[2] ?? 5);
const DIST = fileURLToPath(new URL('../dist/assets/', import.meta.url));

const SUMMARY: ClinicalSummary = {
  birthDay: day('1975-02-11'),
  sex: SEX.male,
  bloodType: BLOOD_TYPE.bPositive,
  weightDag: 7_500,
  heightMm: 1_750,
  allergies: ALLERGENS.map(({ name }) => name === 'egg'),
  conditions: [{ code: icd10('E11.9'), onsetDay: day('2020-01-01') }],
  medications: [],
};

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};
const row = (what: string, values: number[], baseline: number[], unit: string) => {
  const [v, b] = [stats(values), stats(baseline)];
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  console.log(
    `| ${what} | ${v.min} / ${v.median} / ${v.max} ${unit} | ${b.min} / ${b.median} / ${b.max} ${unit} | ${ratio(v.min, b.min)} / ${ratio(v.median, b.median)} / ${ratio(v.max, b.max)} |`,
  );
};

const stack = await startStack();
const { app, browser, localnet } = stack;
const gzipKiB = (names: Iterable<string>) => [...names].reduce((sum, name) => sum + gzipSync(readFileSync(DIST + name), { level: 9 }).length, 0) / 1024;
const scripts = readdirSync(DIST).filter((name) => name.endsWith('.js'));
console.log(`JavaScript: ${scripts.length} files, ${gzipKiB(scripts).toFixed(0)} KiB gzipped in all`);

/** The scripts a role's page loads until it is usable: for a wallet role, once a wallet is connected. */
async function roleScripts(route: string): Promise<Set<string>> {
  const context = await browser.newContext();
  if (route !== 'compliance') await installWallet(context, testWallet(Keypair.generate()));
  const page = await context.newPage();
  const loaded = new Set<string>();
  page.on('response', (response) => {
    const name = new URL(response.url()).pathname.split('/').pop()!;
    if (name.endsWith('.js')) loaded.add(name);
  });
  await page.goto(`${app.url}?rpc=${encodeURIComponent(localnet.url)}#/${route}`);
  if (route !== 'compliance') await connect(page);
  await page.waitForLoadState('networkidle');
  await context.close();
  return loaded;
}

try {
  console.log('\n| role | scripts loaded | gzipped | of a 200 KiB target |\n|---|---|---|---|');
  for (const route of ['patient', 'provider', 'research', 'authority', 'compliance']) {
    const loaded = await roleScripts(route);
    const size = gzipKiB(loaded);
    console.log(`| ${route} | ${loaded.size} | ${size.toFixed(0)} KiB | ${((size / 200) * 100).toFixed(0)}% |`);
  }

  const patient = await fundedClient(localnet, 5);
  await patient.medshare.storeRecord(await walletKey(patient.wallet, app.url), SUMMARY);
  const wallet = testWallet(Keypair.generate());
  const provider = await fundedClient(localnet, 5, wallet.keypair);
  const providerKey = await walletKey(wallet.keypair, app.url);
  await provider.medshare.registerProvider(providerKey, 'Dr. Bench', 'NPI-1000000038');
  await patient.medshare.grant(wallet.keypair.publicKey, FIELDS.bloodType | FIELDS.allergies, Math.floor(Date.now() / 1000) + 3600);

  const node: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const started = performance.now();
    const offset = await provider.medshare.requestRecord(patient.wallet.publicKey);
    await provider.medshare.awaitDisclosure(offset);
    await provider.medshare.openDisclosure(offset, providerKey);
    node.push(Math.round(performance.now() - started));
  }

  const page = await stack.open('provider', wallet);
  await connect(page);
  await unlockKey(page);
  await page.getByLabel("Patient's wallet address").first().fill(patient.wallet.publicKey.toBase58());
  const browserPulls: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const before = await page.getByTestId('received').count().then((n) => (n ? page.getByTestId('received').locator('h2').innerText() : ''));
    const started = performance.now();
    await page.getByRole('button', { name: 'Pull record' }).click();
    await page.waitForFunction((previous) => {
      const section = document.querySelector('[data-testid=received]');
      return section && section.querySelector('h2')?.textContent !== previous && section.querySelector('[data-testid=summary]');
    }, before);
    browserPulls.push(Math.round(performance.now() - started));
  }

  const paint = async (url: string, baseline: boolean) => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    if (baseline) await fresh.route(url, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>b</title><h1>medshare</h1>' }));
    await fresh.goto(url);
    const fcp = await fresh.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
    const value = Math.round(Number(await fcp.jsonValue()));
    await context.close();
    return value;
  };
  /** When the compliance page's own heading is on screen: the shell and the page's chunk have run. */
  const headingShown = async () => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`${app.url}?rpc=${encodeURIComponent(localnet.url)}#/compliance`);
    const shown = await fresh.waitForFunction(() => document.querySelector('main h1') && performance.now(), undefined, { polling: 'raf' });
    const value = Math.round(Number(await shown.jsonValue()));
    await context.close();
    return value;
  };
  const appPaints: number[] = [];
  const baselinePaints: number[] = [];
  const headings: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    appPaints.push(await paint(`${app.url}?rpc=${encodeURIComponent(localnet.url)}#/compliance`, false));
    baselinePaints.push(await paint(`${app.url}baseline.html`, true));
    headings.push(await headingShown());
  }

  console.log(`\n${REPETITIONS} repetitions; min / median / max\n`);
  console.log('| figure | web app | baseline | ratio |');
  console.log('|---|---|---|---|');
  row('pull to decrypted record (baseline: the TypeScript client in Node)', browserPulls, node, 'ms');
  row('first contentful paint of #/compliance (baseline: a one-heading page)', appPaints, baselinePaints, 'ms');
  row("#/compliance's heading on screen (baseline: the one-heading page's first paint)", headings, baselinePaints, 'ms');
} finally {
  await stack.stop();
}
