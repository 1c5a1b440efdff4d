// Deploys medshare's on-chain configuration as the deployment authority (the MXE authority, or
// the program's upgrade authority where the MXE has none): registers every circuit
// (computation definitions whose compiled circuits are served off-chain at --circuits-url,
// checked by the hash compiled into the program) and creates the access configuration with its
// break-glass list. Safe to run again: what exists is left alone.
//
//   npm run migrate -- --url http://127.0.0.1:8899 --keypair ~/.local/share/medshare/ledger/localnet/deployer.json
//   npm run migrate -- --url devnet --keypair ~/.config/solana/id.json \
//       --circuits-url https://example.org/medshare/circuits --cluster-offset <devnet cluster>

import { AnchorProvider, Wallet } from '@anchor-lang/core';
import { Connection, Keypair, PublicKey, clusterApiUrl } from '@solana/web3.js';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CIRCUITS, Medshare } from '../clients/typescript/medshare.ts';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8899' },
    keypair: { type: 'string' },
    'circuits-url': { type: 'string' },
    'cluster-offset': { type: 'string', default: '0' },
    'emergency-providers': { type: 'string', default: '' },
  },
});

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

const url = ['devnet', 'testnet', 'mainnet-beta'].includes(options.url!)
  ? clusterApiUrl(options.url as 'devnet')
  : options.url!;
const local = /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url);
// The local cluster reads circuits from this checkout's build/; a real one fetches them.
const circuitsUrl = options['circuits-url'] ?? (local ? 'file://build' : fail('--circuits-url is required off localnet'));
if (!options.keypair) fail('--keypair (the deployment authority) is required');
const authority = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(options.keypair!, 'utf8'))));
const emergencyProviders = options['emergency-providers']!
  .split(',')
  .filter(Boolean)
  .map((key) => new PublicKey(key));

const provider = new AnchorProvider(new Connection(url, 'confirmed'), new Wallet(authority), {
  commitment: 'confirmed',
});
const medshare = new Medshare(provider, Number(options['cluster-offset']));

console.log(`deploying to ${url} as ${authority.publicKey.toBase58()}`);
try {
  for (const circuit of CIRCUITS) {
    const source = `${circuitsUrl.replace(/\/$/, '')}/${circuit}.arcis`;
    const done = await medshare.registerCircuit(circuit, source);
    console.log(`circuit ${circuit}: ${done ? `registered, served at ${source}` : 'already registered'}`);
  }
  const created = await medshare.initializeAccessConfig(emergencyProviders);
  console.log(`access configuration: ${created ? `created, ${emergencyProviders.length} break-glass providers` : 'already exists'}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
