// The accounting's filters: patient, provider, a range of days, basis and status.

import { useId } from 'react';
import { type AuditRow, basisKind } from '../../../clients/typescript/audit.ts';

export interface Filters {
  patient: string;
  provider: string;
  from: string;
  to: string;
  basis: string;
  status: string;
}

export const NO_FILTERS: Filters = { patient: '', provider: '', from: '', to: '', basis: '', status: '' };

const STATUSES = ['queued', 'delivered', 'delivered after', 'failed', 'refused', 'expired'];

export function matches(row: AuditRow, filters: Filters): boolean {
  const day = row.queued_at.slice(0, 10);
  return (
    (!filters.patient || row.patient === filters.patient.trim()) &&
    (!filters.provider || row.recipient === filters.provider.trim()) &&
    (!filters.from || day >= filters.from) &&
    (!filters.to || day <= filters.to) &&
    (!filters.basis || basisKind(row) === filters.basis) &&
    (!filters.status || (filters.status === 'delivered' ? row.status === 'delivered' : row.status.startsWith(filters.status)))
  );
}

export function FilterForm({ filters, onChange }: { filters: Filters; onChange: (filters: Filters) => void }) {
  const id = useId();
  const field = (key: keyof Filters) => ({
    id: `${id}-${key}`,
    value: filters[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange({ ...filters, [key]: event.target.value }),
  });
  return (
    <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <div>
        <label htmlFor={`${id}-patient`}>Patient wallet</label>
        <input {...field('patient')} autoComplete="off" />
      </div>
      <div>
        <label htmlFor={`${id}-provider`}>Recipient wallet</label>
        <input {...field('provider')} autoComplete="off" />
      </div>
      <div>
        <label htmlFor={`${id}-from`}>From (UTC day)</label>
        <input type="date" {...field('from')} />
      </div>
      <div>
        <label htmlFor={`${id}-to`}>To (UTC day)</label>
        <input type="date" {...field('to')} />
      </div>
      <div>
        <label htmlFor={`${id}-basis`}>Basis</label>
        <select {...field('basis')}>
          <option value="">Any</option>
          <option value="grant">Grant</option>
          <option value="emergency">Break-glass</option>
          <option value="patient">Patient's own</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-status`}>Status</label>
        <select {...field('status')}>
          <option value="">Any</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {status[0].toUpperCase() + status.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="button" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
