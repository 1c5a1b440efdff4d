// Which Solana cluster an RPC serves, by its genesis hash, named as the Wallet Standard names
// chains, so a wallet set to another cluster is caught before it signs.

import type { Connection } from '@solana/web3.js';

const KNOWN: Record<string, string> = {
  '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d': 'solana:mainnet',
  EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG: 'solana:devnet',
  '4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY': 'solana:testnet',
};

export async function chainOf(connection: Connection): Promise<string> {
  return KNOWN[await connection.getGenesisHash()] ?? 'solana:localnet';
}

export const chainLabel = (chain: string) => chain.replace('solana:', '');
