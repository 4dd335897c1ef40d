// Fine-tuning / Resource utilization: what the real training run cost (resources.json) and a benchmark the
// reader runs on their own device with the article's engine, next to the figures measured on our machine.
import { useMemo, useState, type ReactNode } from 'react';
import { LineChart } from '../../charts/LineChart';
import { WidgetFrame } from '../frame/WidgetFrame';
import { errorMessage } from '../frame/useLatest';
import { DATASET_FILE, MODEL_FILE, MODEL_ID, useArtifact } from '../part2-data/artifacts';
import { engine } from '../part2-data/engine';
import { quantile } from '../part2-data/math';
import { flatten, parseDataset, rowText } from '../part2-data/parse';
import { Missing } from '../part2-data/ui';
import { ScrollRegion } from '../frame/ScrollRegion';

const SENTENCES = 16;

function entriesOf(raw: unknown): Record<string, unknown>[] {
  const list = Array.isArray(raw) ? raw : (raw as { entries?: unknown[] } | null)?.entries;
  return Array.isArray(list) ? (list.filter((e) => typeof e === 'object' && e !== null) as Record<string, unknown>[]) : [];
}
const REPEATS = 2;

export interface BenchResult {
  backend: string;
  threads: number;
  calls: number;
  p50: number;
  p95: number;
  tokensPerSecond: number;
  textsPerSecond: number;
}

function fmt(key: string, v: string | number | boolean) {
  if (typeof v !== 'number') return String(v);
  if (/bytes$/i.test(key)) return `${(v / 2 ** 20).toFixed(0)} MiB`;
  if (/wall_s$|_s$|cpu_s$/.test(key) && v > 120) return `${v.toLocaleString('en-US', { maximumFractionDigits: 0 })} s (${(v / 60).toFixed(1)} min)`;
  return v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) < 10 ? 3 : 1 });
}

export function Resources({ caption }: { caption?: ReactNode }) {
  const res = useArtifact(MODEL_FILE('resources.json'), (raw) => raw as Record<string, unknown>);
  const log = useArtifact(MODEL_FILE('training_log.json'), (raw) => raw);
  const data = useArtifact(DATASET_FILE, parseDataset);
  const [bench, setBench] = useState<BenchResult | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [benchError, setBenchError] = useState<string>();

  const run = async () => {
    if (data.status !== 'ready') return;
    setBenchError(undefined);
    setBench(null);
    const texts = data.data.rows.slice(0, SENTENCES).map(rowText);
    try {
      setRunning('Loading the model…');
      const e = engine();
      await e.classify(MODEL_ID, texts[0]); // warm-up: load and first run
      const times: number[] = [];
      let tokens = 0;
      for (let r = 0; r < REPEATS; r++) {
        for (let i = 0; i < texts.length; i++) {
          setRunning(`Running ${r * texts.length + i + 1} of ${REPEATS * texts.length}…`);
          const t0 = performance.now();
          const out = await e.classify(MODEL_ID, texts[i]);
          times.push(performance.now() - t0);
          tokens += out.tokenization.inputIds.length;
        }
      }
      const st = await e.status();
      const total = times.reduce((a, b) => a + b, 0) / 1000;
      setBench({ backend: st.backend, threads: st.threads, calls: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), tokensPerSecond: tokens / total, textsPerSecond: times.length / total });
    } catch (err) {
      setBenchError(errorMessage(err));
    } finally {
      setRunning(null);
    }
  };

  const rows = res.status === 'ready' ? flatten(res.data).filter((r) => !/^(series|samples|timeline|budget_adjustments)/.test(r.key)) : [];
  const series = useMemo(() => {
    if (log.status !== 'ready') return [];
    const entries = entriesOf(log.data);
    const at = (f: string) => entries.filter((e) => typeof e.wall_s === 'number' && typeof e[f] === 'number').map((e) => ({ x: e.wall_s as number, y: e[f] as number }));
    return [
      { field: 'tokens_per_s', title: 'training throughput (tokens/s)' },
      { field: 'cpu_percent', title: 'CPU (% of one core)' },
      { field: 'peak_rss_mb', title: 'peak resident memory (MB)' },
    ]
      .map((d) => ({ ...d, points: at(d.field) }))
      .filter((d) => d.points.length > 1);
  }, [log]);
  const otherBackend = bench?.backend === 'webgpu' ? 'wasm' : 'webgpu';
  const switchUrl = (() => {
    if (typeof location === 'undefined') return '#';
    const u = new URL(location.href);
    u.searchParams.set('backend', otherBackend);
    u.hash = 'resource-utilization';
    return u.href;
  })();

  return (
    <WidgetFrame name="resources" state={res.status === 'loading' ? 'loading' : 'ready'} caption={caption} progressLabel="Loading the run's measurements…">
      <div className="p2-h">The training run, measured on our machine (resources.json)</div>
      <Missing state={res} what="the resource measurements" />
      {res.status === 'ready' && (
        <ScrollRegion label="Training resources table">
          <table className="p2-kv" data-testid="resources-table">
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td>{r.key}</td>
                  <td>{fmt(r.key, r.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {series.length > 0 && (
        <>
          <div className="p2-h">During the run (training_log.json), against wall-clock seconds</div>
          <div className="p2-grid2">
            {series.map((sr, i) => (
              <div key={sr.field}>
                <div className="p2-muted">{sr.title}</div>
                <LineChart label={`${sr.title} during training`} xLabel="wall-clock seconds" height={150} series={[{ id: sr.field, label: sr.title, color: ['#0072B2', '#D55E00', '#009E73'][i], points: sr.points }]} />
              </div>
            ))}
          </div>
        </>
      )}
      <div className="p2-h">Your device, now</div>
      <p className="p2-muted">
        Classifies the first {SENTENCES} headlines of the AG News test split {REPEATS} times each, one text per call, with the same int8 model the article uses everywhere.
      </p>
      <div className="p2-row">
        <button type="button" onClick={run} disabled={Boolean(running) || data.status !== 'ready'} data-testid="run-benchmark">
          {running ? 'Running…' : 'Run the benchmark'}
        </button>
        <span className="p2-muted" aria-live="polite">
          {running}
        </span>
      </div>
      {data.status !== 'ready' && <Missing state={data} what="the AG News test split (the benchmark's sentences)" />}
      {benchError && (
        <p className="notice" role="alert">
          The benchmark failed: {benchError}
        </p>
      )}
      {bench && (
        <>
          <table className="p2-bench" data-testid="benchmark-result">
            <thead>
              <tr>
                <th>backend</th>
                <th>threads</th>
                <th>calls</th>
                <th>latency p50</th>
                <th>latency p95</th>
                <th>tokens/s</th>
                <th>texts/s</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td data-testid="bench-backend">{bench.backend}</td>
                <td>{bench.threads}</td>
                <td>{bench.calls}</td>
                <td>{bench.p50.toFixed(1)} ms</td>
                <td>{bench.p95.toFixed(1)} ms</td>
                <td>{Math.round(bench.tokensPerSecond).toLocaleString('en-US')}</td>
                <td>{bench.textsPerSecond.toFixed(1)}</td>
              </tr>
            </tbody>
          </table>
          <p className="p2-muted">
            The page picks one backend when it starts. To compare, <a href={switchUrl}>reload with the {otherBackend === 'webgpu' ? 'WebGPU' : 'WASM'} backend</a> and run it again
            {otherBackend === 'webgpu' ? ' (where your browser has no WebGPU adapter the engine falls back to WASM)' : ''}.
          </p>
        </>
      )}
    </WidgetFrame>
  );
}
