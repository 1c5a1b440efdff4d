// The accounting of disclosures for compliance officers, read with no wallet from the on-chain
// receipts, or from a `medshare indexer` when one is configured: recipients by their provider
// names, disclosures per day, filters, sorting, exports with the columns of `medshare audit`, and
// one patient's accounting as a printable report.

import { useMemo, useState } from 'react';
import { type AuditRow, auditCsv, auditJson, auditRow } from '../../../clients/typescript/audit.ts';
import { auditColumns, indexedDisclosures, indexedProviders } from '../../../clients/typescript/indexer.ts';
import { indexerUrl } from '../settings.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useChainData } from '../ui/useChainData.ts';
import { type Filters, NO_FILTERS, FilterForm, matches } from './filters.tsx';
import { download } from '../ui/download.ts';
import { DisclosureChart } from './DisclosureChart.tsx';
import { PatientReport } from './PatientReport.tsx';
import { perDay } from './perDay.ts';
import { reader } from './reader.ts';

const COLUMNS: { key: keyof AuditRow; label: string }[] = [
  { key: 'queued_at', label: 'Queued' },
  { key: 'completed_at', label: 'Completed' },
  { key: 'patient', label: 'Patient' },
  { key: 'recipient', label: 'Recipient' },
  { key: 'fields', label: 'Fields' },
  { key: 'kind', label: 'What' },
  { key: 'purpose', label: 'Purpose' },
  { key: 'basis', label: 'Basis' },
  { key: 'status', label: 'Status' },
  { key: 'disclosure', label: 'Disclosure' },
];

export function CompliancePage() {
  const indexer = indexerUrl();
  const rows = useChainData(
    async () => (indexer ? (await indexedDisclosures(indexer)).map(auditColumns) : (await reader.disclosures()).map(auditRow)),
    [indexer],
  );
  const providers = useChainData(async () => {
    const named = indexer
      ? (await indexedProviders(indexer)).map((p) => [p.provider, `${p.name} (${p.identifier})`] as const)
      : (await reader.providers()).map((p) => [p.wallet.toBase58(), `${p.name} (${p.identifier})`] as const);
    return new Map(named);
  }, [indexer]);
  const providerName = (wallet: string) => providers.data?.get(wallet);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<{ key: keyof AuditRow; ascending: boolean }>({ key: 'queued_at', ascending: false });
  const shown = useMemo(() => {
    const kept = (rows.data ?? []).filter((row) => matches(row, filters));
    const order = sort.ascending ? 1 : -1;
    return kept.sort((a, b) => order * String(a[sort.key]).localeCompare(String(b[sort.key]), 'en', { numeric: true }));
  }, [rows.data, filters, sort]);
  const days = useMemo(() => perDay(shown), [shown]);
  const sortBy = (key: keyof AuditRow) => setSort((current) => ({ key, ascending: current.key === key ? !current.ascending : true }));

  return (
    <>
      <h1>Accounting of disclosures</h1>
      <p>Every disclosure recorded on chain: who received which parts of whose record, when, why and on what basis. No wallet is needed to read it.</p>
      <p className="hint" data-testid="source">
        {indexer
          ? `Read from the indexer at ${indexer}, which follows finalized transactions: the newest seconds may not show yet. \`medshare audit verify --indexer\` checks its rows against the receipts.`
          : 'Read from the receipts on chain.'}
      </p>
      <FilterForm filters={filters} onChange={setFilters} />
      <DisclosureChart days={days} />
      <div className="actions">
        <button type="button" onClick={rows.reload}>
          Refresh
        </button>
        <button type="button" onClick={() => download('medshare-disclosures.csv', 'text/csv', auditCsv(shown))}>
          Export CSV
        </button>
        <button type="button" onClick={() => download('medshare-disclosures.json', 'application/json', auditJson(shown))}>
          Export JSON
        </button>
      </div>
      <ErrorText error={rows.error} />
      <p role="status" data-testid="row-count">
        {rows.loading ? (indexer ? 'Reading the indexer…' : 'Reading receipts…') : `${shown.length} of ${rows.data?.length ?? 0} disclosures shown`}
      </p>
      {filters.patient.trim() && (
        <PatientReport patient={filters.patient.trim()} rows={shown} recipientName={(wallet) => (providerName(wallet) ? `${providerName(wallet)}, ${wallet}` : wallet)} />
      )}
      <div className="table-scroll">
        <table className="audit">
          <caption className="visually-hidden">Disclosures, sortable by column</caption>
          <thead>
            <tr>
              {COLUMNS.map(({ key, label }) => (
                <th key={key} scope="col" aria-sort={sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : undefined}>
                  <button type="button" onClick={() => sortBy(key)}>
                    {label}
                    <span aria-hidden="true">{sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.disclosure} className={row.basis.startsWith('emergency') ? 'break-glass' : undefined} data-testid="audit-row">
                {COLUMNS.map(({ key }) => (
                  <td key={key}>
                    {key === 'recipient' && providerName(row.recipient) && <span className="name">{providerName(row.recipient)} </span>}
                    {key === 'patient' || key === 'recipient' ? <code>{row[key]}</code> : row[key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
