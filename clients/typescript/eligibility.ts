// Eligibility questions from TypeScript, as `medshare patient allow-questions|answer|questions`
// and `medshare provider ask|answer` do them: a question about one record, answered yes or no by
// the cluster for the asker's key alone, with the question named in the receipt by its hash.

import { EventParser } from '@anchor-lang/core';
import { numberToBytesLE } from '@noble/curves/utils';
import { sha256 } from '@noble/hashes/sha2';
import { type PublicKey, SystemProgram } from '@solana/web3.js';
import BN from 'bn.js';
import { type Disclosure, type EncryptionKey, type Medshare, PROGRAM_ID, type Purpose, addresses } from './medshare.ts';
import { ALLERGENS, isoDate } from './record.ts';
import { icd10Prefix, icd10PrefixText } from './studies.ts';
import { concat } from './sealed.ts';

const QUESTION_DOMAIN = new TextEncoder().encode('medshare eligibility question, format 1');

/** What a term asks of its code: not asked, present, absent (the program's numbers). */
export const RULE = { notAsked: 0, present: 1, absent: 2 } as const;

/** A question as the program takes it; the fields of `share_medical_records::state::Question`. */
export interface Question {
  conditionPrefixes: number[];
  conditionModuli: number[];
  conditionRules: number[];
  medications: number[];
  medicationRules: number[];
  allergiesPresent: number;
  allergiesAbsent: number;
  sexes: number;
  bornFrom: number;
  bornUntil: number;
}

/** The kinds of term an eligibility grant covers, one bit each. */
export const TERMS = { conditions: 1, medications: 2, allergies: 4, sex: 8, age: 16 } as const;

/** A question in clinical terms; every term given must hold. */
export interface ClinicalQuestion {
  /** At most two ICD-10 prefixes (`E11`, `E11.6`), each required or excluded. */
  conditions?: { prefix: string; present: boolean }[];
  /** At most two RxNorm concepts, each taken or not. */
  medications?: { rxcui: number; present: boolean }[];
  /** Allergen classes by their index in `ALLERGENS`, each flagged or not. */
  allergies?: { index: number; present: boolean }[];
  /** Sex codes (`SEX`) that match; none asks nothing of sex. */
  sexes?: number[];
  /** Whole years of age on `on` (ISO date), inclusive. */
  ages?: { youngest: number; oldest: number; on: string };
}

/** The days since 1900-01-01 of someone aged `youngest` to `oldest` whole years on `on`. */
export function birthDays(youngest: number, oldest: number, on: string): [number, number] {
  if (youngest > oldest) throw new Error(`the age range ${youngest}-${oldest} is empty`);
  const [year, month, dayOfMonth] = on.split('-').map(Number);
  const bornBy = (age: number) => {
    const last = new Date(Date.UTC(year - age, month, 0)).getUTCDate();
    return Math.round((Date.UTC(year - age, month - 1, Math.min(dayOfMonth, last)) - Date.UTC(1900, 0, 1)) / 86_400_000);
  };
  const from = bornBy(oldest + 1) + 1;
  const until = bornBy(youngest);
  if (from < 1 || until > 0xffff) throw new Error(`the age range ${youngest}-${oldest} reaches outside 1900-2079`);
  return [from, until];
}

/** The question as the program takes it. The program checks it again, and refuses one every record answers alike. */
export function encodeQuestion(clinical: ClinicalQuestion): Question {
  const conditions = clinical.conditions ?? [];
  const medications = clinical.medications ?? [];
  if (conditions.length > 2 || medications.length > 2) throw new Error('a question holds at most two condition and two medication terms');
  const question: Question = {
    conditionPrefixes: [0, 0],
    conditionModuli: [1, 1],
    conditionRules: [0, 0],
    medications: [0, 0],
    medicationRules: [0, 0],
    allergiesPresent: 0,
    allergiesAbsent: 0,
    sexes: 0,
    bornFrom: 0,
    bornUntil: 0,
  };
  const rule = (present: boolean) => (present ? RULE.present : RULE.absent);
  conditions.forEach(({ prefix, present }, t) => {
    const { prefix: value, modulus } = icd10Prefix(prefix);
    if (modulus === 1) throw new Error('an empty ICD-10 prefix asks nothing');
    question.conditionPrefixes[t] = value;
    question.conditionModuli[t] = modulus;
    question.conditionRules[t] = rule(present);
  });
  medications.forEach(({ rxcui, present }, t) => {
    if (!Number.isInteger(rxcui) || rxcui < 1 || rxcui > 0xffff_ffff) throw new Error(`${rxcui} is not an RxNorm concept id`);
    question.medications[t] = rxcui;
    question.medicationRules[t] = rule(present);
  });
  for (const { index, present } of clinical.allergies ?? []) {
    if (!ALLERGENS[index]) throw new Error(`no allergen class number ${index}`);
    if (present) question.allergiesPresent |= 1 << index;
    else question.allergiesAbsent |= 1 << index;
  }
  question.allergiesPresent >>>= 0;
  question.allergiesAbsent >>>= 0;
  question.sexes = (clinical.sexes ?? []).reduce((mask, sex) => mask | (1 << sex), 0);
  if (clinical.ages) [question.bornFrom, question.bornUntil] = birthDays(clinical.ages.youngest, clinical.ages.oldest, clinical.ages.on);
  return question;
}

/** The kinds of term a question asks (`TERMS` bits). */
export function questionTerms(question: Question): number {
  return (
    (question.conditionRules.some((r) => r !== 0) ? TERMS.conditions : 0) |
    (question.medicationRules.some((r) => r !== 0) ? TERMS.medications : 0) |
    ((question.allergiesPresent | question.allergiesAbsent) !== 0 ? TERMS.allergies : 0) |
    (question.sexes !== 0 ? TERMS.sex : 0) |
    (question.bornUntil !== 0 ? TERMS.age : 0)
  );
}

/** The question's Borsh bytes, as the program hashes them. */
function questionBytes(q: Question): Uint8Array {
  const u32s = (values: number[]) => concat(...values.map((v) => numberToBytesLE(BigInt(v), 4)));
  return concat(
    u32s(q.conditionPrefixes),
    u32s(q.conditionModuli),
    Uint8Array.from(q.conditionRules),
    u32s(q.medications),
    Uint8Array.from(q.medicationRules),
    numberToBytesLE(BigInt(q.allergiesPresent), 4),
    numberToBytesLE(BigInt(q.allergiesAbsent), 4),
    Uint8Array.of(q.sexes),
    numberToBytesLE(BigInt(q.bornFrom), 2),
    numberToBytesLE(BigInt(q.bornUntil), 2),
  );
}

/** SHA-256 of the question under its domain: what its receipt names. */
export const questionHash = (question: Question) => sha256(concat(QUESTION_DOMAIN, questionBytes(question)));

/** The 128 bits of the hash the cluster encrypts beside the answer: its first 16 bytes, little-endian. */
export function questionTag(hash: Uint8Array): bigint {
  return hash.slice(0, 16).reduceRight((tag, byte) => (tag << 8n) | BigInt(byte), 0n);
}

const SEX_NAMES = ['unknown', 'male', 'female', 'other'];

/** The question in words, as `medshare` prints it. */
export function describeQuestion(q: Question): string {
  const terms: string[] = [];
  q.conditionRules.forEach((rule, t) => {
    if (rule === 0) return;
    const text = icd10PrefixText({ prefix: q.conditionPrefixes[t], modulus: q.conditionModuli[t] });
    terms.push(rule === RULE.present ? `a diagnosis under ${text}` : `no diagnosis under ${text}`);
  });
  q.medicationRules.forEach((rule, t) => {
    if (rule !== 0) terms.push(`${rule === RULE.present ? 'taking' : 'not taking'} RxNorm ${q.medications[t]}`);
  });
  ALLERGENS.forEach(({ name }, i) => {
    if ((q.allergiesPresent >>> i) & 1) terms.push(`allergic to ${name}`);
    if ((q.allergiesAbsent >>> i) & 1) terms.push(`no allergy to ${name}`);
  });
  if (q.sexes !== 0) terms.push(`sex ${SEX_NAMES.filter((_, s) => (q.sexes >> s) & 1).join(' or ')}`);
  if (q.bornUntil !== 0) terms.push(`born ${isoDate(q.bornFrom)} to ${isoDate(q.bornUntil)}`);
  return terms.length ? terms.join(' and ') : 'nothing';
}

/** This patient lets `verifier` ask `questions` questions of the kinds `terms` (`TERMS` bits) until `expiresAt`. */
export async function grantEligibility(
  client: Medshare,
  verifier: PublicKey,
  terms: number,
  questions: number,
  expiresAt: number,
  purpose: Purpose = 'research',
): Promise<string> {
  return client.program.methods
    .grantEligibility({ terms: { 0: terms }, questionsLeft: questions }, { [purpose]: {} } as never, new BN(expiresAt))
    .accountsPartial({
      patient: client.wallet,
      record: addresses.record(client.wallet),
      provider: addresses.provider(verifier),
      grant: addresses.grant(client.wallet, verifier),
      systemProgram: SystemProgram.programId,
    })
    .rpc();
}

/** Queues `question` about `patient`'s record: under this verifier's grant, or the patient's own answer for `recipientKey`. */
async function queueQuestion(client: Medshare, patient: PublicKey, question: Question, recipientKey?: Uint8Array): Promise<BN> {
  const asVerifier = recipientKey === undefined;
  const request = asVerifier ? { grant: {} } : { patient: { recipientKey: Array.from(recipientKey) } };
  return client.atFreshOffset(async (offset) =>
    client.program.methods
      .answerQuestion(offset, request as never, question)
      .accountsStrict({
        requester: client.wallet,
        record: addresses.record(patient),
        provider: asVerifier ? addresses.provider(client.wallet) : null,
        grant: asVerifier ? addresses.grant(patient, client.wallet) : null,
        disclosure: addresses.receipt(offset),
        ...(await client.arciumAccounts('answer_question', offset)),
      })
      .rpc(),
  );
}

/** This verifier asks `question` about `patient`'s record under its eligibility grant; returns the computation offset. */
export const askQuestion = (client: Medshare, patient: PublicKey, question: Question) => queueQuestion(client, patient, question);

/** This patient has `question` about their record answered for `recipientKey`; returns the computation offset. */
export const answerFor = (client: Medshare, recipientKey: Uint8Array, question: Question) =>
  queueQuestion(client, client.wallet, question, recipientKey);

/**
 * Opens the answer delivered at `offset` with `key` and checks it answers `question`: the receipt
 * names the question's hash, the delivery is the one whose digest the receipt keeps, and the
 * question's tag is encrypted beside the answer. Anything else is refused.
 */
export async function openAnswer(client: Medshare, offset: BN, question: Question, key: EncryptionKey): Promise<{ yes: boolean; receipt: Disclosure }> {
  const receipt = await client.awaitDisclosure(offset);
  const hash = questionHash(question);
  const named = receipt.subject.answer?.question;
  if (!named || !Buffer.from(named).equals(Buffer.from(hash))) throw new Error(`computation ${offset} does not answer this question`);
  if (!('delivered' in receipt.status || 'deliveredAfter' in receipt.status)) throw new Error(`question ${offset} was not answered`);
  const event = await client.disclosedEvent(offset, receipt, 'questionAnswered');
  const cipher = await client.cipher(key.secret);
  const [answer, tag] = cipher.decrypt(event.ciphertexts, numberToBytesLE(BigInt(event.outputNonce.toString()), 16));
  if ((answer !== 0n && answer !== 1n) || tag !== questionTag(hash)) throw new Error(`the answer at ${offset} is not to this question for this key`);
  return { yes: answer === 1n, receipt };
}

/** The question a receipt names: the `questionAsked` event among its transactions whose question hashes to the receipt's. */
export async function askedQuestion(client: Medshare, receipt: Disclosure): Promise<Question> {
  const named = receipt.subject.answer?.question;
  if (!named) throw new Error(`disclosure ${receipt.computationOffset} is not an answer`);
  const parser = new EventParser(PROGRAM_ID, client.program.coder);
  for await (const signature of client.signaturesNaming(addresses.receipt(receipt.computationOffset))) {
    const transaction = await client.provider.connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    for (const event of parser.parseLogs(transaction?.meta?.logMessages ?? [])) {
      if (event.name !== 'questionAsked') continue;
      const question = (event.data as { question: Question }).question;
      if (Buffer.from(questionHash(question)).equals(Buffer.from(named))) return question;
    }
  }
  throw new Error(`the question of disclosure ${receipt.computationOffset} is not in its history`);
}
