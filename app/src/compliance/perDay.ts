// Disclosures counted per day, by basis (grant, break-glass, the patient's own) and by whether
// anything was delivered: what the chart draws and its table states.

import { type AuditRow, basisKind } from '../../../clients/typescript/audit.ts';

export const BASES = ['grant', 'emergency', 'patient'] as const;
export type Basis = (typeof BASES)[number];

export const BASIS_LABELS: Record<Basis, string> = { grant: 'Under a grant', emergency: 'Break-glass', patient: 'Sent by the patient' };

export interface DayCounts {
  day: string;
  /** Delivered and not delivered (queued, refused, failed or expired), per basis. */
  delivered: Record<Basis, number>;
  other: Record<Basis, number>;
  total: number;
}

const zero = (): Record<Basis, number> => ({ grant: 0, emergency: 0, patient: 0 });

export function perDay(rows: AuditRow[]): DayCounts[] {
  const days = new Map<string, DayCounts>();
  for (const row of rows) {
    const day = row.queued_at.slice(0, 10);
    const counts = days.get(day) ?? { day, delivered: zero(), other: zero(), total: 0 };
    const basis = basisKind(row) as Basis;
    (row.status.startsWith('delivered') ? counts.delivered : counts.other)[basis]++;
    counts.total++;
    days.set(day, counts);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
