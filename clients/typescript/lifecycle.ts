// Ending things on chain: a patient closes an ended grant and then the record, a provider
// retires the profile (each returns the account's rent; receipts stay), and the access
// configuration's authority changes the break-glass list and hands over to a successor in two
// steps, as the command line does.

import type { PublicKey } from '@solana/web3.js';
import { type Medshare, addresses } from './medshare.ts';

/** The patient closes the revoked or expired grant to `provider`; no request may wait on it. */
export async function closeGrant(client: Medshare, provider: PublicKey): Promise<string> {
  const patient = client.wallet;
  return client.program.methods
    .closeGrant()
    .accountsStrict({ patient, record: addresses.record(patient), grant: addresses.grant(patient, provider) })
    .rpc();
}

/** The patient deletes their record; every grant must have been closed first. */
export async function closeRecord(client: Medshare): Promise<string> {
  return client.program.methods.closeRecord().accountsStrict({ owner: client.wallet, record: addresses.record(client.wallet) }).rpc();
}

/** The provider closes their profile: no grant or break-glass request passes without it. */
export async function retireProvider(client: Medshare): Promise<string> {
  return client.program.methods.retireProvider().accountsStrict({ wallet: client.wallet, provider: addresses.provider(client.wallet) }).rpc();
}

/** The authority replaces the list of providers allowed to break the glass. */
export async function setEmergencyProviders(client: Medshare, providers: PublicKey[]): Promise<string> {
  return client.program.methods
    .updateAccessConfig(providers)
    .accountsStrict({ authority: client.wallet, accessConfig: addresses.accessConfig() })
    .rpc();
}

/** The authority names its successor; nothing changes until the successor accepts. */
export async function proposeAuthority(client: Medshare, successor: PublicKey): Promise<string> {
  return client.program.methods
    .proposeConfigAuthority(successor)
    .accountsStrict({ authority: client.wallet, accessConfig: addresses.accessConfig() })
    .rpc();
}

/** The proposed successor (this client's wallet) takes over as authority. */
export async function acceptAuthority(client: Medshare): Promise<string> {
  return client.program.methods.acceptConfigAuthority().accountsStrict({ successor: client.wallet, accessConfig: addresses.accessConfig() }).rpc();
}
