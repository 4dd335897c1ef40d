// Same encoder, different datasets: the reader's sentence through the three classifiers fine-tuned from one
// pretrained encoder (AG News topics, MR sentiment, TREC question types) and through that encoder itself, side by
// side: each classifier's label and probabilities, its occlusion importance per word piece, one chosen attention
// head per model, and the per-layer CKA between each fine-tuned encoder and the pretrained one
// (models/comparison.json, written by `python -m models.pipeline.compare`).
import { useMemo, useRef, type ReactNode } from 'react';
import { ColorLegend, Heatmap } from '../../charts/Heatmap';
import { TokenStrip } from '../../charts/TokenStrip';
import { divergingColor, sequentialColor } from '../../charts/scales';
import type { AttributionResult, EncodeResult } from '../../engine/types';
import { headMatrix, type Shape4 } from '../attention/attentionData';
import { ScrollRegion } from '../frame/ScrollRegion';
import { IndexSelect } from '../frame/IndexSelect';
import { WidgetFrame, type FrameState } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';
import { useModel } from '../frame/useModel';
import { useWidgetParams } from '../frame/useWidgetParams';
import { engine, useDebounced, useNearViewport } from '../part1-hooks';
import { EngineError } from '../../engine/errors';
import { useArtifact } from '../part2-data/artifacts';
import { Missing, ProbabilityBars } from '../part2-data/ui';
import { attentionDistance, ckaFloor, heatmapCell, mostChangedHead, parseComparison, topTokens } from './comparisonData';
import { CkaLines } from './CkaChart';
import './model-comparison.css';

export const CLASSIFIERS = [
  { id: 'minilm-agnews', name: 'AG News', task: 'news topic', color: '#0072B2', dash: undefined },
  { id: 'minilm-mr', name: 'MR', task: 'movie-review sentiment', color: '#D55E00', dash: '6 3' },
  { id: 'minilm-trec', name: 'TREC', task: 'question type', color: '#009E73', dash: '2 3' },
] as const;
export const PRETRAINED = { id: 'minilm-news-mlm', name: 'Pretrained', task: 'masked LM, no classifier head' } as const;

export const EXAMPLES = [
  { label: 'Sports headline', text: 'The Wildcats beat Florida 3-1 as their striker scored twice in the second half' },
  { label: 'Movie review', text: 'a gorgeous , witty and deeply moving film , even if the plot drags in the middle .' },
  { label: 'Question', text: 'Who scored the winning goal in the 1998 World Cup final?' },
] as const;

const specs = {
  text: { type: 'text', default: EXAMPLES[0].text, maxLength: 400 },
  layer: { type: 'int', default: 5, min: 0, max: 5 },
  head: { type: 'int', default: 0, min: 0, max: 11 },
} as const;

function combine(states: FrameState[]): FrameState {
  if (states.some((s) => s === 'loading')) return 'loading';
  return states.every((s) => s === 'error') ? 'error' : 'ready';
}

export function ModelComparison({ caption }: { caption?: ReactNode }) {
  const params = useWidgetParams('model-comparison', specs);
  const { text } = params.values;
  const ag = useModel(CLASSIFIERS[0].id);
  const mr = useModel(CLASSIFIERS[1].id);
  const trec = useModel(CLASSIFIERS[2].id);
  const pre = useModel(PRETRAINED.id);
  const loads = [ag, mr, trec, pre];
  const ready = loads.map((m) => m.state === 'ready');
  const readyKey = ready.map((r) => (r ? 1 : 0)).join('');
  const state = combine(loads.map((m) => m.state));
  const defined = loads.map((m) => m.progress).filter((p): p is number => p !== undefined);
  const progress = defined.length ? defined.reduce((a, b) => a + b, 0) / loads.length : undefined;
  const debounced = useDebounced(text.trim(), 400);
  const [ref, near] = useNearViewport<HTMLLabelElement>();

  // Several calls in a row per run, so no coalescing channel (a newer run would cancel the older run's next call and
  // the older one's next call the newer's); instead a run that is no longer the newest stops between calls.
  const runs = useRef(0);
  const outputs = useLatest(async () => {
    if (!near || !debounced || state === 'loading') return null;
    const mine = ++runs.current;
    const e = engine();
    const out: (AttributionResult | null)[] = [];
    for (let k = 0; k < CLASSIFIERS.length; k++) {
      if (mine !== runs.current) throw new EngineError('superseded', 'superseded');
      out.push(ready[k] ? await e.attribute(CLASSIFIERS[k].id, debounced, 'occlusion') : null);
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [near, debounced, readyKey, state]);

  const encRuns = useRef(0);
  const encodings = useLatest(async () => {
    if (!near || !debounced || state === 'loading') return null;
    const mine = ++encRuns.current;
    const e = engine();
    const ids = [...CLASSIFIERS.map((c) => c.id), PRETRAINED.id];
    const out: (EncodeResult | null)[] = [];
    for (let k = 0; k < ids.length; k++) {
      if (mine !== encRuns.current) throw new EngineError('superseded', 'superseded');
      out.push(ready[k] ? await e.encode(ids[k], debounced) : null);
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [near, debounced, readyKey, state]);

  const comparison = useArtifact('comparison.json', parseComparison);
  const cmp = comparison.status === 'ready' ? comparison.data : null;
  const suggested = cmp ? mostChangedHead(cmp) : null;

  const encs = encodings.value;
  const shape = (encs?.find(Boolean)?.attentionShape ?? null) as Shape4 | null;
  const L = shape?.[0] ?? pre.info?.numLayers ?? 6;
  const H = shape?.[1] ?? pre.info?.numHeads ?? 12;
  const layer = Math.min(params.values.layer, L - 1);
  const head = Math.min(params.values.head, H - 1);
  const matrices = useMemo(() => (encs ? encs.map((en) => (en ? headMatrix(en.attentions, en.attentionShape as Shape4, layer, head) : null)) : null), [encs, layer, head]);
  const attColor = useMemo(() => sequentialColor(0, 1, 'viridis'), []);

  const errors = loads.map((m, k) => (m.state === 'error' ? `${k < 3 ? CLASSIFIERS[k].id : PRETRAINED.id}: ${m.error}` : null)).filter(Boolean);
  const firstError = errors[0] ?? undefined;
  const results = outputs.value;
  const tokens = results?.find(Boolean)?.tokenization.tokens ?? encs?.find(Boolean)?.tokenization.tokens ?? [];
  const preMatrix = matrices?.[3] ?? null;
  const T = shape?.[2] ?? 0;
  const cell = heatmapCell(T, 190);

  return (
    <WidgetFrame
      name="model-comparison"
      title="One encoder, three fine-tunings"
      state={state}
      progress={progress}
      progressLabel="Loading four models (three classifiers and the pretrained encoder)…"
      error={errors.join(' ') || undefined}
      onRetry={() => {
        for (const m of loads) if (m.state === 'error') m.retry();
      }}
      caption={caption}
      params={params}
    >
      <label className="field" ref={ref}>
        <span>Your sentence</span>
        <textarea rows={2} value={text} maxLength={400} onChange={(e) => params.set('text', e.target.value)} data-testid="mc-input" />
      </label>
      <fieldset className="p2-row mc-examples">
        <legend className="visually-hidden">Example sentences</legend>
        {EXAMPLES.map((ex) => (
          <button key={ex.label} type="button" className="secondary" aria-pressed={text === ex.text} onClick={() => params.set('text', ex.text)}>
            {ex.label}
          </button>
        ))}
      </fieldset>
      {errors.length > 0 && state === 'ready' && (
        <p className="notice" role="status">
          Not every model could be loaded: {firstError}
        </p>
      )}
      {outputs.error && (
        <p className="notice" role="alert">
          {outputs.error}{' '}
          <button type="button" onClick={outputs.retry}>
            Retry
          </button>
        </p>
      )}

      <div className="p2-h">What each classifier says, and which word pieces made it say so (occlusion)</div>
      <div className="mc-grid" data-testid="mc-outputs" aria-busy={outputs.pending}>
        {CLASSIFIERS.map((c, k) => (
          <ClassifierCard key={c.id} meta={c} result={results?.[k] ?? null} error={loads[k].state === 'error' ? loads[k].error : undefined} pending={outputs.pending} />
        ))}
      </div>

      <div className="p2-h">The same attention head in all four models</div>
      <div className="p2-row">
        <IndexSelect label="Layer" count={L} value={layer} onChange={(v) => params.set('layer', v)} testId="mc-layer" />
        <IndexSelect label="Head" count={H} value={head} onChange={(v) => params.set('head', v)} testId="mc-head" />
        {suggested && (suggested.layer !== layer || suggested.head !== head) && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              params.set('layer', suggested.layer);
              params.set('head', suggested.head);
            }}
          >
            Show the head fine-tuning moved most (layer {suggested.layer}, head {suggested.head})
          </button>
        )}
      </div>
      {encodings.error && (
        <p className="notice" role="alert">
          {encodings.error}
        </p>
      )}
      <div className="mc-grid mc-att" data-testid="mc-attention">
        {[...CLASSIFIERS, PRETRAINED].map((c, k) => {
          const m = matrices?.[k];
          const labels = tokens.map((t) => t.text);
          const dist = m && preMatrix && k < 3 ? attentionDistance(m, preMatrix, T) : null;
          return (
            <section key={c.id} className="mc-card" data-model={c.id} aria-label={`${c.name}: attention of layer ${layer}, head ${head}`}>
              <h4>
                {c.name} <span className="mc-task">{c.task}</span>
              </h4>
              {m && T > 0 ? (
                <>
                  <ScrollRegion label={`${c.name} attention heatmap`}>
                    <Heatmap values={m} rows={T} cols={T} rowLabels={labels} colLabels={labels} color={attColor} cell={cell} label={`${c.name}, layer ${layer}, head ${head}: rows attend to columns`} format={(v) => v.toFixed(3)} />
                  </ScrollRegion>
                  <p className="mc-note" data-testid="mc-att-distance">
                    {dist === null ? 'The reference: the encoder all three start from.' : `Moved ${(dist * 100).toFixed(0)} % of its attention away from the pretrained head on this sentence (total-variation distance ${dist.toFixed(2)}).`}
                  </p>
                </>
              ) : (
                <p className="mc-note">{loads[k].state === 'error' ? 'Not available.' : 'Computing…'}</p>
              )}
            </section>
          );
        })}
      </div>
      {matrices && <ColorLegend color={attColor} domain={[0, 1]} label="attention weight" />}

      <div className="p2-h">How far each fine-tuned encoder moved from the pretrained one, layer by layer</div>
      {comparison.status !== 'ready' && <Missing state={comparison} what="the cross-model comparison" />}
      {cmp && <CkaChart cmp={cmp} />}
    </WidgetFrame>
  );
}

function ClassifierCard({ meta, result, error, pending }: { meta: (typeof CLASSIFIERS)[number]; result: AttributionResult | null; error?: string; pending: boolean }) {
  const cls = result?.classification;
  const toks = result?.tokenization.tokens ?? [];
  const scores = result ? result.scores.map((s, i) => (toks[i]?.special ? 0 : s)) : [];
  const maxAbs = Math.max(1e-9, ...scores.map((s) => Math.abs(s)));
  const color = divergingColor(maxAbs);
  const top = result ? topTokens(toks, scores, 3) : [];
  return (
    <section className="mc-card" data-model={meta.id} data-testid="mc-classifier" aria-label={`${meta.name} classifier`}>
      <h4>
        <span className="p2-swatch" style={{ background: meta.color }} aria-hidden="true" />
        {meta.name} <span className="mc-task">{meta.task}</span>
      </h4>
      {error && <p className="mc-note">Not available: {error}</p>}
      {!error && !cls && <p className="mc-note">{pending ? 'Computing…' : 'Waiting for the model…'}</p>}
      {cls && result && (
        <div style={{ opacity: pending ? 0.6 : 1 }}>
          <p className="p2-readout" aria-live="polite">
            <b data-testid="mc-label" data-label={cls.labels[cls.predicted]}>
              {cls.labels[cls.predicted]}
            </b>{' '}
            ({(cls.probabilities[cls.predicted] * 100).toFixed(1)} %)
          </p>
          <ProbabilityBars labels={cls.labels} probabilities={cls.probabilities} label={`${meta.name}: class probabilities`} />
          <TokenStrip
            label={`${meta.name}: occlusion importance of each word piece for ${cls.labels[result.target]}`}
            tokens={toks.map((t, i) => ({ text: t.text, special: t.special, title: `${t.text}: ${scores[i].toFixed(3)}` }))}
            values={scores}
            color={color}
          />
          <p className="mc-note" data-testid="mc-top-tokens">
            {top.length ? (
              <>
                Pushes most towards <i>{cls.labels[result.target]}</i>: {top.map((t) => `${t.text} (+${t.score.toFixed(2)})`).join(', ')}
              </>
            ) : (
              <>No single word piece pushes towards {cls.labels[result.target]}.</>
            )}
          </p>
        </div>
      )}
    </section>
  );
}

function CkaChart({ cmp }: { cmp: ReturnType<typeof parseComparison> }) {
  const lines = cmp.models.map((m) => {
    const meta = CLASSIFIERS.find((c) => c.id === m.id);
    return { id: m.id, label: `${m.name} vs pretrained`, color: meta?.color ?? 'var(--accent)', dash: meta?.dash, values: m.cka_vs_pretrained.pooled, band: m.cka_vs_pretrained.ci95 };
  });
  const floor = ckaFloor(cmp);
  const layers = cmp.num_layers;
  const summary = cmp.models.map((m) => `${m.name}: ${m.cka_vs_pretrained.pooled[0].toFixed(2)} at the embeddings, ${m.cka_vs_pretrained.pooled[layers].toFixed(2)} at layer ${layers}`).join('; ');
  return (
    <div data-testid="cka-chart" data-series-count={lines.length}>
      <CkaLines lines={lines} layers={layers} floor={floor} label={`Linear CKA between each fine-tuned encoder and the pretrained one, by layer (1 = same representations). ${summary}.`} />
      <p className="mc-note">
        Linear CKA over {cmp.sample.texts} test sentences ({cmp.sample.per_dataset} from each dataset, seed {cmp.sample.seed}, max_length {cmp.sample.max_length}, each one the mean of its token vectors). 1 means the layer represents the sentences exactly as the pretrained encoder does (up to rotation and scale).
      </p>
      <details className="p2-alt">
        <summary>The numbers</summary>
        <ScrollRegion label="CKA per layer">
          <table className="p2-corr mc-table">
            <caption className="visually-hidden">Linear CKA with the pretrained encoder per layer, and accuracy on each model's own test split</caption>
            <thead>
              <tr>
                <th scope="col">model</th>
                {Array.from({ length: layers + 1 }, (_, l) => (
                  <th key={l} scope="col">
                    L{l}
                  </th>
                ))}
                <th scope="col">test acc.</th>
              </tr>
            </thead>
            <tbody>
              {cmp.models.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}</th>
                  {m.cka_vs_pretrained.pooled.map((v, l) => (
                    <td key={l} title={m.cka_vs_pretrained.ci95?.[l] ? `95 % bootstrap interval ${m.cka_vs_pretrained.ci95[l][0].toFixed(3)}–${m.cka_vs_pretrained.ci95[l][1].toFixed(3)}` : undefined}>
                      {v.toFixed(3)}
                    </td>
                  ))}
                  <td>{m.eval?.accuracy !== undefined ? `${(m.eval.accuracy * 100).toFixed(1)} %` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <p className="mc-note">Fine-tuned models against each other at the last layer: {cmp.pairwise.map((p) => `${nameOf(p.a)}–${nameOf(p.b)} ${p.last_layer.toFixed(3)}`).join(', ')}.</p>
      </details>
    </div>
  );
}

const nameOf = (id: string) => CLASSIFIERS.find((c) => c.id === id)?.name ?? id;
