// The compliance page's medshare client: it reads accounts and events over the page's
// connection and signs nothing, so the page loads no wallet code.

import { AnchorProvider, type Wallet } from '@anchor-lang/core';
import { PublicKey } from '@solana/web3.js';
import { Medshare } from '../../../clients/typescript/medshare.ts';
import { connection } from '../connection.ts';
import { CLUSTER_OFFSET, PINNED_MXE_KEY } from '../deployment.ts';

const refuse = () => Promise.reject(new Error('the compliance view reads only'));
const READ_ONLY = { publicKey: PublicKey.default, signTransaction: refuse, signAllTransactions: refuse } as unknown as Wallet;

export const reader = new Medshare(new AnchorProvider(connection, READ_ONLY, { commitment: 'confirmed' }), CLUSTER_OFFSET, PINNED_MXE_KEY);
