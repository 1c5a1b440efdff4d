// The accounting of disclosures as `medshare audit` writes it: the same columns, the same words
// and the same CSV and JSON, so a compliance officer's exports from the web app and from the
// command line can be compared line by line.

import type BN from 'bn.js';
import { addresses, type Disclosure, fieldSetNames } from './medshare.ts';

/** One line of the accounting; the column order is `medshare audit`'s. */
export interface AuditRow {
  disclosure: string;
  receipt: string;
  queued_at: string;
  completed_at: string;
  patient: string;
  recipient: string;
  requester: string;
  fields: string;
  purpose: string;
  basis: string;
  /** `record`, `document`, `attestation` or `answer`. */
  kind: string;
  /** The document's or attestation's address, or the question's hash (hex); empty for a record. */
  subject: string;
  /** The record's or document's version; null for an attestation. */
  version: number | null;
  status: string;
}

export const AUDIT_COLUMNS: (keyof AuditRow)[] = [
  'disclosure',
  'receipt',
  'queued_at',
  'completed_at',
  'patient',
  'recipient',
  'requester',
  'fields',
  'purpose',
  'basis',
  'kind',
  'subject',
  'version',
  'status',
];

const CONSENT_CHANGES: Record<string, string> = {
  grantRevoked: 'grant revoked',
  grantExpired: 'grant expired',
  grantNarrowed: 'grant narrowed',
  providerKeyRotated: 'provider key rotated',
  emergencyAccessWithdrawn: 'break-glass access withdrawn',
  grantChanged: 'grant changed',
  emergencyListChanged: 'break-glass list changed',
  providerRetired: 'provider retired',
  documentWithdrawn: 'document withdrawn',
  attestationRevoked: 'attestation revoked',
};

/** The variant of an Anchor enum value (`{ deliveredAfter: {...} }` is `deliveredAfter`). */
export const variant = (value: object) => Object.keys(value)[0];
/** `lifeThreatening` as Rust's Debug prints the variant: `LifeThreatening`. */
const rustName = (name: string) => name[0].toUpperCase() + name.slice(1);

/** A receipt's status in words, as `medshare provider inbox` and `medshare audit` show it. */
export function statusWords(status: Disclosure['status']): string {
  switch (variant(status)) {
    case 'queued':
      return 'queued';
    case 'delivered':
      return 'delivered';
    case 'deliveredAfter': {
      const change = variant((status as { deliveredAfter: { 0: object } }).deliveredAfter[0]);
      return `delivered after the consent changed (${CONSENT_CHANGES[change]})`;
    }
    case 'failed':
      return 'failed';
    case 'recordNotBound':
      return 'refused: the record is not bound to its owner';
    case 'pairNotBound':
      return 'refused: the sealed document key or attestation is not bound to its patient and account';
    default:
      return 'expired: the cluster dropped it, nothing was disclosed';
  }
}

/** How a disclosure was authorized: `patient`, `grant <address>` or `emergency <Justification>`. */
export function basisWords(basis: Disclosure['basis']): string {
  if (basis.grant) return `grant ${basis.grant[0].toBase58()}`;
  if (basis.emergency) return `emergency ${rustName(variant(basis.emergency[0]))}`;
  return 'patient';
}

/** A row's basis without its detail: `patient`, `grant` or `emergency`. */
export const basisKind = (row: AuditRow) => row.basis.split(' ')[0];

/** RFC 3339 in UTC with whole seconds, as the command line writes it. */
export function rfc3339(unix: BN | number): string {
  return new Date(Number(unix) * 1000).toISOString().replace('.000Z', 'Z');
}

/** What a receipt disclosed: its kind, its address (empty for the record) and its version. */
export function subjectOf(receipt: Disclosure): Pick<AuditRow, 'kind' | 'subject' | 'version'> {
  const { record, document, attestation, answer } = receipt.subject;
  if (document) return { kind: 'document', subject: document.address.toBase58(), version: Number(document.version) };
  if (attestation) return { kind: 'attestation', subject: attestation.address.toBase58(), version: null };
  if (answer) return { kind: 'answer', subject: Buffer.from(answer.question).toString('hex'), version: Number(answer.version) };
  return { kind: 'record', subject: '', version: Number(record!.version) };
}

export function auditRow(receipt: Disclosure): AuditRow {
  const completed = Number(receipt.completedAt);
  return {
    disclosure: receipt.computationOffset.toString(),
    receipt: addresses.receipt(receipt.computationOffset).toBase58(),
    queued_at: rfc3339(receipt.queuedAt),
    completed_at: completed === 0 ? '' : rfc3339(completed),
    patient: receipt.patient.toBase58(),
    recipient: receipt.provider.toBase58(),
    requester: receipt.requester.toBase58(),
    fields: fieldSetNames(receipt.fields[0]).join(' '),
    purpose: rustName(variant(receipt.purpose)),
    basis: basisWords(receipt.basis),
    ...subjectOf(receipt),
    status: statusWords(receipt.status),
  };
}

/** CSV with a header line, quoting only where needed, as the Rust `csv` writer does. */
export function auditCsv(rows: AuditRow[]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [AUDIT_COLUMNS.join(','), ...rows.map((row) => AUDIT_COLUMNS.map((column) => cell(row[column])).join(','))];
  return `${lines.map((line) => `${line}\n`).join('')}`;
}

/** JSON as `medshare audit --format json` prints it (pretty, two spaces). */
export function auditJson(rows: AuditRow[]): string {
  return JSON.stringify(rows, null, 2);
}
