// A matrix drawn on canvas (fast for 64 x 64 attention maps and grids of many of them), with row/column labels,
// a keyboard cursor (arrow keys move it, the readout says the value) and a text alternative for screen readers:
// a table for small matrices, a summary of the largest cells for big ones.
import './charts.css';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { textOn } from './scales';

export interface HeatmapProps {
  /** Row-major values, rows * cols long. */
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  color: (value: number) => string;
  rowLabels?: string[];
  colLabels?: string[];
  /** Cell size in CSS pixels. */
  cell?: number;
  /** Accessible name of the chart. */
  label: string;
  format?: (value: number) => string;
  /** Print the value inside each cell (only sensible for small matrices). */
  showValues?: boolean;
  /** Hide the labels and the readout (thumbnails in a grid). */
  compact?: boolean;
  onCellFocus?: (row: number, col: number) => void;
  highlightRow?: number;
}

export function Heatmap({ values, rows, cols, color, rowLabels, colLabels, cell = 18, label, format = (v) => v.toFixed(2), showValues = false, compact = false, onCellFocus, highlightRow }: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const descId = useId();
  const width = cols * cell;
  const height = rows * cell;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = values[r * cols + c];
        const fill = color(v);
        ctx.fillStyle = fill;
        ctx.fillRect(c * cell, r * cell, cell, cell);
        if (showValues && cell >= 26) {
          ctx.fillStyle = textOn(fill);
          ctx.font = `${Math.min(12, cell / 2.6)}px system-ui, sans-serif`;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(format(v), c * cell + cell / 2, r * cell + cell / 2);
        }
      }
    }
    const mark = (r: number, c: number, w: number, h: number, style: string) => {
      ctx.strokeStyle = style;
      ctx.lineWidth = 2;
      ctx.strokeRect(c * cell + 1, r * cell + 1, w * cell - 2, h * cell - 2);
    };
    if (highlightRow !== undefined && highlightRow >= 0 && highlightRow < rows) mark(highlightRow, 0, cols, 1, '#ff8c00');
    if (cursor) mark(cursor[0], cursor[1], 1, 1, '#ff3d00');
  }, [values, rows, cols, color, cell, width, height, showValues, format, cursor, highlightRow]);

  const move = (r: number, c: number) => {
    const next: [number, number] = [Math.max(0, Math.min(rows - 1, r)), Math.max(0, Math.min(cols - 1, c))];
    setCursor(next);
    onCellFocus?.(next[0], next[1]);
  };

  const onKey = (e: KeyboardEvent) => {
    const [r, c] = cursor ?? [0, 0];
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const d = step[e.key];
    if (!d) return;
    e.preventDefault();
    move(cursor ? r + d[0] : 0, cursor ? c + d[1] : 0);
  };

  const pointer = (clientX: number, clientY: number) => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect) return;
    move(Math.floor(((clientY - rect.top) / rect.height) * rows), Math.floor(((clientX - rect.left) / rect.width) * cols));
  };

  const summary = useMemo(() => {
    const cells: { r: number; c: number; v: number }[] = [];
    if (compact) return cells;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({ r, c, v: values[r * cols + c] });
    cells.sort((a, b) => b.v - a.v);
    return cells.slice(0, 5);
  }, [values, rows, cols, compact]);

  const name = (labels: string[] | undefined, i: number, kind: string) => labels?.[i] ?? `${kind} ${i + 1}`;
  const small = rows * cols <= 400;

  return (
    <div className={`heatmap${compact ? ' compact' : ''}`}>
      <div className="heatmap-grid" style={{ gridTemplateColumns: compact || !rowLabels ? `${width}px` : `max-content ${width}px` }}>
        {!compact && rowLabels && (
          <div className="heatmap-rowlabels" aria-hidden="true" style={{ gridRow: colLabels ? 2 : 1 }}>
            {rowLabels.map((l, i) => (
              <span key={i} style={{ height: cell, lineHeight: `${cell}px` }} className={cursor?.[0] === i || highlightRow === i ? 'on' : ''}>
                {l}
              </span>
            ))}
          </div>
        )}
        {!compact && colLabels && (
          <div className="heatmap-collabels" aria-hidden="true" style={{ gridColumn: rowLabels ? 2 : 1, gridRow: 1, width }}>
            {colLabels.map((l, i) => (
              <span key={i} style={{ width: cell }} className={cursor?.[1] === i ? 'on' : ''}>
                {l}
              </span>
            ))}
          </div>
        )}
        <canvas
          ref={canvas}
          style={{ width, height, gridColumn: !compact && rowLabels ? 2 : 1, gridRow: !compact && colLabels ? 2 : 1 }}
          role={compact ? undefined : 'img'}
          aria-label={compact ? undefined : label}
          aria-hidden={compact ? true : undefined}
          aria-describedby={compact ? undefined : descId}
          tabIndex={compact ? -1 : 0}
          onKeyDown={onKey}
          onMouseMove={compact ? undefined : (e) => pointer(e.clientX, e.clientY)}
          onClick={(e) => pointer(e.clientX, e.clientY)}
        />
      </div>
      {!compact && (
        <p className="heatmap-readout" aria-live="polite">
          {cursor
            ? `${name(rowLabels, cursor[0], 'row')} → ${name(colLabels, cursor[1], 'column')}: ${format(values[cursor[0] * cols + cursor[1]])}`
            : 'Hover a cell, or focus the chart and use the arrow keys.'}
        </p>
      )}
      {!compact && (
      <div id={descId} className="visually-hidden">
        {small ? (
          <table>
            <caption>{label}</caption>
            <thead>
              <tr>
                <th scope="col">row</th>
                {Array.from({ length: cols }, (_, c) => (
                  <th key={c} scope="col">
                    {name(colLabels, c, 'column')}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rows }, (_, r) => (
                <tr key={r}>
                  <th scope="row">{name(rowLabels, r, 'row')}</th>
                  {Array.from({ length: cols }, (_, c) => (
                    <td key={c}>{format(values[r * cols + c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>
            {rows} by {cols} matrix. Largest cells:{' '}
            {summary.map((s) => `${name(rowLabels, s.r, 'row')} → ${name(colLabels, s.c, 'column')} ${format(s.v)}`).join('; ')}.
          </p>
        )}
      </div>
      )}
    </div>
  );
}

/** A colour legend: a gradient bar with the domain's ends (and centre for diverging scales). */
export function ColorLegend({ color, domain, format = (v) => v.toFixed(2), label }: { color: (v: number) => string; domain: number[]; format?: (v: number) => string; label: string }) {
  const lo = domain[0];
  const hi = domain[domain.length - 1];
  const stops = Array.from({ length: 11 }, (_, i) => `${color(lo + ((hi - lo) * i) / 10)} ${i * 10}%`).join(', ');
  return (
    <div className="color-legend" aria-label={`${label}: from ${format(lo)} to ${format(hi)}`} role="img">
      <span className="color-legend-label">{label}</span>
      <span className="color-legend-end">{format(lo)}</span>
      <span className="color-legend-bar" style={{ background: `linear-gradient(to right, ${stops})` }} />
      <span className="color-legend-end">{format(hi)}</span>
    </div>
  );
}
