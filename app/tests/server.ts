// Builds the web app once per test run and serves the static files on a free loopback port, as
// `./scripts/app` does for a person.

import { fileURLToPath } from 'node:url';
import { type PreviewServer, build, preview } from 'vite';

const CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export interface AppServer {
  url: string;
  server: PreviewServer;
}

export async function serveApp(): Promise<AppServer> {
  await build({ configFile: CONFIG, logLevel: 'warn' });
  return previewApp();
}

/** The files the last build wrote, served on another free port: another site, to a wallet. */
export async function previewApp(): Promise<AppServer> {
  const server = await preview({ configFile: CONFIG, preview: { port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server has no address');
  return { url, server };
}
