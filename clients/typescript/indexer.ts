// Reading the accounting of disclosures from a `medshare indexer` instead of the chain's
// receipts: no getProgramAccounts, a page at a time. The rows are `medshare audit`'s, each also
// naming the transactions that queued and settled it, so any row can be checked on the chain.

import { AUDIT_COLUMNS, type AuditRow } from './audit.ts';

export interface IndexedRow extends AuditRow {
  queued_signature: string;
  /** Null while queued. */
  completed_signature: string | null;
}

export interface IndexedProvider {
  provider: string;
  name: string;
  identifier: string;
}

async function get<T>(indexer: string, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${indexer.replace(/\/$/, '')}${path}`);
  } catch {
    throw new Error(`The indexer at ${indexer} did not answer: is \`medshare indexer\` running there? Clear the indexer in Settings to read the chain instead.`);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(`The indexer at ${indexer} answered ${response.status}: ${body.error ?? response.statusText}`);
  }
  return (await response.json()) as T;
}

/** Every disclosure the indexer holds, oldest first, page after page. */
export async function indexedDisclosures(indexer: string): Promise<IndexedRow[]> {
  const rows: IndexedRow[] = [];
  let after: string | null = null;
  do {
    const query: string = after ? `?after=${encodeURIComponent(after)}` : '';
    const page: { rows: IndexedRow[]; next: string | null } = await get(indexer, `/disclosures${query}`);
    rows.push(...page.rows);
    after = page.next;
  } while (after);
  return rows;
}

/** A row as `medshare audit` writes it: the signatures left out. */
export function auditColumns(row: IndexedRow): AuditRow {
  return Object.fromEntries(AUDIT_COLUMNS.map((column) => [column, row[column]])) as unknown as AuditRow;
}

export const indexedProviders = (indexer: string) => get<IndexedProvider[]>(indexer, '/providers');
