// The per-layer CKA chart: one line per fine-tuned model (with its 95 % bootstrap band), integer layer ticks,
// d3 for scales and paths, React for the SVG. Width follows the container.
import { area, line, scaleLinear } from 'd3';
import { LineLegend } from '../../charts/LineLegend';
import { useWidth } from '../../charts/useWidth';

export interface CkaLine {
  id: string;
  label: string;
  color: string;
  dash?: string;
  values: number[];
  band?: [number, number][];
}

export function CkaLines({ lines, layers, floor, label }: { lines: CkaLine[]; layers: number; floor: number; label: string }) {
  const [ref, width] = useWidth<HTMLDivElement>(560, 220);
  const height = 230;
  const m = { top: 12, right: 12, bottom: 34, left: 40 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const x = scaleLinear().domain([0, layers]).range([0, w]);
  const y = scaleLinear().domain([floor, 1]).range([h, 0]);
  const path = line<number>().x((_, i) => x(i)).y((v) => y(v));
  const band = area<[number, number]>().x((_, i) => x(i)).y0((d) => y(d[0])).y1((d) => y(d[1]));
  return (
    <div ref={ref} className="mc-cka">
      <svg width={width} height={height} role="img" aria-label={label}>
        <g transform={`translate(${m.left},${m.top})`}>
          {y.ticks(5).map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`}>
              <line x2={w} className="grid" />
              <text x={-6} dy="0.32em" textAnchor="end" className="tick">
                {t.toFixed(1)}
              </text>
            </g>
          ))}
          {Array.from({ length: layers + 1 }, (_, l) => (
            <text key={l} x={x(l)} y={h + 14} textAnchor="middle" className="tick">
              {l === 0 ? 'emb' : l}
            </text>
          ))}
          <text x={w / 2} y={h + 30} textAnchor="middle" className="axis-label">
            layer (emb = embeddings)
          </text>
          {lines.map((s) => (
            <g key={s.id} data-series={s.id}>
              {s.band && <path d={band(s.band) ?? ''} fill={s.color} opacity={0.15} />}
              <path d={path(s.values) ?? ''} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} />
              {s.values.map((v, i) => (
                <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={s.color}>
                  <title>{`${s.label}, layer ${i}: ${v.toFixed(3)}`}</title>
                </circle>
              ))}
            </g>
          ))}
        </g>
      </svg>
      <LineLegend entries={lines} className="mc-legend" />
    </div>
  );
}
