// Everything a browser test runs against: a fresh `medshare localnet` deployed with
// `migrations/deploy.ts`, the built app on a loopback port, and headless Chromium.

import type { PublicKey } from '@solana/web3.js';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { type Localnet, deploy, removeLedger, startLocalnet, stopLocalnet } from '../../tests/ts/localnet.ts';
import { launchChromium } from './chromium.ts';
import { openApp } from './pages.ts';
import { serveApp } from './server.ts';
import type { TestWallet } from './wallet.ts';

export interface Stack {
  localnet: Localnet;
  app: { url: string; server: PreviewServer };
  browser: Browser;
  /** The app at `#/route`, in a browser context of its own with `wallet` installed (none for compliance). */
  open(route: string, wallet?: TestWallet): Promise<Page>;
  stop(): Promise<void>;
}

/** The stack, with `localnetFlags` for `medshare localnet` (its cluster offline, for one). */
export async function startStack(emergencyProviders: PublicKey[] = [], localnetFlags: string[] = []): Promise<Stack> {
  const [localnet, app, browser] = await Promise.all([startLocalnet(undefined, localnetFlags), serveApp(), launchChromium()]);
  await deploy(localnet, emergencyProviders);
  return {
    localnet,
    app,
    browser,
    open: (route, wallet) => openApp(browser, app.url, localnet.url, route, wallet),
    async stop() {
      await browser.close();
      await app.server.close();
      await stopLocalnet(localnet);
      removeLedger(localnet);
    },
  };
}
