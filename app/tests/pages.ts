// Opening the app as one person: a browser context of its own, with their wallet installed (or
// none, for compliance), and the steps every role starts with.

import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { WALLET_NAME, type TestWallet, installWallet } from './wallet.ts';

/** Long enough for a wallet prompt, a transaction and a cluster round trip on a loaded machine. */
export const SLOW = 60_000;

export async function openApp(browser: Browser, appUrl: string, rpcUrl: string, route: string, wallet?: TestWallet): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(SLOW);
  if (wallet) await installWallet(context, wallet);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error (${route}): ${error.message}`));
  await page.goto(`${appUrl}?rpc=${encodeURIComponent(rpcUrl)}#/${route}`);
  return page;
}

export async function connect(page: Page): Promise<void> {
  await page.getByRole('button', { name: `Connect ${WALLET_NAME}` }).click();
  await page.getByTestId('wallet-address').waitFor();
}

/** Derives the encryption key: "Set up" at first use, "Unlock" once a key is on chain. */
export async function unlockKey(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Set up my encryption key|Unlock with my wallet/ }).click();
  await page.getByRole('heading', { name: 'Unlock your encryption key' }).waitFor({ state: 'detached' });
}

/** The text of the first error on the page, once one shows. */
export async function errorText(page: Page): Promise<string> {
  const error = page.getByRole('alert').filter({ hasText: 'Error:' }).first();
  await error.waitFor();
  return error.innerText();
}

/** axe-core with the WCAG 2.x A and AA rules: no violations in the page's current state. */
export async function assertAccessible(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const described = violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  assert.deepEqual(described, [], `accessibility violations in state "${state}"`);
}

/** Waits until an input holds `value` (forms fill asynchronously, from files for instance). */
export async function waitForValue(input: Locator, value: string): Promise<void> {
  const element = await input.elementHandle();
  await input.page().waitForFunction(([field, expected]) => (field as HTMLInputElement).value === expected, [element, value] as const);
}

/** The accessible name of the focused element (its label for a form control). */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null;
    if (!element) return '';
    const label = element.labels?.[0]?.textContent ?? '';
    return (label || element.getAttribute('aria-label') || element.textContent || '').trim();
  });
}

/** With a list box focused: presses the down arrow until `label` is chosen, as a keyboard user does. */
export async function chooseWithKeys(page: Page, label: string): Promise<void> {
  for (let presses = 0; presses < 50; presses++) {
    if (await page.evaluate((wanted) => (document.activeElement as HTMLSelectElement | null)?.selectedOptions?.[0]?.text === wanted, label)) return;
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`${label} cannot be chosen with the arrow keys`);
}

/**
 * Presses Tab until the focused element is named `name` (and is inside `within`, a CSS selector,
 * when given): it is reachable in the focus order.
 */
export async function tabTo(page: Page, name: string, { within }: { within?: string } = {}): Promise<void> {
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)) !== name) continue;
    if (!within || (await page.evaluate((selector) => !!document.activeElement?.closest(selector), within))) return;
  }
  assert.fail(`${name} cannot be reached with Tab${within ? ` inside ${within}` : ''}`);
}
