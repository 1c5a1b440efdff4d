// Research studies from TypeScript: a researcher registers, closes and reveals a study, the
// access configuration's authority approves it, and patients join and leave. The cluster counts
// each record inside the MPC; only the reveal's thresholded cells are ever public.

import BN from 'bn.js';
import { PublicKey, SystemProgram } from '@solana/web3.js';
import { variant } from './audit.ts';
import { type Medshare, PROGRAM_ID, addresses } from './medshare.ts';
import { icd10, icd10Character } from './record.ts';

/** Shards per study; each takes one join or leave at a time. */
export const STUDY_SHARDS = 4;
/** What a withheld cell reads. */
export const SUPPRESSED = 0xffff_ffff;

const seed = (text: string) => Buffer.from(text);
const pda = (...seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];

export const studyAddresses = {
  study: (researcher: PublicKey, id: BN) => pda(seed('study'), researcher.toBuffer(), id.toArrayLike(Buffer, 'le', 8)),
  shard: (study: PublicKey, index: number) => pda(seed('study_shard'), study.toBuffer(), Buffer.from([index])),
  membership: (study: PublicKey, patient: PublicKey) => pda(seed('study_member'), study.toBuffer(), patient.toBuffer()),
};

/** What a study counts, as the program stores it (`StudyCriteria`). */
export interface StudyCriteria {
  prefix: number;
  modulus: number;
  sexes: number;
  bornFrom: number;
  bornUntil: number;
  ageCutoffs: number[];
  medications: number[];
  categories: number[];
}

/** The privacy budget a study with noise may ask, in thousandths, inclusive: the program's
 * `MIN_EPSILON_MILLI` and `MAX_EPSILON_MILLI`. 0 is a study without noise. */
export const EPSILON_MILLI = { least: 10, most: 10_000 } as const;

const withinBudget = (milli: number) => Number.isInteger(milli) && milli >= EPSILON_MILLI.least && milli <= EPSILON_MILLI.most;

/** A study's noise as `StudyTerms.epsilonMilli`: `'none'` said outright, or an epsilon from
 * 0.01 to 10 for the whole reveal. Anything else (0, negative, NaN, too large) is refused. */
export function epsilonMilli(noise: { epsilon: number } | 'none'): number {
  if (noise === 'none') return 0;
  const milli = Math.round(noise.epsilon * 1000);
  if (!withinBudget(milli)) {
    throw new RangeError(`epsilon must be from 0.01 to 10, not ${noise.epsilon}; for a study without noise, say 'none'`);
  }
  return milli;
}

export interface StudyTerms {
  protocolHash: number[];
  k: number;
  epsilonMilli: number;
  minParticipants: number;
  enrolFrom: BN;
  enrolUntil: BN;
}

export type StudyStatusName = 'proposed' | 'approved' | 'closed' | 'revealing' | 'revealed' | 'disputed';

/** The name of a study's status, as the program's enum spells it. */
export const studyStatus = (study: Study) => variant(study.status) as StudyStatusName;

/** Whether a patient may join `study` at `now` (Unix seconds). */
export const enrolling = (study: Study, now: number) =>
  studyStatus(study) === 'approved' && study.enrolFrom.toNumber() <= now && now <= study.enrolUntil.toNumber();

/** The first 0 to 6 characters of an ICD-10 code, as `prefix` and `modulus` (37^length). */
export function icd10Prefix(text: string): { prefix: number; modulus: number } {
  const characters = text.replace('.', '').toUpperCase();
  if (characters.length === 0) return { prefix: 0, modulus: 1 };
  const modulus = 37 ** characters.length;
  return { prefix: icd10(characters.padEnd(3, '0')) % modulus, modulus };
}

/** An ICD-10 prefix as codes are written (E11, E11.9); empty for a study of any diagnosis. */
export function icd10PrefixText({ prefix, modulus }: { prefix: number; modulus: number }): string {
  let text = '';
  for (let rest = prefix, left = modulus; left > 1; rest = Math.floor(rest / 37), left /= 37) {
    if (text.length === 3) text += '.';
    text += icd10Character(rest % 37);
  }
  return text;
}

/** A 3-character ICD-10 category, as the study counts it. */
export const icd10Category = (text: string) => icd10Prefix(text.slice(0, 3)).prefix;

/** SHA-256 of a protocol document, which patients consent to. */
export async function protocolHash(document: Uint8Array): Promise<number[]> {
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(document))));
}

export type Study = Awaited<ReturnType<Medshare['program']['account']['study']['fetch']>>;
export type StudyMembership = Awaited<ReturnType<Medshare['program']['account']['studyMembership']['fetch']>>;

export class Studies {
  constructor(readonly medshare: Medshare) {}

  private get program() {
    return this.medshare.program;
  }

  /** Registers study `id` of this wallet with its shards; returns its address. */
  async register(id: BN, criteria: StudyCriteria, terms: StudyTerms): Promise<PublicKey> {
    const milli = terms.epsilonMilli;
    if (milli !== 0 && !withinBudget(milli)) {
      throw new RangeError(`epsilonMilli must be 0 (no noise) or from ${EPSILON_MILLI.least} to ${EPSILON_MILLI.most}, not ${milli}`);
    }
    const researcher = this.medshare.wallet;
    const study = studyAddresses.study(researcher, id);
    await this.program.methods
      .registerStudy(id, criteria, terms)
      .accountsStrict({
        researcher,
        study,
        shard0: studyAddresses.shard(study, 0),
        shard1: studyAddresses.shard(study, 1),
        shard2: studyAddresses.shard(study, 2),
        shard3: studyAddresses.shard(study, 3),
        systemProgram: SystemProgram.programId,
      })
      .rpc();
    return study;
  }

  /** As the access configuration's authority, approves a proposed study. */
  async approve(study: PublicKey): Promise<string> {
    return this.program.methods
      .approveStudy()
      .accountsStrict({ authority: this.medshare.wallet, accessConfig: addresses.accessConfig(), study })
      .rpc();
  }

  async close(study: PublicKey): Promise<string> {
    return this.program.methods.closeStudy().accountsStrict({ researcher: this.medshare.wallet, study }).rpc();
  }

  async study(study: PublicKey): Promise<Study> {
    return this.program.account.study.fetch(study);
  }

  /** Every study on chain, newest first. */
  async all(): Promise<{ address: PublicKey; study: Study }[]> {
    const studies = await this.program.account.study.all();
    return studies.map(({ publicKey, account }) => ({ address: publicKey, study: account })).sort((a, b) => b.study.createdAt.cmp(a.study.createdAt));
  }

  async membership(study: PublicKey, patient = this.medshare.wallet): Promise<StudyMembership | null> {
    return this.program.account.studyMembership.fetchNullable(studyAddresses.membership(study, patient));
  }

  /** Enters this wallet's record in `study` under `protocol` and waits until the cluster counted it. */
  async join(study: PublicKey, protocol: number[], timeoutMs = 60_000): Promise<StudyMembership> {
    const patient = this.medshare.wallet;
    const shard = await this.freeShard(study);
    const offset = await this.medshare.atFreshOffset(async (offset) =>
      this.program.methods
        .joinStudy(offset, protocol)
        .accountsStrict({
          patient,
          record: addresses.record(patient),
          study,
          shard: studyAddresses.shard(study, shard),
          membership: studyAddresses.membership(study, patient),
          ...(await this.medshare.arciumAccounts('join_study', offset)),
        })
        .rpc(),
    );
    await this.settled(studyAddresses.shard(study, shard), offset, timeoutMs);
    const membership = await this.membership(study);
    if (membership && 'notBound' in membership.status) {
      throw new Error(`the cluster did not count the record in study ${study}: it is not bound to its owner, and this study will not take it again`);
    }
    if (!membership || !('counted' in membership.status)) throw new Error(`the cluster did not count the record in study ${study}; you may join again`);
    return membership;
  }

  /** Takes this wallet's contribution back out of `study`, until the reveal. */
  async leave(study: PublicKey, timeoutMs = 60_000): Promise<StudyMembership> {
    const patient = this.medshare.wallet;
    const member = await this.membership(study);
    if (!member) throw new Error(`${patient} is not in study ${study}`);
    const shard = studyAddresses.shard(study, member.shard);
    const offset = await this.medshare.atFreshOffset(async (offset) =>
      this.program.methods
        .leaveStudy(offset)
        .accountsStrict({
          patient,
          study,
          shard,
          membership: studyAddresses.membership(study, patient),
          ...(await this.medshare.arciumAccounts('leave_study', offset)),
        })
        .rpc(),
    );
    await this.settled(shard, offset, timeoutMs);
    const left = await this.membership(study);
    if (!left || !('left' in left.status)) throw new Error(`the cluster did not take the record out of study ${study}`);
    return left;
  }

  /** Queues the study's one reveal and waits for its published cells. */
  async reveal(study: PublicKey, timeoutMs = 60_000): Promise<Study> {
    await this.medshare.atFreshOffset(async (offset) =>
      this.program.methods
        .revealStudy(offset)
        .accountsStrict({
          researcher: this.medshare.wallet,
          study,
          shard0: studyAddresses.shard(study, 0),
          shard1: studyAddresses.shard(study, 1),
          shard2: studyAddresses.shard(study, 2),
          shard3: studyAddresses.shard(study, 3),
          ...(await this.medshare.arciumAccounts('reveal_study', offset)),
        })
        .rpc(),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.study(study);
      if (!('revealing' in current.status)) {
        if ('revealed' in current.status || 'disputed' in current.status) return current;
        throw new Error(`the cluster did not reveal study ${study}; it can be revealed again`);
      }
      if (Date.now() > deadline) throw new Error(`the reveal of study ${study} was not answered within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** A shard with no update in flight, at random among them. */
  private async freeShard(study: PublicKey): Promise<number> {
    const shards = await Promise.all(
      Array.from({ length: STUDY_SHARDS }, (_, index) => this.program.account.studyShard.fetch(studyAddresses.shard(study, index))),
    );
    const free = shards.flatMap((shard, index) => (shard.pending === null ? [index] : []));
    if (free.length === 0) throw new Error(`every shard of study ${study} is busy; try again shortly`);
    return free[Math.floor(Math.random() * free.length)];
  }

  /** Waits until `shard` no longer waits for computation `offset`. */
  private async settled(shard: PublicKey, offset: BN, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.program.account.studyShard.fetch(shard);
      if (current.pending === null || !current.pending.eq(offset)) return;
      if (Date.now() > deadline) throw new Error(`study update ${offset} was not answered within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
