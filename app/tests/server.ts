// Builds the web app once per test run and serves the static files on a free loopback port, as
// `./scripts/app` does for a person.

import { fileURLToPath } from 'node:url';
import { type PreviewServer, build, preview } from 'vite';

const CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export async function serveApp(): Promise<{ url: string; server: PreviewServer }> {
  await build({ configFile: CONFIG, logLevel: 'warn' });
  const server = await preview({ configFile: CONFIG, preview: { port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server has no address');
  return { url, server };
}
