// A revealed study as a table: every cell its criteria leave open, with the published count or,
// where the reveal withheld it, the rule that withheld it.

import { resultRows } from '../../../clients/typescript/studyCells.ts';
import { type Study, studyStatus } from '../../../clients/typescript/studies.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { Table } from '../ui/Table.tsx';

export function StudyResults({ study }: { study: Study }) {
  const rows = resultRows(study.results, study.criteria, study.k);
  const nested = (group: string) => group !== 'participants' && group !== 'matched';
  return (
    <>
      {studyStatus(study) === 'disputed' && (
        <ErrorText error="The revealed number of participants differs from the chain's: the cluster misbehaved, and these results are not to be trusted." />
      )}
      <Table caption="What the reveal published" columns={['Count', 'Published', 'Why withheld']}>
        {rows.map(({ cell, label, value, withheld }) => (
          <tr key={cell.index} data-testid="result-row">
            <th scope="row" className={nested(cell.group) ? 'nested' : undefined}>
              {label}
            </th>
            <td>{value ?? 'withheld'}</td>
            <td>{withheld ?? ''}</td>
          </tr>
        ))}
      </Table>
      {study.epsilonMilli > 0 && <p className="hint">Published counts carry random noise; the participant count is exact.</p>}
    </>
  );
}
