// Closing out a computation the cluster will never answer, as medshare-sdk's `close_out` does:
// Arcium's reclaim of the computation (by whoever paid for it, and only once it has outlived
// the mempool unexecuted), then the program's close-out of the receipt that waited on it, in one
// transaction. A disclosure then reads `Expired` (nothing was disclosed), a key rotation
// `Expired` too, and the record takes a rotation again.

import type { TransactionInstruction } from '@solana/web3.js';
import type BN from 'bn.js';
import idl from '../../idl/share_medical_records.json';
import { arcium } from './arcium.ts';
import { type Medshare, PROGRAM_ID, addresses } from './medshare.ts';

/** Arcium's `reclaim_expired_computation_fee` for computation `offset`, signed by this wallet. */
export async function reclaimInstruction(client: Medshare, offset: BN): Promise<TransactionInstruction> {
  const { getArciumProgram, getClusterAccAddress, getExecutingPoolAccAddress, getFeePoolAccAddress, getMXEAccAddress } = await arcium();
  return getArciumProgram(client.provider)
    .methods.reclaimExpiredComputationFee(offset, PROGRAM_ID)
    .accountsPartial({
      signer: client.wallet,
      mxe: getMXEAccAddress(PROGRAM_ID),
      clusterAcc: getClusterAccAddress(client.clusterOffset),
      comp: await client.computationAddress(offset),
      executingPool: getExecutingPoolAccAddress(client.clusterOffset),
      poolAccount: getFeePoolAccAddress(),
    })
    .instruction();
}

/**
 * Closes out computation `offset`: reclaims it first while its account exists (Arcium refuses
 * until it has expired), then marks its receipt expired. This wallet pays.
 */
export async function closeOut(client: Medshare, offset: BN): Promise<string> {
  const { getMXEAccAddress } = await arcium();
  const { connection } = client.provider;
  const receipt = addresses.receipt(offset);
  const stored = await connection.getAccountInfo(receipt);
  if (!stored) throw new Error(`computation ${offset} has no receipt to close out`);
  const mxeAccount = getMXEAccAddress(PROGRAM_ID);
  const computationAccount = await client.computationAddress(offset);
  const reclaim = (await client.computationGone(offset)) ? [] : [await reclaimInstruction(client, offset)];
  const accounts = client.program.coder.accounts;
  const disclosureTag = idl.accounts.find(({ name }) => name === 'Disclosure')!.discriminator;
  if (disclosureTag.every((byte, i) => stored.data[i] === byte)) {
    const disclosure = accounts.decode('disclosure', stored.data);
    const grant = 'grant' in disclosure.basis ? disclosure.basis.grant![0] : null;
    return client.program.methods
      .expireDisclosure()
      .accountsStrict({ disclosure: receipt, grant, mxeAccount, computationAccount })
      .preInstructions(reclaim)
      .rpc();
  }
  const rotation = accounts.decode('keyRotation', stored.data);
  return client.program.methods
    .expireRotation()
    .accountsStrict({ rotation: receipt, record: addresses.record(rotation.patient), mxeAccount, computationAccount })
    .preInstructions(reclaim)
    .rpc();
}
