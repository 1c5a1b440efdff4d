// One patient's accounting of disclosures as a report to print or hand over: a sentence per
// disclosure, oldest first, naming the recipient, what was disclosed, why, on what basis and
// what became of it.

import type { AuditRow } from '../../../clients/typescript/audit.ts';

const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
const when = (rfc3339: string) => rfc3339.replace('T', ' ').replace(/:\d\dZ$/, ' UTC');

function what(row: AuditRow): string {
  if (row.kind === 'document') return `the key of document ${row.subject} (version ${row.version})`;
  if (row.kind === 'attestation') return `attestation ${row.subject}`;
  if (row.kind === 'answer') return `a yes or no to question ${row.subject.slice(0, 16)}… about record version ${row.version}`;
  return `the ${words(row.fields).split(' ').join(', ')} of record version ${row.version}`;
}

function basis(row: AuditRow): string {
  const [kind, detail] = row.basis.split(' ');
  if (kind === 'grant') return 'under the patient\'s grant';
  if (kind === 'emergency') return `by break-glass (${words(detail)})`;
  return 'sent by the patient';
}

export function sentence(row: AuditRow, recipient: string): string {
  return `${when(row.queued_at)}: ${recipient} received ${what(row)} for ${words(row.purpose)}, ${basis(row)}. Status: ${row.status}.`;
}

export function PatientReport({ patient, rows, recipientName }: { patient: string; rows: AuditRow[]; recipientName: (wallet: string) => string }) {
  const oldestFirst = [...rows].sort((a, b) => a.queued_at.localeCompare(b.queued_at));
  return (
    <section className="report card" aria-labelledby="report-heading">
      <h2 id="report-heading">Accounting of disclosures for one patient</h2>
      <p>
        Patient <code>{patient}</code>; {oldestFirst.length} disclosure{oldestFirst.length === 1 ? '' : 's'} matching the filters, read from the
        on-chain receipts on {when(new Date().toISOString().replace(/\.\d+Z$/, 'Z'))}.
      </p>
      <ol data-testid="report">
        {oldestFirst.map((row) => (
          <li key={row.disclosure}>{sentence(row, recipientName(row.recipient))}</li>
        ))}
      </ol>
      <button type="button" className="screen-only" onClick={() => window.print()}>
        Print this report
      </button>
    </section>
  );
}
