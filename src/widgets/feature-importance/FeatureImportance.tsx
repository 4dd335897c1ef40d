// Inference / Features importance: which word pieces pushed the model towards a class, by four attribution
// methods side by side (occlusion, gradient x input, integrated gradients, attention rollout), with the rank
// correlation between them so their disagreements are visible.
import type { ReactNode } from 'react';
import { TokenStrip } from '../../charts/TokenStrip';
import { divergingColor } from '../../charts/scales';
import type { AttributionMethod, AttributionResult } from '../../engine/types';
import { useDebounced } from '../classifier/Classifier';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';
import { MODEL_ID } from '../part2-data/artifacts';
import { engine } from '../part2-data/engine';
import { spearman } from '../part2-data/math';
import { ScrollRegion } from '../frame/ScrollRegion';
import { useWidgetParams } from '../frame/useWidgetParams';
import type { ParamSpecs } from '../params';

export const METHODS: { id: AttributionMethod; name: string; how: string }[] = [
  { id: 'occlusion', name: 'Occlusion', how: 'Removes one word piece at a time and measures how much the class logit drops. Model-agnostic, one forward pass per token.' },
  { id: 'gradient-x-input', name: 'Gradient × Input', how: 'Multiplies each input embedding by the gradient of the class logit with respect to it, summed over the 384 dimensions. One backward pass; local, can be noisy.' },
  { id: 'integrated-gradients', name: 'Integrated Gradients', how: 'Averages gradients along a straight path from a baseline embedding to the real one, times the difference. The scores add up to the logit change (completeness).' },
  { id: 'attention-rollout', name: 'Attention rollout', how: 'Multiplies the head-averaged attention maps (plus the residual) through the layers and reads the [CLS] row. Always positive, blind to the class.' },
];

export const featureImportanceParams = {
  text: { type: 'text', default: 'Apple shares jump after the iPhone maker reports record quarterly profit', maxLength: 600 },
  // 'predicted' or a class index of the AG News classifier
  target: { type: 'enum', default: 'predicted', values: ['predicted', '0', '1', '2', '3'] },
} satisfies ParamSpecs;

export function FeatureImportance({ caption, initialText }: { caption?: ReactNode; initialText?: string }) {
  const params = useWidgetParams('feature-importance', featureImportanceParams, initialText ? { text: initialText } : undefined);
  const { text } = params.values;
  const target: number | 'predicted' = params.values.target === 'predicted' ? 'predicted' : Number(params.values.target);
  const setText = (value: string) => params.set('text', value);
  const setTarget = (value: number | 'predicted') => params.set('target', String(value));
  const debounced = useDebounced(text.trim(), 500);
  const result = useLatest(async () => {
    if (!debounced) return null;
    const e = engine();
    const first = await e.attribute(MODEL_ID, debounced, METHODS[0].id, target === 'predicted' ? {} : { target });
    const t = first.target;
    const rest: AttributionResult[] = [];
    for (const m of METHODS.slice(1)) rest.push(await e.attribute(MODEL_ID, debounced, m.id, { target: t }));
    return [first, ...rest];
  }, [debounced, target]);
  const results = result.value;
  const state = result.error ? 'error' : results || !debounced ? 'ready' : 'loading';
  const cls = results?.[0].classification;

  // Rank correlation over the real word pieces (special tokens excluded).
  const keep = results ? results[0].tokenization.tokens.map((t, i) => (t.special ? -1 : i)).filter((i) => i >= 0) : [];
  const corr = results ? results.map((a) => results.map((b) => spearman(keep.map((i) => a.scores[i]), keep.map((i) => b.scores[i])))) : [];

  return (
    <WidgetFrame name="feature-importance" title="Feature importance" params={params} state={state} error={result.error} onRetry={result.retry} caption={caption} progressLabel="Loading the model and its gradient graph…">
      <label className="field">
        <span>Text to explain</span>
        <textarea value={text} rows={2} maxLength={600} onChange={(e) => setText(e.target.value)} data-testid="fi-input" />
      </label>
      <div className="p2-row">
        <label>
          Explain the class
          <select value={String(target)} onChange={(e) => setTarget(e.target.value === 'predicted' ? 'predicted' : Number(e.target.value))} data-testid="fi-target">
            <option value="predicted">the predicted one</option>
            {(cls?.labels ?? ['World', 'Sports', 'Business', 'Sci/Tech']).map((l, i) => (
              <option key={l} value={i}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {result.pending && results && <span className="p2-muted">Recomputing…</span>}
      </div>
      {results && cls && (
        <>
          <p className="p2-readout" aria-live="polite">
            Predicted <b>{cls.labels[cls.predicted]}</b> ({(cls.probabilities[cls.predicted] * 100).toFixed(1)} %); explaining <b data-testid="fi-explained">{cls.labels[results[0].target]}</b>. Blue pushes towards it, red away.
          </p>
          <div className="p2-methods">
            {results.map((r, k) => (
              <MethodPanel key={r.method} result={r} meta={METHODS[k]} />
            ))}
          </div>
          <div className="p2-h">Do the methods agree? Spearman rank correlation over the word pieces</div>
          <ScrollRegion label="Correlation table">
            <table className="p2-corr" data-testid="fi-correlation">
              <thead>
                <tr>
                  <th />
                  {METHODS.map((m) => (
                    <th key={m.id} scope="col">
                      {m.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {corr.map((row, i) => (
                  <tr key={i}>
                    <th scope="row">{METHODS[i].name}</th>
                    {row.map((v, j) => (
                      <td key={j}>{Number.isFinite(v) ? v.toFixed(2) : '–'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </WidgetFrame>
  );
}

function MethodPanel({ result, meta }: { result: AttributionResult; meta: (typeof METHODS)[number] }) {
  const toks = result.tokenization.tokens;
  const maxAbs = Math.max(1e-9, ...result.scores.map((s, i) => (toks[i]?.special ? 0 : Math.abs(s))));
  const color = divergingColor(maxAbs);
  const shown = toks.map((t, i) => ({ t, i })).filter(({ t }) => !t.special).slice(0, 40);
  return (
    <section className="p2-method" data-method={result.method} aria-label={meta.name}>
      <h4>{meta.name}</h4>
      <p>{meta.how}</p>
      {result.completeness && (
        <p>
          Completeness: scores sum to {result.completeness.sum.toFixed(3)}, logit difference {result.completeness.expected.toFixed(3)} ({(result.completeness.relativeError * 100).toFixed(1)} % off, {result.steps} steps).
        </p>
      )}
      <TokenStrip label={`${meta.name} importance per word piece`} tokens={toks.map((t) => ({ text: t.text, special: t.special, title: t.text }))} values={result.scores.map((s, i) => (toks[i].special ? 0 : s))} color={color} />
      <ul className="p2-ibars" aria-label={`${meta.name}: score per word piece`}>
        {shown.map(({ t, i }) => {
          const v = result.scores[i];
          const w = (Math.abs(v) / maxAbs) * 50;
          return (
            <li key={i}>
              <span className="t">{t.text}</span>
              <span className="track" aria-hidden="true">
                <span className="fill" style={{ left: v >= 0 ? '50%' : `${50 - w}%`, width: `${w}%`, background: color(v >= 0 ? maxAbs : -maxAbs) }} />
              </span>
              <span className="v">{v.toFixed(Math.abs(v) < 0.1 ? 3 : 2)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
