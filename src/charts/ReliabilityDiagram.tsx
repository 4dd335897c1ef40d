// Reliability diagram primitive: per confidence bin, the observed accuracy as a bar, against the diagonal of
// perfect calibration. Takes plain bins (see reliabilityBins in widgets/part2-data/math.ts).
import { scaleLinear } from 'd3';

export interface ReliabilityBinDatum {
  lower: number;
  upper: number;
  count: number;
  confidence: number;
  accuracy: number;
}

export function ReliabilityDiagram({ bins, label, size = 260, color = 'var(--accent)' }: { bins: ReliabilityBinDatum[]; label: string; size?: number; color?: string }) {
  const m = { top: 8, right: 8, bottom: 34, left: 40 };
  const w = size - m.left - m.right;
  const h = size - m.top - m.bottom;
  const x = scaleLinear().domain([0, 1]).range([0, w]);
  const y = scaleLinear().domain([0, 1]).range([h, 0]);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <svg className="reliability" width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label}>
      <g transform={`translate(${m.left},${m.top})`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x2={w} y1={y(t)} y2={y(t)} className="grid" />
            <text x={-6} y={y(t)} dy="0.32em" textAnchor="end" className="tick">
              {t}
            </text>
            <text x={x(t)} y={h + 14} textAnchor="middle" className="tick">
              {t}
            </text>
          </g>
        ))}
        {bins.map((b, i) =>
          b.count ? (
            <g key={i}>
              <rect x={x(b.lower) + 1} width={Math.max(1, x(b.upper) - x(b.lower) - 2)} y={y(b.accuracy)} height={h - y(b.accuracy)} fill={color} opacity={0.85}>
                <title>{`confidence ${b.lower.toFixed(1)}–${b.upper.toFixed(1)}: ${b.count} rows, accuracy ${(b.accuracy * 100).toFixed(1)} %, mean confidence ${(b.confidence * 100).toFixed(1)} %`}</title>
              </rect>
              <line x1={x(b.lower) + 1} x2={x(b.upper) - 1} y1={y(b.confidence)} y2={y(b.confidence)} stroke="var(--fg)" strokeWidth={1.5} strokeDasharray="3 2" />
            </g>
          ) : null,
        )}
        <line x1={0} y1={h} x2={w} y2={0} stroke="var(--muted)" strokeDasharray="4 3" />
        <line y1={h} y2={h} x2={w} className="axis" />
        <text x={w / 2} y={h + 30} textAnchor="middle" className="axis-label">
          confidence (top-class probability)
        </text>
        <text x={4} y={10} className="axis-label">
          accuracy
        </text>
      </g>
    </svg>
  );
}
