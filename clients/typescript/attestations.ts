// Attestations from TypeScript: the authority accredits, an accredited provider attests a
// diagnosis (its body and salt sealed to the MXE, a salted commitment in the clear), the patient
// lists and sends them, and a recipient has one disclosed and verifies it, check by check, as
// `medshare provider verify` does.

import { numberToBytesLE } from '@noble/curves/utils';
import { sha256 } from '@noble/hashes/sha2';
import { PublicKey, SystemProgram } from '@solana/web3.js';
import BN from 'bn.js';
import { type EncryptionKey, type Medshare, PROGRAM_ID, addresses, newEncryptionKey, randomU64 } from './medshare.ts';
import { icd10, icd10Text } from './record.ts';
import { PROGRAM_NONCES, attestationBinding, concat, sealElements } from './sealed.ts';

const COMMITMENT_DOMAIN = new TextEncoder().encode('medshare attestation commitment, format 1');

export type Attestation = Awaited<ReturnType<Medshare['program']['account']['attestation']['fetch']>>;

/** What a provider vouches for: an ICD-10 code, the day of treatment, optionally a document's id. */
export interface Diagnosis {
  code: string;
  /** Days from 1900-01-01, as `day()` gives them. */
  treatedDay: number;
  evidence?: BN;
}

const pda = (...seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];
export const attestationAddress = (attester: PublicKey, id: BN) =>
  pda(Buffer.from('attestation'), attester.toBuffer(), id.toArrayLike(Buffer, 'le', 8));
export const accreditationAddress = (provider: PublicKey) => pda(Buffer.from('accreditation'), provider.toBuffer());

/** The body as one 128-bit value: code (bits 0-31), day (32-47), evidence flag (48), evidence id (49-112). */
export function packDiagnosis({ code, treatedDay, evidence }: Diagnosis): bigint {
  const named = evidence ? 1n | (BigInt(evidence.toString()) << 1n) : 0n;
  return BigInt(icd10(code)) | (BigInt(treatedDay) << 32n) | (named << 48n);
}

export function unpackDiagnosis(body: bigint): Diagnosis {
  const evidence = (body >> 48n) & 1n ? new BN(((body >> 49n) & ((1n << 64n) - 1n)).toString()) : undefined;
  return { code: icd10Text(Number(body & 0xffff_ffffn)), treatedDay: Number((body >> 32n) & 0xffffn), evidence };
}

/** The commitment an attestation account publishes to its body and salt. */
export function commitment(attestation: PublicKey, body: bigint, salt: bigint): Uint8Array {
  return sha256(concat(COMMITMENT_DOMAIN, attestation.toBytes(), numberToBytesLE(body, 16), numberToBytesLE(salt, 16)));
}

/** The access configuration's authority (this client's wallet) accredits `provider`. */
export async function accreditProvider(client: Medshare, provider: PublicKey): Promise<string> {
  return client.program.methods
    .accreditProvider()
    .accountsPartial({
      authority: client.wallet,
      accessConfig: addresses.accessConfig(),
      provider: addresses.provider(provider),
      accreditation: accreditationAddress(provider),
      systemProgram: SystemProgram.programId,
    })
    .rpc();
}

/** The access configuration's authority (this client's wallet) withdraws `provider`'s accreditation. */
export async function withdrawAccreditation(client: Medshare, provider: PublicKey): Promise<string> {
  return client.program.methods
    .withdrawAccreditation()
    .accountsStrict({ authority: client.wallet, accessConfig: addresses.accessConfig(), accreditation: accreditationAddress(provider) })
    .rpc();
}

export type Accreditation = Awaited<ReturnType<Medshare['program']['account']['accreditation']['fetch']>>;

/** `provider`'s accreditation, in force or withdrawn; null if never accredited. */
export async function accreditationOf(client: Medshare, provider: PublicKey): Promise<Accreditation | null> {
  return client.program.account.accreditation.fetchNullable(accreditationAddress(provider));
}

/** Every accreditation, in force or withdrawn. */
export async function accreditations(client: Medshare): Promise<Accreditation[]> {
  return (await client.program.account.accreditation.all()).map(({ account }) => account);
}

/** In words: in force, revoked, replaced by a later one, or expired at `now` (Unix seconds). */
export function attestationStanding(attestation: Attestation, now: number): 'in force' | 'revoked' | 'superseded' | 'expired' {
  if (attestation.revokedAt) return 'revoked';
  if (attestation.supersededBy) return 'superseded';
  if (attestation.expiresAt && now >= Number(attestation.expiresAt)) return 'expired';
  return 'in force';
}

/** When an attestation lapses (Unix seconds), and the attester's earlier one about the patient it replaces. */
export interface AttestationTerms {
  expiresAt?: number;
  supersedes?: PublicKey;
}

/** This accredited provider, holding a grant in force from `patient`, attests `diagnosis`. */
export async function attest(client: Medshare, patient: PublicKey, diagnosis: Diagnosis, terms: AttestationTerms = {}): Promise<PublicKey> {
  const id = randomU64();
  const attestation = attestationAddress(client.wallet, id);
  const body = packDiagnosis(diagnosis);
  const salt = BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex')}`);
  const nonce = BigInt(randomU64().toString()) % PROGRAM_NONCES;
  // Sealed under a one-time key, dropped here: no long-term key, leaked later, opens it.
  const oneTime = newEncryptionKey();
  const cipher = await client.cipher(oneTime.secret);
  const sealed = sealElements(cipher, numberToBytesLE(nonce, 16), attestationBinding(patient, attestation), [body, salt]);
  const statement = {
    schema: { diagnosis: {} },
    expiresAt: terms.expiresAt === undefined ? null : new BN(terms.expiresAt),
    commitment: Array.from(commitment(attestation, body, salt)),
    sealedBody: { encryptionKey: Array.from(oneTime.public), nonce: new BN(nonce.toString()), ciphertexts: sealed },
  };
  await client.program.methods
    .attest(patient, id, statement)
    .accountsPartial({
      attester: client.wallet,
      provider: addresses.provider(client.wallet),
      accreditation: accreditationAddress(client.wallet),
      grant: addresses.grant(patient, client.wallet),
      superseded: terms.supersedes ?? null,
      attestation,
      systemProgram: SystemProgram.programId,
    })
    .rpc();
  return attestation;
}

/** The attestations about `patient`, revoked ones included, oldest first; of two made in the same second, the one replaced first. */
export async function attestationsAbout(client: Medshare, patient = client.wallet) {
  const found = await client.program.account.attestation.all([{ memcmp: { offset: 40, bytes: patient.toBase58() } }]);
  const replacedBy = (earlier: (typeof found)[number], later: (typeof found)[number]) => !!earlier.account.supersededBy?.equals(later.publicKey);
  return found.sort((a, b) => a.account.createdAt.cmp(b.account.createdAt) || (replacedBy(a, b) ? -1 : replacedBy(b, a) ? 1 : 0));
}

/** This provider asks for an attestation's body under its grant; returns the computation offset. */
export async function requestAttestation(client: Medshare, attestation: PublicKey): Promise<BN> {
  const { recipient } = await client.program.account.attestation.fetch(attestation);
  return client.queueSealedPair({ attestation }, { grant: {} }, client.grantCredentials(recipient));
}

/** The patient sends an attestation about them to `recipientKey`; returns the computation offset. */
export async function sendAttestation(client: Medshare, attestation: PublicKey, recipientKey: Uint8Array): Promise<BN> {
  const request = { patient: { recipientKey: Array.from(recipientKey) } };
  return client.queueSealedPair({ attestation }, request, { provider: null, grant: null });
}

export const CHECKS = [
  'delivered to your key',
  'names the patient',
  'not revoked',
  'not superseded',
  'not expired',
  'attester accredited when it attested',
  'body matches the on-chain commitment',
] as const;

/** How each check of a received attestation went, in `CHECKS` order, and the body if it opened. */
export interface Verification {
  address: PublicKey;
  attestation: Attestation;
  diagnosis?: Diagnosis;
  checks: { check: (typeof CHECKS)[number]; passed: boolean }[];
}

/**
 * Verifies the attestation disclosure `offset` delivered, decrypting with `key`, as proof about
 * `patient`: required, since anyone can hand over the offset of another patient's disclosure
 * as their own. An unknown clock fails the expiry check rather than passing it.
 */
export async function verifyAttestation(client: Medshare, offset: BN, key: EncryptionKey, patient: PublicKey): Promise<Verification> {
  const receipt = await client.awaitDisclosure(offset);
  const subject = receipt.subject.attestation;
  if (!subject) throw new Error(`disclosure ${offset} is not of an attestation`);
  const attestation = await client.program.account.attestation.fetch(subject.address);
  const event = await client.disclosedEvent(offset, receipt, 'attestationDisclosed');
  const cipher = await client.cipher(key.secret);
  const [body, salt] = cipher.decrypt(event.ciphertexts, numberToBytesLE(BigInt(event.outputNonce.toString()), 16));
  const opened = body >> 128n === 0n && salt >> 128n === 0n && Buffer.from(receipt.recipientKey).equals(Buffer.from(key.public));
  const now = await client.provider.connection.getBlockTime(await client.provider.connection.getSlot());
  const accreditation = await client.program.account.accreditation.fetchNullable(accreditationAddress(attestation.attester));
  const matches = opened && Buffer.from(commitment(subject.address, body, salt)).equals(Buffer.from(attestation.commitment));
  const change = (receipt.status as { deliveredAfter?: { 0: object } }).deliveredAfter?.[0];
  const revokedMeanwhile = !!change && 'attestationRevoked' in change;
  const passed = [
    opened,
    attestation.recipient.equals(receipt.patient) && attestation.recipient.equals(patient),
    !attestation.revokedAt && !revokedMeanwhile,
    !attestation.supersededBy,
    !attestation.expiresAt || (now !== null && now < Number(attestation.expiresAt)),
    !!accreditation && Number(attestation.attesterAccreditedAt) <= Number(attestation.createdAt),
    matches,
  ];
  return {
    address: subject.address,
    attestation,
    diagnosis: matches ? unpackDiagnosis(body) : undefined,
    checks: CHECKS.map((check, i) => ({ check, passed: passed[i] })),
  };
}
