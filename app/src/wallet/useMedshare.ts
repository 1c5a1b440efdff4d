// medshare clients over the page's connection: one acting for the connected wallet (it signs
// every transaction; the page holds no key), and a read-only one for the compliance view.

import { AnchorProvider, type Wallet } from '@anchor-lang/core';
import { useAnchorWallet, useConnection } from '@solana/wallet-adapter-react';
import { PublicKey } from '@solana/web3.js';
import { useMemo } from 'react';
import { Medshare } from '../../../clients/typescript/medshare.ts';
import { CLUSTER_OFFSET, PINNED_MXE_KEY } from '../deployment.ts';

const READ_ONLY: Wallet = {
  publicKey: PublicKey.default,
  signTransaction: () => Promise.reject(new Error('the compliance view reads only')),
  signAllTransactions: () => Promise.reject(new Error('the compliance view reads only')),
} as unknown as Wallet;

export function useMedshare(): Medshare | undefined {
  const { connection } = useConnection();
  const wallet = useAnchorWallet();
  return useMemo(
    () => (wallet ? new Medshare(new AnchorProvider(connection, wallet, { commitment: 'confirmed' }), CLUSTER_OFFSET, PINNED_MXE_KEY) : undefined),
    [connection, wallet],
  );
}

export function useReader(): Medshare {
  const { connection } = useConnection();
  return useMemo(() => new Medshare(new AnchorProvider(connection, READ_ONLY, { commitment: 'confirmed' }), CLUSTER_OFFSET, PINNED_MXE_KEY), [connection]);
}
