// A document store for a browser test: `medshare store serve` over a temporary directory on a
// free port, with credentials of its own.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { StoreSettings } from '../../clients/typescript/documentStore.ts';
import { MEDSHARE } from '../../tests/ts/localnet.ts';

export interface Store {
  settings: StoreSettings;
  /** The directory the blobs are kept in: `<dir>/<bucket>/documents/<hex SHA-256>`. */
  dir: string;
  stop(): void;
}

export async function startStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'medshare-store-'));
  const credentials = { AWS_ACCESS_KEY_ID: 'browser-test', AWS_SECRET_ACCESS_KEY: 'browser-test-secret' };
  const child: ChildProcess = spawn(MEDSHARE, ['store', 'serve', '--dir', dir, '--port', '0'], {
    env: { ...process.env, ...credentials },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const found = /http:\/\/[\d.:]+/.exec(line)?.[0];
      found ? resolve(found) : reject(new Error(`medshare store serve said: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`medshare store serve exited with ${code}`)));
  });
  const settings = { endpoint, bucket: 'medshare-documents', region: 'us-east-1', accessKeyId: credentials.AWS_ACCESS_KEY_ID, secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY };
  return {
    settings,
    dir,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
