// How can we improve it? / Edit the model: switch attention heads off (one head, a whole layer) and watch
// the prediction move. Both the full and the edited model run through the same graph (head_mask input), so
// the difference is the heads alone.
import { useMemo, type ReactNode } from 'react';
import { useDebounced } from '../classifier/Classifier';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';
import { MODEL_FILE, MODEL_ID, useArtifact } from '../part2-data/artifacts';
import { engine } from '../part2-data/engine';
import { classColor, ProbabilityBars } from '../part2-data/ui';
import { ScrollRegion } from '../frame/ScrollRegion';
import { useWidgetParams } from '../frame/useWidgetParams';
import type { ParamSpecs } from '../params';

export const headAblationParams = {
  text: { type: 'text', default: 'Oil prices climb as OPEC agrees to cut output, lifting energy stocks', maxLength: 600 },
  // the heads switched off, as "layer.head" pairs separated by commas, e.g. "0.3,5.11"
  off: { type: 'text', default: '', maxLength: 600 },
} satisfies ParamSpecs;

/** "0.3,5.11" -> the valid "layer.head" keys within the model's shape; anything else is dropped. */
export function parseHeadList(value: string, layers: number, heads: number): Set<string> {
  const keys = value.split(',').map((k) => k.trim()).filter((k) => /^\d+\.\d+$/.test(k));
  return new Set(keys.filter((k) => {
    const [l, h] = k.split('.').map(Number);
    return l < layers && h < heads;
  }).map((k) => k.split('.').map(Number).join('.')));
}

export function HeadAblation({ caption, initialText }: { caption?: ReactNode; initialText?: string }) {
  const params = useWidgetParams('head-ablation', headAblationParams, initialText ? { text: initialText } : undefined);
  const recipe = useArtifact(MODEL_FILE('godeep.json'), (raw) => raw as { num_layers?: number; num_heads?: number });
  const layers = recipe.status === 'ready' ? recipe.data.num_layers ?? 6 : 6;
  const heads = recipe.status === 'ready' ? recipe.data.num_heads ?? 12 : 12;
  const { text } = params.values;
  const setText = (value: string) => params.set('text', value);
  const off = useMemo(() => parseHeadList(params.values.off, layers, heads), [params.values.off, layers, heads]);
  const setOff = (update: Set<string> | ((prev: Set<string>) => Set<string>)) =>
    params.set('off', [...(typeof update === 'function' ? update(off) : update)].join(','));
  const mask = useMemo(() => Array.from({ length: layers }, (_, l) => Array.from({ length: heads }, (_, h) => (off.has(`${l}.${h}`) ? 0 : 1))), [off, layers, heads]);
  const debounced = useDebounced(text.trim(), 300);
  const full = useMemo(() => Array.from({ length: layers }, () => new Array<number>(heads).fill(1)), [layers, heads]);
  const base = useLatest(() => (debounced ? engine().ablate(MODEL_ID, debounced, full) : Promise.resolve(null)), [debounced, full]);
  const edited = useLatest(() => (debounced && off.size ? engine().ablate(MODEL_ID, debounced, mask) : Promise.resolve(null)), [debounced, mask]);

  const toggle = (keys: string[]) =>
    setOff((prev) => {
      const next = new Set(prev);
      const allOff = keys.every((k) => next.has(k));
      for (const k of keys) allOff ? next.delete(k) : next.add(k);
      return next;
    });
  const err = base.error ?? edited.error;
  const b = base.value;
  const e = off.size ? edited.value : b;
  const state = err ? 'error' : b || !debounced ? 'ready' : 'loading';
  const shift = b && e ? e.probabilities.reduce((acc, p, i) => acc + Math.abs(p - b.probabilities[i]), 0) / 2 : 0;

  return (
    <WidgetFrame name="head-ablation" title="Switch attention heads off" params={params} state={state} error={err} onRetry={() => {
        base.retry();
        edited.retry();
      }} caption={caption} progressLabel="Loading the model's editable graph…">
      <label className="field">
        <span>Text</span>
        <textarea value={text} rows={2} maxLength={600} onChange={(ev) => setText(ev.target.value)} data-testid="ablation-input" />
      </label>
      <div className="p2-row">
        <span className="p2-muted">
          {layers * heads - off.size} of {layers * heads} heads on
        </span>
        <button type="button" className="secondary" onClick={() => setOff(new Set())} disabled={!off.size}>
          All heads on
        </button>
      </div>
      <ScrollRegion label="Attention head switches">
        <table className="p2-heads" aria-label="Attention heads: press to switch a head off or on">
          <thead>
            <tr>
              <th />
              {Array.from({ length: heads }, (_, h) => (
                <th key={h} scope="col">
                  <button
                    type="button"
                    className="layer"
                    onClick={() => toggle(Array.from({ length: layers }, (_, l) => `${l}.${h}`))}
                    aria-label={`h${h}: switch head ${h} in every layer`}
                    title={`head ${h} in every layer`}
                  >
                    h{h}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: layers }, (_, l) => (
              <tr key={l}>
                <th scope="row">
                  <button type="button" className="layer" onClick={() => toggle(Array.from({ length: heads }, (_, h) => `${l}.${h}`))} aria-label={`layer ${l}: switch all its heads`} data-layer={l}>
                    layer {l}
                  </button>
                </th>
                {Array.from({ length: heads }, (_, h) => {
                  const on = !off.has(`${l}.${h}`);
                  return (
                    <td key={h}>
                      <button type="button" aria-pressed={on} aria-label={`layer ${l} head ${h}`} onClick={() => toggle([`${l}.${h}`])} data-head={`${l}.${h}`} title={`layer ${l}, head ${h}: ${on ? 'on' : 'off'}`}>
                        {h}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {b && e && (
        <div className="p2-grid2" aria-live="polite">
          <div>
            <div className="p2-h">All heads</div>
            <p className="p2-readout" data-testid="ablation-base">
              <span className="p2-swatch" style={{ background: classColor(b.predicted) }} />
              <b>{b.labels[b.predicted]}</b>
            </p>
            <ProbabilityBars labels={b.labels} probabilities={b.probabilities} label="Probabilities with all heads" />
          </div>
          <div data-testid="ablation-edited" data-probabilities={e.probabilities.join(',')}>
            <div className="p2-h">Edited model ({off.size} off)</div>
            <p className="p2-readout">
              <span className="p2-swatch" style={{ background: classColor(e.predicted) }} />
              <b data-testid="ablation-top">{e.labels[e.predicted]}</b>
              {off.size > 0 && <> · total variation from the full model {(shift * 100).toFixed(1)} points</>}
              {edited.pending && off.size > 0 && <span className="p2-muted"> (updating…)</span>}
            </p>
            <ProbabilityBars labels={e.labels} probabilities={e.probabilities} label="Probabilities of the edited model" />
          </div>
        </div>
      )}
    </WidgetFrame>
  );
}
