// Horizontal bars for probabilities (or any values in [0, max]): a label, a bar scaled by d3, the value.
// Rendered as a list so screen readers read "label, value" in order.
import './charts.css';
import { scaleLinear } from 'd3';
import { pct } from './format';

export interface BarDatum {
  label: string;
  value: number;
  /** Marks a bar (e.g. the true class or the top prediction). */
  highlight?: boolean;
  title?: string;
}

export function Bars({ data, max = 1, format = (v: number) => pct(v), label, color = 'var(--accent)' }: { data: BarDatum[]; max?: number; format?: (v: number) => string; label: string; color?: string }) {
  const x = scaleLinear().domain([0, max > 0 ? max : 1]).range([0, 100]).clamp(true);
  return (
    <ol className="bars" aria-label={label}>
      {data.map((d, i) => (
        <li key={`${d.label}-${i}`} className={d.highlight ? 'bar highlight' : 'bar'} title={d.title}>
          <span className="bar-label">{d.label}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${x(d.value)}%`, background: color }} />
          </span>
          <span className="bar-value" data-value={d.value}>
            {format(d.value)}
          </span>
        </li>
      ))}
    </ol>
  );
}
