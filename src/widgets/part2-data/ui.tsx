// Small pieces the second-half widgets share: the "not available yet" notice, an inline fact read from a
// pipeline file, class colours, and probability bars.
import type { ReactNode } from 'react';
import { Bars } from '../../charts/Bars';
import { pct } from '../../charts/format';
import { useArtifact, type ArtifactState } from './artifacts';
import '../widgets-part2.css';

/** Okabe-Ito colours, one per AG News class: distinct for colour-blind readers, legible in both themes. */
export const CLASS_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'];
export const classColor = (i: number) => CLASS_COLORS[i % CLASS_COLORS.length];

export function Missing({ state, what }: { state: ArtifactState<unknown>; what: string }) {
  if (state.status === 'missing')
    return (
      <p className="notice" data-missing={state.path} role="status">
        Not available yet: {what} (<code>models/{state.path}</code>) has not been written by the training pipeline. It appears here as soon as it exists.
      </p>
    );
  if (state.status === 'error')
    return (
      <p className="notice" role="alert">
        Could not read <code>models/{state.path}</code>: {state.error}
      </p>
    );
  if (state.status === 'loading') return <p className="p2-muted">Loading {what}…</p>;
  return null;
}

export function ProbabilityBars({ labels, probabilities, truth, label = 'Class probabilities' }: { labels: string[]; probabilities: number[]; truth?: number; label?: string }) {
  const top = probabilities.indexOf(Math.max(...probabilities));
  return (
    <div className="p2-probs" data-testid="probabilities">
      <Bars
        label={label}
        data={labels.map((l, i) => ({ label: truth === i ? `${l} (true)` : l, value: probabilities[i], highlight: i === top, title: `${l}: ${pct(probabilities[i], 2)}` }))}
      />
    </div>
  );
}

type Format = 'pct' | 'int' | 'fixed2' | 'fixed3' | 'fixed4' | 'raw' | 'seconds' | 'minutes';

function formatValue(v: unknown, format: Format): string {
  if (typeof v !== 'number') return String(v);
  switch (format) {
    case 'pct':
      return pct(v);
    case 'int':
      return Math.round(v).toLocaleString('en-US');
    case 'fixed2':
      return v.toFixed(2);
    case 'fixed3':
      return v.toFixed(3);
    case 'fixed4':
      return v.toFixed(4);
    case 'seconds':
      return `${Math.round(v).toLocaleString('en-US')} s`;
    case 'minutes':
      return `${(v / 60).toFixed(0)} minutes`;
    default:
      return String(v);
  }
}

function walk(o: unknown, path: string): unknown {
  let cur = o;
  for (const part of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

/**
 * A number written by the pipeline, inline in prose: <Fact file="godeep.json" path="parameters.total" format="int" />.
 * Several comma-separated paths are tried in order. Shows a dash with a title while the file is missing.
 */
export function Fact({ file, path, format = 'raw', fallback = '…' }: { file: string; path: string; format?: Format; fallback?: ReactNode }) {
  const state = useArtifact(file, (raw) => raw);
  if (state.status !== 'ready')
    return (
      <span className="p2-fact" data-fact={path} title={state.status === 'missing' ? `models/${file} is not written yet` : undefined}>
        {fallback}
      </span>
    );
  const value = path
    .split(',')
    .map((p) => walk(state.data, p.trim()))
    .find((v) => v !== undefined && v !== null);
  return (
    <span className="p2-fact" data-fact={path}>
      {value === undefined ? fallback : formatValue(value, format)}
    </span>
  );
}
