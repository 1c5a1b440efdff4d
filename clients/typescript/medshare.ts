// medshare from TypeScript: addresses, the Anchor program typed by its IDL, and the flows of the
// three roles, with records encrypted and decrypted by @arcium-hq/client's Rescue cipher (loaded
// on first use, arcium.ts). Every
// flow acts for the provider's wallet and is signed by it: a keypair in Node, a browser wallet
// in the web app. Nothing here imports Node modules, so the web app bundles it as it is.

import { type AnchorProvider, EventParser, Program } from '@anchor-lang/core';
import BN from 'bn.js';
import type { RescueCipher } from '@arcium-hq/client';
import { x25519 } from '@noble/curves/ed25519';
import { numberToBytesLE } from '@noble/curves/utils';
import { AddressLookupTableProgram, PublicKey, SystemProgram } from '@solana/web3.js';
import idl from '../../idl/share_medical_records.json';
import type { ShareMedicalRecords } from '../../idl/share_medical_records.ts';
import { arcium } from './arcium.ts';
import { offsetTaken } from './errors.ts';
import { type ClinicalSummary, FIELDS, packSummary, unpackSummary } from './record.ts';
import { PROGRAM_NONCES, deliveryDigest, open, recordBinding, seal, sealedTag, outputNonce } from './sealed.ts';

export const PROGRAM_ID = new PublicKey(idl.address);
export const CIRCUITS = [
  'disclose_record',
  'reseal_record',
  'join_study',
  'leave_study',
  'reveal_study',
  'disclose_sealed_pair',
  'answer_question',
] as const;
export type Circuit = (typeof CIRCUITS)[number];

export { FIELDS };
export const ALL_FIELDS = 63;
/** The field set a grant names to cover the patient's documents; not part of the record. */
export const DOCUMENTS = 64;
/** The set of an eligibility grant and of its answers' receipts: yes-or-no questions, no field. */
export const ELIGIBILITY = 128;
/** The sets break-glass access discloses: blood type, allergies, conditions, medications. */
export const EMERGENCY_FIELDS = FIELDS.bloodType | FIELDS.allergies | FIELDS.conditions | FIELDS.medications;

/** The names `medshare` prints for each field set, in bit order. */
export const FIELD_SET_NAMES: [number, string][] = [
  [FIELDS.demographics, 'demographics'],
  [FIELDS.bloodType, 'blood-type'],
  [FIELDS.vitals, 'vitals'],
  [FIELDS.allergies, 'allergies'],
  [FIELDS.conditions, 'conditions'],
  [FIELDS.medications, 'medications'],
  [DOCUMENTS, 'documents'],
  [ELIGIBILITY, 'eligibility'],
];

export const fieldSetNames = (fields: number) =>
  FIELD_SET_NAMES.filter(([set]) => (fields & set) !== 0).map(([, name]) => name);

export const PURPOSES = ['treatment', 'payment', 'operations', 'research', 'emergency', 'patientRequest'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const JUSTIFICATIONS = ['patientUnresponsive', 'lifeThreatening', 'urgentTreatment', 'patientCannotConsent'] as const;
export type Justification = (typeof JUSTIFICATIONS)[number];

/** A random u64 for computation offsets and first nonces, from the platform's CSPRNG. */
export function randomU64(): BN {
  return new BN(crypto.getRandomValues(new Uint8Array(8)), 'le');
}

/** Draws before giving up: a random 64-bit offset is taken only by someone who front-ran the request. */
const OFFSET_DRAWS = 4;

const seed = (text: string) => Buffer.from(text);
const BPF_LOADER_UPGRADEABLE = new PublicKey('BPFLoaderUpgradeab1e11111111111111111111111');
const pda = (...seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];

export const addresses = {
  record: (owner: PublicKey) => pda(seed('patient_record'), owner.toBuffer()),
  provider: (wallet: PublicKey) => pda(seed('provider'), wallet.toBuffer()),
  grant: (patient: PublicKey, providerWallet: PublicKey) =>
    pda(seed('grant'), patient.toBuffer(), providerWallet.toBuffer()),
  accessConfig: () => pda(seed('access_config')),
  /** The program's `ProgramData`, which names its upgrade authority. */
  programData: () => PublicKey.findProgramAddressSync([PROGRAM_ID.toBuffer()], BPF_LOADER_UPGRADEABLE)[0],
  /** The receipt of computation `offset`: a disclosure or a key rotation. */
  receipt: (offset: BN) => pda(seed('receipt'), offset.toArrayLike(Buffer, 'le', 8)),
  compDef: async (circuit: Circuit) => {
    const { getCompDefAccAddress, getCompDefAccOffset } = await arcium();
    return getCompDefAccAddress(PROGRAM_ID, Buffer.from(getCompDefAccOffset(circuit)).readUInt32LE());
  },
};

/** An x25519 key pair for records and disclosures. */
export interface EncryptionKey {
  secret: Uint8Array;
  public: Uint8Array;
}

export function newEncryptionKey(): EncryptionKey {
  return encryptionKeyFrom(x25519.utils.randomPrivateKey());
}

export function encryptionKeyFrom(secret: Uint8Array): EncryptionKey {
  return { secret, public: x25519.getPublicKey(secret) };
}

/** What a provider decrypts: the fields disclosed, zeros elsewhere. */
export interface ReceivedRecord {
  summary: ClinicalSummary;
  fields: number;
  recordVersion: BN;
}

export type PatientRecord = Awaited<ReturnType<Medshare['program']['account']['patientRecord']['fetch']>>;
export type Grant = Awaited<ReturnType<Medshare['program']['account']['grant']['fetch']>>;
export type ProviderProfile = Awaited<ReturnType<Medshare['program']['account']['providerProfile']['fetch']>>;
export type Disclosure = Awaited<ReturnType<Medshare['program']['account']['disclosure']['fetch']>>;

/** Whose receipts to read: everyone's, one patient's or one provider's. */
export type Party = { patient: PublicKey } | { provider: PublicKey } | 'anyone';

/** Byte offsets, past the 8-byte discriminator, of the patient (first in `Grant` and `Disclosure`) and of `Disclosure.provider`. */
const PATIENT_AT = 8;
const RECEIPT_PROVIDER_AT = 40;

export class Medshare {
  readonly program: Program<ShareMedicalRecords>;
  private mxeKey?: Uint8Array;

  /**
   * Acts for `provider.wallet`; `clusterOffset` is the Arcium cluster the MXE is deployed on (0 on
   * localnet). With `pinnedMxeKey`, the client refuses to encrypt to any other MXE key, whatever
   * the RPC node returns: a lying node could otherwise hand out a key it holds the secret of.
   */
  constructor(
    readonly provider: AnchorProvider,
    readonly clusterOffset = 0,
    private readonly pinnedMxeKey?: Uint8Array,
    /** Where computation offsets come from: random, or chosen in tests. */
    private readonly drawOffset: () => BN = randomU64,
  ) {
    this.program = new Program(idl as ShareMedicalRecords, provider);
  }

  /**
   * Sends what `send` makes for a drawn computation offset, drawing again while the one drawn is
   * taken (its receipt or computation account exists: someone front-ran it); returns the offset.
   */
  async atFreshOffset(send: (offset: BN) => Promise<unknown>): Promise<BN> {
    for (let draw = 0; draw < OFFSET_DRAWS; draw++) {
      const offset = this.drawOffset();
      try {
        await send(offset);
        return offset;
      } catch (error) {
        if (!offsetTaken(error)) throw error;
      }
    }
    throw new Error(`every computation offset drawn (${OFFSET_DRAWS}) was taken; try again`);
  }

  /** The wallet this client acts for. */
  get wallet(): PublicKey {
    return this.provider.wallet.publicKey;
  }

  /** The MXE's x25519 key, which records are encrypted against. */
  async mxePublicKey(): Promise<Uint8Array> {
    if (this.mxeKey) return this.mxeKey;
    const key = await (await arcium()).getMXEPublicKey(this.provider, PROGRAM_ID);
    if (!key) throw new Error('the MXE has no x25519 key yet (its key generation has not completed)');
    if (this.pinnedMxeKey && !this.pinnedMxeKey.every((byte, index) => byte === key[index])) {
      throw new Error("the chain's MXE key is not the one this client was configured with: the RPC node may not be telling the truth, so nothing was encrypted");
    }
    this.mxeKey = key;
    return key;
  }

  /** The Rescue cipher of the secret `secret` shares with the MXE. */
  async cipher(secret: Uint8Array): Promise<RescueCipher> {
    const { RescueCipher } = await arcium();
    return new RescueCipher(x25519.getSharedSecret(secret, await this.mxePublicKey()));
  }

  async record(owner = this.wallet): Promise<PatientRecord | null> {
    return this.program.account.patientRecord.fetchNullable(addresses.record(owner));
  }

  async providerProfile(wallet = this.wallet): Promise<ProviderProfile | null> {
    return this.program.account.providerProfile.fetchNullable(addresses.provider(wallet));
  }

  async grantTo(providerWallet: PublicKey, patient = this.wallet): Promise<Grant | null> {
    return this.program.account.grant.fetchNullable(addresses.grant(patient, providerWallet));
  }

  /** Every registered provider. */
  async providers(): Promise<ProviderProfile[]> {
    return (await this.program.account.providerProfile.all()).map(({ account }) => account);
  }

  /** The grants `patient` holds, one per provider. */
  async grantsOf(patient = this.wallet): Promise<Grant[]> {
    const grants = await this.program.account.grant.all([
      { memcmp: { offset: PATIENT_AT, bytes: patient.toBase58() } },
    ]);
    return grants.map(({ account }) => account);
  }

  /** Disclosure receipts of `party`, oldest first (the order `medshare audit` prints). */
  async disclosures(party: Party = 'anyone'): Promise<Disclosure[]> {
    const filter =
      party === 'anyone'
        ? []
        : 'patient' in party
          ? [{ memcmp: { offset: PATIENT_AT, bytes: party.patient.toBase58() } }]
          : [{ memcmp: { offset: RECEIPT_PROVIDER_AT, bytes: party.provider.toBase58() } }];
    const receipts = (await this.program.account.disclosure.all(filter)).map(({ account }) => account);
    return receipts.sort((a, b) => a.queuedAt.cmp(b.queuedAt) || a.computationOffset.cmp(b.computationOffset));
  }

  /** The access configuration: its authority and break-glass list; null before deployment. */
  async accessConfig() {
    return this.program.account.accessConfig.fetchNullable(addresses.accessConfig());
  }

  /** Seals `summary` as this wallet's record under `key` and stores it (a first store or an update). */
  async storeRecord(key: EncryptionKey, summary: ClinicalSummary): Promise<string> {
    const owner = this.wallet;
    const record = addresses.record(owner);
    const stored = await this.record();
    // Every write needs a nonce above the owner's earlier ones and below the program's range
    // (2^127); a first store starts at a random 64-bit value.
    const nonce: BN = stored ? stored.clientNonce.addn(1) : randomU64();
    if (BigInt(nonce.toString()) >= PROGRAM_NONCES) throw new Error('the record has used up its nonces');
    const nonceBytes = nonce.toArrayLike(Buffer, 'le', 16);
    const binding = recordBinding(owner, record);
    const ciphertexts = seal(await this.cipher(key.secret), nonceBytes, binding, packSummary(summary));
    const args = [Array.from(key.public), nonce, ciphertexts] as const;
    const method = stored
      ? this.program.methods.updateRecord(...args).accountsPartial({ owner, record })
      : this.program.methods.storeRecord(...args).accountsPartial({ owner, record, systemProgram: SystemProgram.programId });
    return method.rpc();
  }

  /** The owner's own record, decrypted with their key; throws if it is not bound to them. */
  async openOwnRecord(key: EncryptionKey, owner = this.wallet): Promise<ClinicalSummary> {
    const record = addresses.record(owner);
    const stored = await this.program.account.patientRecord.fetch(record);
    const nonce = stored.nonce.toArrayLike(Buffer, 'le', 16);
    const elements = open(await this.cipher(key.secret), nonce, recordBinding(owner, record), stored.ciphertexts);
    return unpackSummary(elements);
  }

  /** This wallet's record re-sealed by the cluster for `newKey`; resolves once it is written. */
  async rotateRecordKey(currentKey: EncryptionKey, newKey: EncryptionKey, timeoutMs = 60_000): Promise<void> {
    const owner = this.wallet;
    const record = addresses.record(owner);
    const stored = await this.program.account.patientRecord.fetch(record);
    const binding = recordBinding(owner, record);
    const elements = open(await this.cipher(currentKey.secret), stored.nonce.toArrayLike(Buffer, 'le', 16), binding, stored.ciphertexts);
    const cipher = await this.cipher(newKey.secret);
    const offset = await this.atFreshOffset(async (offset) => {
      const tag = sealedTag(cipher, numberToBytesLE(outputNonce(BigInt(offset.toString())), 16), binding, elements);
      return this.program.methods
        .rotateRecordKey(offset, Array.from(newKey.public), tag)
        .accountsStrict({
          owner,
          record,
          rotation: addresses.receipt(offset),
          ...(await this.arciumAccounts('reseal_record', offset)),
        })
        .rpc();
    });
    const settled = await settledReceipt(
      () => this.program.account.keyRotation.fetch(addresses.receipt(offset)),
      () => this.computationGone(offset),
      timeoutMs,
      `key rotation ${offset}`,
    );
    if (!('resealed' in settled.status)) throw new Error(`the cluster did not complete key rotation ${offset}`);
    // The tag for the new key is the patient's own: check that the record opens under it.
    await this.openOwnRecord(newKey);
  }

  async registerProvider(key: EncryptionKey, name: string, identifier: string): Promise<string> {
    return this.program.methods
      .registerProvider(Array.from(key.public), name, identifier)
      .accountsPartial({ wallet: this.wallet, provider: addresses.provider(this.wallet), systemProgram: SystemProgram.programId })
      .rpc();
  }

  /** Replaces this provider's published key; requests queued under the old one are receipted as such. */
  async rotateProviderKey(key: EncryptionKey): Promise<string> {
    return this.program.methods
      .rotateProviderKey(Array.from(key.public))
      .accountsPartial({ wallet: this.wallet, provider: addresses.provider(this.wallet) })
      .rpc();
  }

  /** Grants (or re-issues) `providerWallet` access to `fields` for `purpose` until `expiresAt` (Unix seconds). */
  async grant(providerWallet: PublicKey, fields: number, expiresAt: number, purpose: Purpose = 'treatment'): Promise<string> {
    return this.program.methods
      .grantAccess({ 0: fields }, { [purpose]: {} } as never, new BN(expiresAt))
      .accountsPartial({
        patient: this.wallet,
        record: addresses.record(this.wallet),
        provider: addresses.provider(providerWallet),
        grant: addresses.grant(this.wallet, providerWallet),
        systemProgram: SystemProgram.programId,
      })
      .rpc();
  }

  /** Narrows a grant to a subset of its sets and an expiry no later than its own. */
  async narrow(providerWallet: PublicKey, fields: number, expiresAt: number): Promise<string> {
    return this.program.methods
      .narrowGrant({ 0: fields }, new BN(expiresAt))
      .accountsPartial({ patient: this.wallet, grant: addresses.grant(this.wallet, providerWallet) })
      .rpc();
  }

  async revoke(providerWallet: PublicKey): Promise<string> {
    return this.program.methods
      .revokeGrant()
      .accountsPartial({ patient: this.wallet, grant: addresses.grant(this.wallet, providerWallet) })
      .rpc();
  }

  /** The Arcium accounts a computation of `circuit` at `offset` names. */
  async arciumAccounts(circuit: Circuit, offset: BN) {
    const {
      getArciumProgramId,
      getArciumSignerAccAddress,
      getClockAccAddress,
      getClusterAccAddress,
      getExecutingPoolAccAddress,
      getFeePoolAccAddress,
      getMXEAccAddress,
      getMempoolAccAddress,
    } = await arcium();
    return {
      signPdaAccount: getArciumSignerAccAddress(PROGRAM_ID),
      mxeAccount: getMXEAccAddress(PROGRAM_ID),
      mempoolAccount: getMempoolAccAddress(this.clusterOffset),
      executingPool: getExecutingPoolAccAddress(this.clusterOffset),
      computationAccount: await this.computationAddress(offset),
      compDefAccount: await addresses.compDef(circuit),
      clusterAccount: getClusterAccAddress(this.clusterOffset),
      poolAccount: getFeePoolAccAddress(),
      clockAccount: getClockAccAddress(),
      systemProgram: SystemProgram.programId,
      arciumProgram: getArciumProgramId(),
    };
  }

  /** This provider asks for what its grant from `patient` covers; returns the computation offset. */
  async requestRecord(patient: PublicKey): Promise<BN> {
    return this.atFreshOffset(async (offset) =>
      this.program.methods
        .discloseRecord(offset, { grant: {} })
        .accountsStrict({
          requester: this.wallet,
          record: addresses.record(patient),
          provider: addresses.provider(this.wallet),
          grant: addresses.grant(patient, this.wallet),
          accessConfig: null,
          disclosure: addresses.receipt(offset),
          ...(await this.arciumAccounts('disclose_record', offset)),
        })
        .rpc(),
    );
  }

  /** Break-glass: a provider on the access configuration's list asks for `patient`'s emergency sets. */
  async requestEmergency(patient: PublicKey, justification: Justification): Promise<BN> {
    return this.atFreshOffset(async (offset) =>
      this.program.methods
        .discloseRecord(offset, { emergency: { justification: { [justification]: {} } as never } })
        .accountsStrict({
          requester: this.wallet,
          record: addresses.record(patient),
          provider: addresses.provider(this.wallet),
          grant: null,
          accessConfig: addresses.accessConfig(),
          disclosure: addresses.receipt(offset),
          ...(await this.arciumAccounts('disclose_record', offset)),
        })
        .rpc(),
    );
  }

  /**
   * Queues the disclosure of a document's key or an attestation's body (`subject`) as `request`
   * asks, backed by `credentials` (the provider's profile and grant, or none for the patient's
   * own request); returns the computation offset.
   */
  async queueSealedPair(
    subject: { document: PublicKey } | { attestation: PublicKey },
    request: object,
    credentials: { provider: PublicKey; grant: PublicKey } | { provider: null; grant: null },
  ): Promise<BN> {
    return this.atFreshOffset(async (offset) =>
      this.program.methods
        .discloseSealedPair(offset, request as never)
        .accountsStrict({
          requester: this.wallet,
          document: 'document' in subject ? subject.document : null,
          attestation: 'attestation' in subject ? subject.attestation : null,
          ...credentials,
          accessConfig: null,
          disclosure: addresses.receipt(offset),
          ...(await this.arciumAccounts('disclose_sealed_pair', offset)),
        })
        .rpc(),
    );
  }

  /** Credentials of this provider's request under its grant from `patient`. */
  grantCredentials(patient: PublicKey) {
    return { provider: addresses.provider(this.wallet), grant: addresses.grant(patient, this.wallet) };
  }

  /** Waits for the cluster's callback on the disclosure at `offset` and returns its receipt. */
  async awaitDisclosure(offset: BN, timeoutMs = 60_000) {
    const address = addresses.receipt(offset);
    return settledReceipt(() => this.program.account.disclosure.fetch(address), () => this.computationGone(offset), timeoutMs, `disclosure ${offset}`);
  }

  /** The address of computation `offset`'s account on this client's cluster. */
  async computationAddress(offset: BN): Promise<PublicKey> {
    return (await arcium()).getComputationAccAddress(this.clusterOffset, offset);
  }

  /** Whether computation `offset`'s account is gone: delivered, or reclaimed unexecuted. */
  async computationGone(offset: BN): Promise<boolean> {
    return (await this.provider.connection.getAccountInfo(await this.computationAddress(offset))) === null;
  }

  /**
   * The delivery of the disclosure at `offset`, whose `receipt` the caller read: among the
   * receipt's transactions, the `name` event whose digest the receipt keeps (a record's fields, or
   * a document key's or an attestation body's pair, whose delivery sits in the event's
   * `delivered`). Any program can log a look-alike event naming the receipt; only the output the
   * program verified hashes to the digest.
   */
  async disclosedEvent(offset: BN, receipt: Disclosure, name: 'recordDisclosed' | 'documentKeyDisclosed' | 'attestationDisclosed' | 'questionAnswered') {
    const address = addresses.receipt(offset);
    const expected = Buffer.from(receipt.deliveryDigest).toString('hex');
    const parser = new EventParser(PROGRAM_ID, this.program.coder);
    for await (const signature of this.signaturesNaming(address)) {
      const transaction = await this.provider.connection.getTransaction(signature, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      });
      for (const event of parser.parseLogs(transaction?.meta?.logMessages ?? [])) {
        if (event.name !== name) continue;
        const data = ((event.data as { delivered?: object }).delivered ?? event.data) as {
          recipientKey: number[];
          ciphertexts: number[][];
          outputNonce: BN;
        };
        const digest = deliveryDigest(
          BigInt(offset.toString()),
          Uint8Array.from(data.recipientKey),
          BigInt(data.outputNonce.toString()),
          data.ciphertexts,
        );
        if (Buffer.from(digest).toString('hex') === expected) return data;
      }
    }
    throw new Error(`no delivery of disclosure ${offset} matches its receipt`);
  }

  /**
   * The signatures of the confirmed, successful transactions that named `address`, newest first,
   * a page at a time: anyone can send transactions naming any account, so no page is the last
   * one to read until the node says so.
   */
  async *signaturesNaming(address: PublicKey): AsyncGenerator<string> {
    const limit = 1_000;
    let before: string | undefined;
    for (;;) {
      const page = await this.provider.connection.getSignaturesForAddress(address, { before, limit }, 'confirmed');
      for (const { signature, err } of page) {
        before = signature;
        if (!err) yield signature;
      }
      if (page.length < limit) return;
    }
  }

  /**
   * Decrypts a disclosure with the recipient's key. What was disclosed (the field sets, the
   * record's version) is the receipt's word, which the program checked against the signed
   * output, never the event's: any program can log the same ciphertexts claiming more.
   */
  async openDisclosure(offset: BN, key: EncryptionKey): Promise<ReceivedRecord> {
    const receipt = await this.program.account.disclosure.fetch(addresses.receipt(offset));
    const subject = receipt.subject as { record?: { version: BN } };
    if (!subject.record) throw new Error(`disclosure ${offset} is not of a record`);
    const event = await this.disclosedEvent(offset, receipt, 'recordDisclosed');
    const nonce = numberToBytesLE(BigInt(event.outputNonce.toString()), 16);
    const packed = (await this.cipher(key.secret)).decrypt(event.ciphertexts, nonce);
    return { summary: unpackSummary(packed), fields: receipt.fields[0], recordVersion: subject.record.version };
  }

  /**
   * Registers a circuit, served off-chain at `url`, with this wallet as the deployment's authority
   * (the MXE authority, or the upgrade authority where the MXE has none); false if already done.
   */
  async registerCircuit(circuit: Circuit, url: string): Promise<boolean> {
    const compDef = await addresses.compDef(circuit);
    if (await this.provider.connection.getAccountInfo(compDef)) return false;
    const { getArciumProgram, getArciumProgramId, getLookupTableAddress, getMXEAccAddress } = await arcium();
    const mxe = await getArciumProgram(this.provider).account.mxeAccount.fetch(getMXEAccAddress(PROGRAM_ID));
    const accounts = {
      payer: this.wallet,
      mxeAccount: getMXEAccAddress(PROGRAM_ID),
      programData: addresses.programData(),
      compDefAccount: compDef,
      addressLookupTable: getLookupTableAddress(PROGRAM_ID, mxe.lutOffsetSlot),
      lutProgram: AddressLookupTableProgram.programId,
      arciumProgram: getArciumProgramId(),
      systemProgram: SystemProgram.programId,
    };
    const methods = this.program.methods;
    const method = {
      disclose_record: () => methods.initDiscloseRecordCompDef(url),
      reseal_record: () => methods.initResealRecordCompDef(url),
      join_study: () => methods.initJoinStudyCompDef(url),
      leave_study: () => methods.initLeaveStudyCompDef(url),
      reveal_study: () => methods.initRevealStudyCompDef(url),
      disclose_sealed_pair: () => methods.initDiscloseSealedPairCompDef(url),
      answer_question: () => methods.initAnswerQuestionCompDef(url),
    }[circuit]();
    await method.accountsStrict(accounts).rpc();
    return true;
  }

  /** Creates the access configuration with this wallet as the deployment's authority; false if it exists. */
  async initializeAccessConfig(emergencyProviders: PublicKey[]): Promise<boolean> {
    if (await this.provider.connection.getAccountInfo(addresses.accessConfig())) return false;
    const { getMXEAccAddress } = await arcium();
    await this.program.methods
      .initializeAccessConfig(this.wallet, emergencyProviders)
      .accountsStrict({
        payer: this.wallet,
        mxeAccount: getMXEAccAddress(PROGRAM_ID),
        programData: addresses.programData(),
        accessConfig: addresses.accessConfig(),
        systemProgram: SystemProgram.programId,
      })
      .rpc();
    return true;
  }
}

/**
 * A computation the cluster will never answer: its receipt waits, and its account is gone
 * (reclaimed after it expired from the mempool unexecuted). `closeOut` (closeOut.ts) marks the
 * receipt expired.
 */
export class Dropped extends Error {
  constructor(what: string) {
    super(`the cluster dropped ${what}: it expired unexecuted and will never be answered; close it out to mark it expired`);
    this.name = 'Dropped';
  }
}

/** A computation not answered in the time waited: the cluster may still answer it. */
export class NotAnswered extends Error {
  name = 'NotAnswered';
}

/**
 * Polls a receipt until it leaves `queued`, which the cluster's callback does; throws `Dropped`
 * once the computation it waits on is gone.
 */
async function settledReceipt<T extends { status: object }>(
  fetch: () => Promise<T>,
  computationGone: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await fetch();
    if (!('queued' in receipt.status)) return receipt;
    if (await computationGone()) {
      // The callback may have landed between the two reads.
      const again = await fetch();
      if (!('queued' in again.status)) return again;
      throw new Dropped(what);
    }
    if (Date.now() > deadline) throw new NotAnswered(`${what} was not answered within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
