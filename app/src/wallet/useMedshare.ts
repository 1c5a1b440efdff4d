// The medshare client acting for the connected wallet: it signs every transaction, and the page
// holds no key.

import { AnchorProvider } from '@anchor-lang/core';
import { useMemo } from 'react';
import { Medshare } from '../../../clients/typescript/medshare.ts';
import { connection } from '../connection.ts';
import { CLUSTER_OFFSET, PINNED_MXE_KEY } from '../deployment.ts';
import { useWallet } from './wallets.tsx';

export function useMedshare(): Medshare | undefined {
  const wallet = useWallet().connected;
  return useMemo(() => (wallet ? new Medshare(new AnchorProvider(connection, wallet, { commitment: 'confirmed' }), CLUSTER_OFFSET, PINNED_MXE_KEY) : undefined), [wallet]);
}
