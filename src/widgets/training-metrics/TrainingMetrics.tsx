// Fine-tuning / Metrics evolution: the real run's training_log.json as line charts (loss, accuracy and
// macro-F1, per-class F1, gradient norm) with one step scrubber shared by all charts; hovering a chart moves it too.
import { useMemo, useState, type ReactNode } from 'react';
import { LineChart, valueAt, type LineSeries } from '../../charts/LineChart';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useWidgetParams } from '../frame/useWidgetParams';
import { MODEL_FILE, useArtifact } from '../part2-data/artifacts';
import { parseTrainingLog, type TrainingLog } from '../part2-data/parse';
import { classColor, Missing } from '../part2-data/ui';
import { ScrollRegion } from '../frame/ScrollRegion';

const LABELS = ['World', 'Sports', 'Business', 'Sci/Tech'];
const f3 = (v?: number) => (v === undefined ? '–' : v.toFixed(3));
const p1 = (v?: number) => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);

/** Shareable state: the training step the scrubber stands on (0: the last one); any step snaps to the last logged one at or before it. */
export const trainingMetricsSpecs = {
  step: { type: 'int', default: 0, min: 0, max: 10_000_000 },
} as const;

export function TrainingMetrics({ caption }: { caption?: ReactNode }) {
  const log = useArtifact(MODEL_FILE('training_log.json'), (raw) => parseTrainingLog(raw, LABELS));
  const params = useWidgetParams('training-metrics', trainingMetricsSpecs);
  const state = log.status === 'loading' ? 'loading' : 'ready';
  return (
    <WidgetFrame name="training-metrics" state={state} caption={caption} progressLabel="Loading the training log…" params={params}>
      <Missing state={log} what="the training log" />
      {log.status === 'ready' &&
        (log.data.train.length || log.data.evals.length ? (
          <Charts log={log.data} initialStep={params.values.step} onStep={(s) => params.set('step', s)} />
        ) : (
          <p className="notice">The training log has no entries yet.</p>
        ))}
    </WidgetFrame>
  );
}

/** Index of the last logged step at or before `step` (0: the last step; before the first logged step: the first). */
export function stepIndex(steps: number[], step: number): number {
  if (step <= 0) return steps.length - 1;
  const i = steps.findLastIndex((s) => s <= step);
  return Math.max(i, 0);
}

function Charts({ log, initialStep, onStep }: { log: TrainingLog; initialStep: number; onStep: (step: number) => void }) {
  const steps = useMemo(() => [...new Set([...log.train.map((p) => p.step), ...log.evals.map((p) => p.step)])].sort((a, b) => a - b), [log]);
  const [index, setIndexState] = useState(() => stepIndex(steps, initialStep));
  const setIndex = (i: number) => {
    setIndexState(i);
    onStep(i === steps.length - 1 ? 0 : steps[i]);
  };
  const step = steps[Math.min(index, steps.length - 1)];
  const labels = log.labels.length ? log.labels : LABELS;
  const xDomain: [number, number] = [steps[0], steps[steps.length - 1]];
  const onHover = (x: number | null) => {
    if (x !== null) setIndex(steps.indexOf(x));
  };

  const lossSeries: LineSeries[] = [
    { id: 'train-loss', label: 'train loss', color: '#0072B2', points: log.train.map((p) => ({ x: p.step, y: p.loss })) },
    { id: 'val-loss', label: 'validation loss', color: '#D55E00', dash: '5 3', dots: true, points: log.evals.filter((p) => p.loss !== undefined).map((p) => ({ x: p.step, y: p.loss! })) },
  ];
  const qualitySeries: LineSeries[] = [
    { id: 'val-acc', label: 'validation accuracy', color: '#009E73', dots: true, points: log.evals.filter((p) => p.accuracy !== undefined).map((p) => ({ x: p.step, y: p.accuracy! })) },
    { id: 'val-f1', label: 'validation macro-F1', color: '#CC79A7', dash: '5 3', dots: true, points: log.evals.filter((p) => p.macroF1 !== undefined).map((p) => ({ x: p.step, y: p.macroF1! })) },
  ];
  const perClass: LineSeries[] = labels.map((l, c) => ({
    id: `f1-${c}`,
    label: l,
    color: classColor(c),
    dash: ['', '5 3', '2 2', '8 3 2 3'][c % 4],
    dots: true,
    points: log.evals.filter((p) => p.perClassF1 && p.perClassF1[c] !== undefined).map((p) => ({ x: p.step, y: p.perClassF1![c] })),
  }));
  const hasPerClass = perClass.some((s) => s.points.length);
  const gradSeries: LineSeries[] = [
    { id: 'grad-norm', label: 'gradient norm', color: '#E69F00', points: log.train.filter((p) => p.gradNorm !== undefined).map((p) => ({ x: p.step, y: p.gradNorm! })) },
  ];

  const train = valueAt(log.train.map((p) => ({ x: p.step, y: p.loss })), step);
  const trainPoint = log.train.find((p) => p.step === train?.x);
  const ev = log.evals.length ? log.evals[Math.max(0, log.evals.findLastIndex((p) => p.step <= step))] : undefined;
  const evBefore = ev && ev.step <= step ? ev : undefined;

  return (
    <>
      <div className="p2-row">
        <label style={{ flex: 1, minWidth: '12rem' }}>
          Step {step.toLocaleString('en-US')} of {steps[steps.length - 1].toLocaleString('en-US')}
          <input
            type="range"
            min={0}
            max={steps.length - 1}
            value={Math.min(index, steps.length - 1)}
            onChange={(e) => setIndex(Number(e.target.value))}
            aria-label="Training step"
            aria-valuetext={`step ${step}`}
            data-testid="step-scrubber"
            style={{ width: '100%' }}
          />
        </label>
      </div>
      <p className="p2-readout" aria-live="polite" data-testid="metrics-readout">
        Step <b>{step.toLocaleString('en-US')}</b>
        {trainPoint?.epoch !== undefined && <> (epoch {trainPoint.epoch.toFixed(2)})</>}: train loss <b>{f3(train?.y)}</b>
        {trainPoint?.lr !== undefined && <>, learning rate {trainPoint.lr.toExponential(2)}</>}
        {trainPoint?.gradNorm !== undefined && <>, gradient norm {trainPoint.gradNorm.toFixed(2)}</>}
        {evBefore ? (
          <>
            . Last validation (step {evBefore.step.toLocaleString('en-US')}): loss <b>{f3(evBefore.loss)}</b>, accuracy <b>{p1(evBefore.accuracy)}</b>, macro-F1 <b>{p1(evBefore.macroF1)}</b>
            {evBefore.perClassF1 && <>; F1 {labels.map((l, c) => `${l} ${p1(evBefore.perClassF1![c])}`).join(', ')}</>}
          </>
        ) : (
          '. No validation yet at this step.'
        )}
      </p>
      <div className="p2-grid2">
        <div>
          <div className="p2-h">Loss (cross-entropy)</div>
          <LineChart series={lossSeries} label="Train and validation loss over training steps" xLabel="step" marker={step} onHover={onHover} xDomain={xDomain} />
        </div>
        <div>
          <div className="p2-h">Validation accuracy and macro-F1</div>
          <LineChart series={qualitySeries} label="Validation accuracy and macro-F1 over training steps" xLabel="step" marker={step} onHover={onHover} xDomain={xDomain} formatY={(v) => `${Math.round(v * 100)}%`} />
        </div>
        {hasPerClass && (
          <div>
            <div className="p2-h">Validation F1 per class</div>
            <LineChart series={perClass} label="Validation F1 per class over training steps" xLabel="step" marker={step} onHover={onHover} xDomain={xDomain} formatY={(v) => `${Math.round(v * 100)}%`} />
          </div>
        )}
        {gradSeries[0].points.length > 0 && (
          <div>
            <div className="p2-h">Gradient norm before clipping (clipped to 1)</div>
            <LineChart series={gradSeries} label="Gradient norm before clipping over training steps" xLabel="step" marker={step} onHover={onHover} xDomain={xDomain} />
          </div>
        )}
      </div>
      <details className="p2-alt">
        <summary>The validation runs as a table</summary>
        <ScrollRegion label="Validation runs table">
          <table>
            <thead>
              <tr>
                <th>step</th>
                <th>epoch</th>
                <th>loss</th>
                <th>accuracy</th>
                <th>macro-F1</th>
                {hasPerClass && labels.map((l) => <th key={l}>F1 {l}</th>)}
              </tr>
            </thead>
            <tbody>
              {log.evals.map((p) => (
                <tr key={p.step}>
                  <td>{p.step}</td>
                  <td>{p.epoch?.toFixed(2) ?? '–'}</td>
                  <td>{f3(p.loss)}</td>
                  <td>{p1(p.accuracy)}</td>
                  <td>{p1(p.macroF1)}</td>
                  {hasPerClass && labels.map((l, c) => <td key={l}>{p1(p.perClassF1?.[c])}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </>
  );
}
