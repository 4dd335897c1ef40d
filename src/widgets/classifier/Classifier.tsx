// Inference: the fine-tuned classifier on the reader's headline (debounced), on picked test rows, or on a
// random test row whose true label is revealed after the model has answered.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useWidgetParams } from '../frame/useWidgetParams';
import { useLatest } from '../frame/useLatest';
import { DATASET_FILE, MODEL_ID, useArtifact } from '../part2-data/artifacts';
import { getEngine } from '../../engine/client';
import { mulberry32 } from '../part2-data/math';
import { parseDataset, rowText } from '../part2-data/parse';
import { classColor, Missing, ProbabilityBars } from '../part2-data/ui';

export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

const DEFAULT = 'Federer beats Nadal in straight sets to reach the Wimbledon final';
/** The textarea's limit; longer text (pasted or from a URL) is cut here, and the model truncates to its own window. */
export const MAX_CHARS = 5000;

export const classifierSpecs = {
  text: { type: 'text', default: DEFAULT, maxLength: MAX_CHARS },
} as const;

export function Classifier({ caption, initialText = DEFAULT }: { caption?: ReactNode; initialText?: string }) {
  const data = useArtifact(DATASET_FILE, parseDataset);
  const params = useWidgetParams('classifier', classifierSpecs, initialText === DEFAULT ? undefined : { text: initialText });
  const text = params.values.text;
  const setText = (t: string) => params.set('text', t.slice(0, MAX_CHARS));
  const [truth, setTruth] = useState<{ row: number; label: number } | null>(null);
  // No debounce: every keystroke asks, through a channel where a newer request replaces one still waiting,
  // so the answer follows the typing as fast as the model runs. Each answer carries the text it is for.
  const current = text.trim();
  const result = useLatest(
    () => (current ? getEngine().channel('classifier').classify(MODEL_ID, current).then((res) => ({ for: current, res })) : Promise.resolve(null)),
    [current],
  );
  const r = result.value?.res;
  const settled = Boolean(r) && result.value?.for === current && !result.pending;
  const debounced = result.value?.for ?? '';

  // 24 test rows, 6 per class, drawn with a fixed seed so the list is the same for every reader.
  const picks = useMemo(() => {
    if (data.status !== 'ready') return [];
    const rand = mulberry32(2015);
    const byClass = data.data.labels.map((_, c) => data.data.rows.map((row, i) => [row, i] as const).filter(([row]) => row.label === c));
    return byClass.flatMap((rows) => Array.from({ length: Math.min(6, rows.length) }, () => rows[Math.floor(rand() * rows.length)]));
  }, [data]);

  const choose = (i: number) => {
    if (data.status !== 'ready') return;
    const row = data.data.rows[i];
    setText(rowText(row));
    setTruth({ row: i, label: row.label });
  };
  const surprise = () => {
    if (data.status !== 'ready') return;
    choose(Math.floor(Math.random() * data.data.rows.length));
  };

  const state = result.error ? 'error' : r || !current ? 'ready' : 'loading';
  const labels = r?.labels ?? (data.status === 'ready' ? data.data.labels : []);
  return (
    <WidgetFrame name="classifier" state={state} error={result.error} onRetry={result.retry} caption={caption} params={params}>
      <label className="field">
        <span>Headline or article</span>
        <textarea
          value={text}
          rows={3}
          maxLength={MAX_CHARS}
          onChange={(e) => {
            setText(e.target.value);
            setTruth(null);
          }}
          data-testid="classifier-input"
        />
      </label>
      <div className="p2-row">
        <label>
          A row of the test split
          <select value={truth && picks.some(([, i]) => i === truth.row) ? truth.row : ''} onChange={(e) => e.target.value !== '' && choose(Number(e.target.value))} disabled={!picks.length} data-testid="row-picker">
            <option value="">Choose…</option>
            {picks.map(([row, i]) => (
              <option key={i} value={i}>
                #{i}: {row.title.slice(0, 60)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={surprise} disabled={data.status !== 'ready'} data-testid="surprise">
          Surprise me
        </button>
      </div>
      {data.status !== 'ready' && <Missing state={data} what="the AG News test split" />}
      {!text.trim() && (
        <p className="p2-muted" role="status" data-testid="classifier-empty">
          Type a headline or an article to classify it.
        </p>
      )}
      {r && text.trim() && (
        <div aria-live="polite" style={{ opacity: settled ? 1 : 0.6 }} data-testid="classifier-output" data-settled={settled ? 'true' : 'false'} data-for={settled ? debounced : undefined}>
          <p className="p2-readout" data-testid="top-class" data-top={r.labels[r.predicted]}>
            <span className="p2-swatch" style={{ background: classColor(r.predicted) }} />
            The model says <b>{r.labels[r.predicted]}</b> ({(r.probabilities[r.predicted] * 100).toFixed(1)} %), from {r.tokenization.inputIds.length} tokens
            {r.tokenization.truncated ? ' (truncated)' : ''}, temperature {r.temperature.toFixed(2)}.
          </p>
          <ProbabilityBars labels={labels} probabilities={r.probabilities} truth={settled && truth ? truth.label : undefined} />
          {settled && truth && (
            <p className="p2-readout" data-testid="truth">
              Test row #{truth.row} is labelled <b>{labels[truth.label]}</b>: the model is {truth.label === r.predicted ? <b>right</b> : <b>wrong</b>}.
            </p>
          )}
        </div>
      )}
    </WidgetFrame>
  );
}
