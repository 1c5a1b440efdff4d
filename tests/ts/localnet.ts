// Starts `medshare localnet` for a test run on free ports with a fresh ledger, and deploys with
// the same migration script a devnet deployment runs.

import { AnchorProvider, Wallet } from '@anchor-lang/core';
import { Connection, Keypair, LAMPORTS_PER_SOL, type PublicKey } from '@solana/web3.js';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { refusalName } from '../../clients/typescript/errors.ts';
import { Medshare } from '../../clients/typescript/medshare.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
/** The `medshare` binary; `./scripts/test` builds it with the node next to it. */
export const MEDSHARE = process.env.MEDSHARE_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug/medshare');

export interface Localnet {
  url: string;
  /** Connections the tests opened, closed before the localnet stops. */
  connections: Connection[];
  ledger: string;
  deployer: Keypair;
  /** Every line the localnet printed, for tests that read its log. */
  output: string[];
  process: ChildProcess;
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port whose successor is free too: web3.js looks for the websocket at the RPC port + 1. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await isFree(port)) && (await isFree(port + 1))) return port;
  }
}

/**
 * Starts a localnet on `ledger` (a new directory unless given), with `medshare localnet`'s
 * `flags`, and waits for it to be ready.
 */
export async function startLocalnet(ledger = mkdtempSync(join(tmpdir(), 'medshare-localnet-')), flags: string[] = []): Promise<Localnet> {
  const rpcPort = await freePortPair();
  const child = spawn(
    MEDSHARE,
    ['--ledger', ledger, 'localnet', '--rpc-port', String(rpcPort), ...flags],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.push(line);
      if (line.startsWith('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`medshare localnet exited (${code}) before it was ready`)));
    child.on('error', reject);
  });
  await ready;
  const deployerPath = join(ledger, 'localnet', 'deployer.json');
  const deployer = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(deployerPath, 'utf8'))));
  return { url: `http://127.0.0.1:${rpcPort}`, connections: [], ledger, deployer, output, process: child };
}

/** Stops the localnet as Ctrl-C would, and waits for it to exit. */
export async function stopLocalnet(localnet: Localnet, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  // web3.js keeps reconnecting a websocket whose server has gone, which would keep this process
  // alive; it offers no public way to close one.
  for (const connection of localnet.connections) {
    (connection as unknown as { _rpcWebSocket: { close(): void } })._rpcWebSocket.close();
  }
  if (localnet.process.exitCode !== null) return;
  const exited = new Promise((resolve) => localnet.process.once('exit', resolve));
  localnet.process.kill(signal);
  await exited;
}

export function removeLedger(localnet: Localnet): void {
  rmSync(localnet.ledger, { recursive: true, force: true });
}

/** Runs migrations/deploy.ts against the localnet, as its deployer. */
export async function deploy(localnet: Localnet, emergencyProviders: PublicKey[] = []): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'migrations/deploy.ts'),
      '--url',
      localnet.url,
      '--keypair',
      join(localnet.ledger, 'localnet', 'deployer.json'),
      '--emergency-providers',
      emergencyProviders.map((key) => key.toBase58()).join(','),
    ],
    { cwd: ROOT },
  );
  return stdout;
}

/** A client acting for `wallet` (a new one unless given), funded by an airdrop. */
export async function fundedClient(localnet: Localnet, sol = 10, wallet = Keypair.generate()): Promise<{ wallet: Keypair; medshare: Medshare }> {
  const connection = new Connection(localnet.url, 'confirmed');
  localnet.connections.push(connection);
  const signature = await connection.requestAirdrop(wallet.publicKey, sol * LAMPORTS_PER_SOL);
  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
  await connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight }, 'confirmed');
  const provider = new AnchorProvider(connection, new Wallet(wallet), { commitment: 'confirmed' });
  return { wallet, medshare: new Medshare(provider) };
}

/** The name of the program error a rejected call carries; fails the test if it was accepted. */
export async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return refusalName(error) ?? String(error);
  }
  assert.fail('the call was accepted');
}

export interface Indexer {
  url: string;
  stop(): Promise<void>;
}

/** Starts `medshare indexer` following `localnet` into a fresh SQLite file, on a free port. */
export async function startIndexer(localnet: Localnet): Promise<Indexer> {
  const port = await freePortPair();
  const database = `sqlite://${join(mkdtempSync(join(tmpdir(), 'medshare-indexer-')), 'index.sqlite')}?mode=rwc`;
  const child = spawn(MEDSHARE, ['--url', localnet.url, 'indexer', '--database', database, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line.startsWith('serving') && resolve());
    child.on('exit', (code) => reject(new Error(`medshare indexer exited (${code}) before it served`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** Arcium's mempool keeps a computation this many slots (the program's MEMPOOL_LIFETIME_SLOTS). */
const MEMPOOL_LIFETIME_SLOTS = 180;

/** Waits until a computation queued at `queuedSlot` has outlived the mempool unexecuted. */
export async function waitPastMempool(connection: Connection, queuedSlot: number): Promise<void> {
  while ((await connection.getSlot()) <= queuedSlot + MEMPOOL_LIFETIME_SLOTS + 2) await new Promise((resolve) => setTimeout(resolve, 250));
}
