// Disclosures per day as stacked bars, one colour per basis with break-glass in the emergency
// colour, delivered solid and the rest pale; the same counts as a table for screen readers and
// for reading exact numbers.

import { BASES, BASIS_LABELS, type DayCounts } from './perDay.ts';

const BAR = 28;
const GAP = 10;
const HEIGHT = 140;

export function DisclosureChart({ days }: { days: DayCounts[] }) {
  if (days.length === 0) return null;
  const most = Math.max(...days.map(({ total }) => total));
  const scale = (count: number) => (count / most) * (HEIGHT - 20);
  const emergencies = days.reduce((sum, { delivered, other }) => sum + delivered.emergency + other.emergency, 0);
  return (
    <section className="chart" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Disclosures per day</h2>
      <svg
        role="img"
        aria-labelledby="chart-heading chart-summary"
        width={days.length * (BAR + GAP) + GAP}
        height={HEIGHT + 20}
        data-testid="disclosure-chart"
      >
        <desc id="chart-summary">
          {days.length} days, at most {most} disclosures a day, {emergencies} break-glass in all.
        </desc>
        {days.map((counts, index) => {
          let top = HEIGHT;
          const x = GAP + index * (BAR + GAP);
          const segments = BASES.flatMap((basis) => [
            { basis, delivered: true, count: counts.delivered[basis] },
            { basis, delivered: false, count: counts.other[basis] },
          ]).filter(({ count }) => count > 0);
          return (
            <g key={counts.day}>
              {segments.map(({ basis, delivered, count }) => {
                top -= scale(count);
                return (
                  <rect key={`${basis}-${delivered}`} className={`bar ${basis}${delivered ? '' : ' undelivered'}`} x={x} y={top} width={BAR} height={scale(count)}>
                    <title>
                      {counts.day}: {count} {BASIS_LABELS[basis].toLowerCase()}, {delivered ? 'delivered' : 'not delivered'}
                    </title>
                  </rect>
                );
              })}
              <text x={x + BAR / 2} y={HEIGHT + 14} textAnchor="middle" className="axis">
                {counts.day.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        {BASES.map((basis) => (
          <li key={basis}>
            <span className={`swatch ${basis}`} aria-hidden="true" /> {BASIS_LABELS[basis]}
          </li>
        ))}
        <li>
          <span className="swatch grant undelivered" aria-hidden="true" /> Pale: not delivered
        </li>
      </ul>
      <details>
        <summary>The counts as a table</summary>
        <table>
          <caption className="visually-hidden">Disclosures per day by basis, delivered and not</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {BASES.map((basis) => (
                <th key={basis} scope="col">
                  {BASIS_LABELS[basis]}: delivered / not
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map(({ day, delivered, other }) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {BASES.map((basis) => (
                  <td key={basis}>
                    {delivered[basis]} / {other[basis]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
