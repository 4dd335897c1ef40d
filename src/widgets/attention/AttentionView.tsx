// BertViz-style views of the attention of the reader's sentence: the head view (one layer and head, as lines
// between tokens or as a heatmap) and the model view (every layer x head as a small heatmap). Part two reuses it
// for the fine-tuned model via the model selector or the `model` prop.
import { useMemo, useState, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { ScrollRegion } from '../frame/ScrollRegion';
import { IndexSelect } from '../frame/IndexSelect';
import { useLatest } from '../frame/useLatest';
import { useWidgetParams } from '../frame/useWidgetParams';
import { engine, useDebounced, useModelLoad, useNearViewport } from '../part1-hooks';
import { ColorLegend, Heatmap } from '../../charts/Heatmap';
import { sequentialColor } from '../../charts/scales';
import { headMatrix, type Shape4 } from './attentionData';
import '../widgets-part1.css';

const specs = {
  text: { type: 'text', default: 'The Wildcats beat Florida, and their coach praised the defense.', maxLength: 400 },
  model: { type: 'enum', default: 'minilm-news-mlm', values: ['minilm-news-mlm', 'minilm-agnews'] },
  layer: { type: 'int', default: 0, min: 0, max: 47 },
  head: { type: 'int', default: 0, min: 0, max: 63 },
  view: { type: 'enum', default: 'lines', values: ['lines', 'heatmap', 'model'] },
} as const;

const MODEL_NAMES: Record<string, string> = { 'minilm-news-mlm': 'pretrained, masked LM', 'minilm-agnews': 'fine-tuned on AG News' };

function LinesView({ tokens, matrix, color }: { tokens: string[]; matrix: Float32Array; color: (v: number) => string }) {
  const [focus, setFocus] = useState<number | null>(null);
  const T = tokens.length;
  const row = 18;
  const height = T * row + 10;
  const xl = 110;
  const xr = 290;
  // The left-hand tokens are focusable; hovering or focusing one shows only its row. The image listens for that on
  // their behalf: the token's index is in its data-token attribute.
  const tokenOf = (target: EventTarget | null) => {
    const index = target instanceof Element ? target.closest('[data-token]')?.getAttribute('data-token') : null;
    return index == null ? null : Number(index);
  };
  const show = (target: EventTarget | null) => {
    const i = tokenOf(target);
    if (i !== null) setFocus(i);
  };
  const hide = (target: EventTarget | null) => {
    if (tokenOf(target) !== null) setFocus(null);
  };
  return (
    <svg
      className="att-svg"
      viewBox={`0 0 400 ${height}`}
      role="img"
      aria-label={`Attention lines from each token (left) to the tokens it attends to (right)${focus !== null ? `, showing ${tokens[focus]}` : ''}`}
      onMouseOver={(e) => show(e.target)}
      onMouseOut={(e) => hide(e.target)}
      onFocus={(e) => show(e.target)}
      onBlur={(e) => hide(e.target)}
    >
      {Array.from({ length: T }, (_, i) =>
        Array.from({ length: T }, (_, j) => {
          const w = matrix[i * T + j];
          if (w < 0.02 || (focus !== null && focus !== i)) return null;
          return <line key={`${i}-${j}`} x1={xl + 4} y1={i * row + 14} x2={xr - 4} y2={j * row + 14} stroke={color(w)} strokeOpacity={Math.min(1, 0.15 + w)} strokeWidth={1 + 3 * w} />;
        }),
      )}
      {tokens.map((t, i) => (
        <g key={i}>
          <text x={xl} y={i * row + 18} textAnchor="end" className={focus === i ? 'on' : ''} tabIndex={0} data-token={i}>
            {t}
          </text>
          <text x={xr} y={i * row + 18} textAnchor="start">
            {t}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function AttentionView({ caption, model: fixedModel, initialText }: { caption?: ReactNode; model?: string; initialText?: string }) {
  const params = useWidgetParams('attention', specs, initialText ? { text: initialText } : undefined);
  const { text, view } = params.values;
  const modelId = fixedModel ?? params.values.model;
  const model = useModelLoad(modelId);
  const debounced = useDebounced(text, 300);
  const [ref, near] = useNearViewport<HTMLLabelElement>();
  const result = useLatest(async () => (near && model.state === 'ready' && debounced.trim() ? engine('attention').encode(modelId, debounced) : null), [near, debounced, modelId, model.state]);
  const enc = result.value;
  const shape = enc?.attentionShape as Shape4 | undefined;
  const L = shape?.[0] ?? model.info?.numLayers ?? 6;
  const H = shape?.[1] ?? model.info?.numHeads ?? 12;
  const layer = Math.min(params.values.layer, L - 1);
  const head = Math.min(params.values.head, H - 1);
  const tokens = enc ? enc.tokenization.tokens.map((t) => t.text) : [];
  const T = tokens.length;
  const matrix = useMemo(() => (enc && shape ? headMatrix(enc.attentions, shape, layer, head) : null), [enc, shape, layer, head]);
  const color = useMemo(() => sequentialColor(0, 1, 'viridis'), []);
  const thumbColor = color;
  const thumbCell = Math.max(1, Math.floor(44 / Math.max(T, 1)));

  return (
    <WidgetFrame name="attention" title="Where each token looks" state={model.state} progress={model.progress} error={model.error} onRetry={model.retry} caption={caption} params={params}>
      <label className="field" ref={ref}>
        <span>Your sentence</span>
        <input type="text" value={text} maxLength={400} onChange={(e) => params.set('text', e.target.value)} />
      </label>
      <div className="p1-row">
        {!fixedModel && (
          <label>
            <span>Model</span>
            <select value={modelId} onChange={(e) => params.set('model', e.target.value)}>
              {Object.entries(MODEL_NAMES).map(([id, name]) => (
                <option key={id} value={id}>
                  {id} ({name})
                </option>
              ))}
            </select>
          </label>
        )}
        <IndexSelect label="Layer" count={L} value={layer} onChange={(v) => params.set('layer', v)} testId="att-layer" wrapLabel />
        <IndexSelect label="Head" count={H} value={head} onChange={(v) => params.set('head', v)} testId="att-head" wrapLabel />
        <fieldset className="p1-chips" aria-label="View">
          {(['lines', 'heatmap', 'model'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => params.set('view', v)}>
              {v === 'lines' ? 'Head: lines' : v === 'heatmap' ? 'Head: heatmap' : 'Model view'}
            </button>
          ))}
        </fieldset>
      </div>
      {result.error && <p className="notice" role="alert">{result.error}</p>}
      <div className={enc ? 'p1-area' : 'p1-area reserve-att'}>
      {enc && shape && matrix && (
        <div data-testid="att-output" data-tokens={T}>
          {view === 'lines' && (
            <>
              <p className="p1-muted">Layer {layer}, head {head}. Each line goes from a token (left) to a token it attends to (right); thicker and brighter means more weight. Hover or focus a token on the left to see only its row.</p>
              <LinesView tokens={tokens} matrix={matrix} color={color} />
            </>
          )}
          {view === 'heatmap' && (
            <ScrollRegion label={`Layer ${layer}, head ${head} attention heatmap`}>
              <Heatmap values={matrix} rows={T} cols={T} rowLabels={tokens} colLabels={tokens} color={color} cell={T > 24 ? 12 : T > 16 ? 18 : 22} label={`Attention of layer ${layer}, head ${head}: rows attend to columns`} format={(v) => v.toFixed(3)} />
            </ScrollRegion>
          )}
          {view === 'model' && (
            <>
              <p className="p1-muted">All {L} layers (rows) × {H} heads (columns). Click a thumbnail to open it as a heatmap.</p>
              <ScrollRegion label="Model view: every layer and head">
                <div className="att-grid" style={{ gridTemplateColumns: `1.5rem repeat(${H}, ${T * thumbCell + 2}px)` }}>
                  <span />
                  {Array.from({ length: H }, (_, h) => (
                    <span key={h} className="att-lab">
                      {h}
                    </span>
                  ))}
                  {Array.from({ length: L }, (_, l) => [
                    <span key={`l${l}`} className="att-lab">
                      {l}
                    </span>,
                    ...Array.from({ length: H }, (_, h) => (
                      <button
                        key={`${l}-${h}`}
                        type="button"
                        aria-pressed={l === layer && h === head}
                        aria-label={`layer ${l}, head ${h}`}
                        onClick={() => {
                          params.set('layer', l);
                          params.set('head', h);
                          params.set('view', 'heatmap');
                        }}
                      >
                        <Heatmap compact values={headMatrix(enc.attentions, shape, l, h)} rows={T} cols={T} color={thumbColor} cell={thumbCell} label={`layer ${l}, head ${h}`} />
                      </button>
                    )),
                  ])}
                </div>
              </ScrollRegion>
            </>
          )}
          <ColorLegend color={color} domain={[0, 1]} label="attention weight" />
          <p className="p1-note">Each row sums to 1: the softmax spreads one unit of attention over the {T} tokens. Attention shows where a head looks, not why the model decides; treat it as a clue, not an explanation.</p>
        </div>
      )}
      </div>
    </WidgetFrame>
  );
}
