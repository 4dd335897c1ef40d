// Line chart primitive: plain arrays in, SVG out. d3 computes the scales, ticks and paths; React renders them.
// Width follows the container (like visx's ParentSize); a vertical marker and hover/keyboard read-outs are
// driven by the parent through `marker` and `onHover`, so several charts can share one scrubber.
import { bisector, extent, line, scaleLinear } from 'd3';
import { LineLegend } from './LineLegend';
import { useWidth } from './useWidth';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  id: string;
  label: string;
  color: string;
  points: LinePoint[];
  /** SVG dash pattern, so series differ by more than colour. */
  dash?: string;
  /** Draw a dot at every point (sparse series such as validation runs). */
  dots?: boolean;
}

export interface LineChartProps {
  series: LineSeries[];
  /** Accessible name: what the chart shows. */
  label: string;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  yDomain?: [number, number];
  xDomain?: [number, number];
  /** x of the vertical marker (the scrubbed step). */
  marker?: number;
  /** Called with the x under the pointer (snapped to the nearest point of any series), or null on leave. */
  onHover?: (x: number | null) => void;
  formatY?: (v: number) => string;
}

export function LineChart({ series, label, height = 200, xLabel, yLabel, yDomain, xDomain, marker, onHover, formatY = (v) => String(+v.toFixed(3)) }: LineChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const margin = { top: 10, right: 12, bottom: xLabel ? 34 : 22, left: 46 };
  const w = Math.max(50, width - margin.left - margin.right);
  const h = height - margin.top - margin.bottom;
  const all = series.flatMap((s) => s.points);
  const xs = xDomain ?? ((extent(all, (p) => p.x) as [number, number])[0] !== undefined ? (extent(all, (p) => p.x) as [number, number]) : [0, 1]);
  const ys = yDomain ?? ((extent(all, (p) => p.y) as [number, number])[0] !== undefined ? (extent(all, (p) => p.y) as [number, number]) : [0, 1]);
  const x = scaleLinear().domain(xs[0] === xs[1] ? [xs[0], xs[0] + 1] : xs).range([0, w]);
  const y = scaleLinear().domain(ys[0] === ys[1] ? [ys[0] - 0.5, ys[1] + 0.5] : ys).nice().range([h, 0]);
  const path = line<LinePoint>().x((p) => x(p.x)).y((p) => y(p.y));
  const xTicks = x.ticks(Math.max(2, Math.floor(w / 90)));
  const yTicks = y.ticks(Math.max(2, Math.floor(h / 40)));
  const allX = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  const bis = bisector((v: number) => v).center;

  const move = (clientX: number, svg: SVGSVGElement) => {
    if (!onHover || !allX.length) return;
    const box = svg.getBoundingClientRect();
    const px = clientX - box.left - margin.left;
    onHover(allX[bis(allX, x.invert(px))]);
  };

  return (
    <div ref={ref} className="linechart">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={label}
        onPointerMove={(e) => move(e.clientX, e.currentTarget)}
        onPointerLeave={() => onHover?.(null)}
        style={{ touchAction: 'pan-y' }}
      >
        <g transform={`translate(${margin.left},${margin.top})`}>
          {yTicks.map((t) => (
            <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
              <line x2={w} className="grid" />
              <text x={-6} dy="0.32em" textAnchor="end" className="tick">
                {formatY(t)}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <text key={`x${t}`} x={x(t)} y={h + 14} textAnchor="middle" className="tick">
              {t.toLocaleString('en-US')}
            </text>
          ))}
          <line y1={h} y2={h} x2={w} className="axis" />
          {xLabel && (
            <text x={w / 2} y={h + 30} textAnchor="middle" className="axis-label">
              {xLabel}
            </text>
          )}
          {yLabel && (
            <text x={0} y={-2} className="axis-label" textAnchor="start" dx={4} dy={8}>
              {yLabel}
            </text>
          )}
          {series.map((s) => (
            <g key={s.id} data-series={s.id}>
              {s.points.length > 1 && <path d={path(s.points) ?? ''} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} />}
              {(s.dots || s.points.length === 1) && s.points.map((p, i) => <circle key={i} cx={x(p.x)} cy={y(p.y)} r={2.6} fill={s.color} />)}
            </g>
          ))}
          {marker !== undefined && Number.isFinite(marker) && (
            <g className="marker" transform={`translate(${x(marker)},0)`}>
              <line y2={h} />
              {series.map((s) => {
                if (!s.points.length) return null;
                const xsOf = s.points.map((p) => p.x);
                const p = s.points[bis(xsOf, marker)];
                return <circle key={s.id} cx={x(p.x) - x(marker)} cy={y(p.y)} r={4} fill="var(--bg)" stroke={s.color} strokeWidth={2} />;
              })}
            </g>
          )}
        </g>
      </svg>
      <LineLegend entries={series} />
    </div>
  );
}

/** The value of a series at the point nearest to x (for read-outs). */
export function valueAt(points: LinePoint[], xv: number): LinePoint | undefined {
  if (!points.length) return undefined;
  const i = bisector((p: LinePoint) => p.x).center(points, xv);
  return points[i];
}
