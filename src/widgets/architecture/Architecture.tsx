// The model running in this page, block by block: embeddings, each encoder layer's self-attention and
// feed-forward sublayers (with their residual connection and LayerNorm), the pooler and the head, with shapes and
// parameter counts read from config.json / godeep.json, next to BERT-base computed by the same function.
// Clicking a block shows that block's live activations for the reader's sentence.
import { useMemo, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { MathML } from '../frame/MathML';
import { ScrollRegion } from '../frame/ScrollRegion';
import { useLatest } from '../frame/useLatest';
import { useWidgetParams } from '../frame/useWidgetParams';
import { engine, fetchModelJson, useDebounced, useModelLoad, useNearViewport } from '../part1-hooks';
import { BERT_BASE, bertParameterCounts, headFor, type BertConfig } from './params';
import { layerMean, tokenNorms, type Shape4 } from '../attention/attentionData';
import { TokenStrip } from '../../charts/TokenStrip';
import { ColorLegend, Heatmap } from '../../charts/Heatmap';
import { sequentialColor } from '../../charts/scales';
import { int, millions } from '../../charts/format';
import '../widgets-part1.css';

type ModelConfig = BertConfig & { architectures?: string[]; id2label?: Record<string, string>; hidden_act?: string; layer_norm_eps?: number };
type Recipe = { parameters?: { total?: number; blocks?: Record<string, number>; note?: string }; base_model?: { name?: string }; max_length?: number };

const specs = {
  model: { type: 'enum', default: 'minilm-news-mlm', values: ['minilm-news-mlm', 'minilm-agnews'] },
  text: { type: 'text', default: 'Wildcats clinch the title in Lexington.', maxLength: 300 },
  block: { type: 'text', default: 'layer.0.attention', maxLength: 40 },
} as const;

const ATTENTION_TEX = String.raw`\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right) V`;

function useFiles(modelId: string) {
  return useLatest(async () => {
    const [config, recipe] = await Promise.all([fetchModelJson<ModelConfig>(`${modelId}/config.json`), fetchModelJson<Recipe>(`${modelId}/godeep.json`)]);
    if (!config) throw new Error(`models/${modelId}/config.json is missing`);
    return { config, recipe };
  }, [modelId]);
}

function blockClass(key: string) {
  if (key === 'embeddings') return 'emb';
  if (key.endsWith('attention')) return 'attn';
  if (key.endsWith('ffn')) return 'ffn';
  return 'head';
}

export function Architecture({ caption }: { caption?: ReactNode }) {
  const params = useWidgetParams('architecture', specs);
  const { model: modelId, text, block } = params.values;
  const files = useFiles(modelId);
  const model = useModelLoad(modelId);
  const debounced = useDebounced(text, 300);
  const [ref, near] = useNearViewport<HTMLDivElement>();
  const enc = useLatest(async () => (near && model.state === 'ready' && debounced.trim() ? engine('architecture').encode(modelId, debounced) : null), [near, debounced, modelId, model.state]);

  const config = files.value?.config;
  const recipe = files.value?.recipe;
  const headKind = headFor(config?.architectures);
  const numLabels = config?.id2label ? Object.keys(config.id2label).length : 2;
  const counts = useMemo(() => (config ? bertParameterCounts(config, headKind, numLabels) : null), [config, headKind, numLabels]);
  const base = useMemo(() => bertParameterCounts(BERT_BASE, 'pooler'), []);
  const exported = recipe?.parameters?.total;

  const e = enc.value;
  const T = e?.tokenization.tokens.length ?? 0;
  const tokens = e ? e.tokenization.tokens.map((t) => ({ text: t.text, special: t.special })) : [];
  const selected = counts?.blocks.find((b) => b.key === block) ?? counts?.blocks[0];
  const layerIndex = selected && /^layer\.(\d+)/.test(selected.key) ? Number(selected.key.split('.')[1]) : -1;
  // hidden_states[0] is the embedding output; hidden_states[i + 1] the output of layer i.
  const hiddenLayer = !selected ? 0 : selected.key === 'embeddings' ? 0 : layerIndex >= 0 ? layerIndex + 1 : (e?.hiddenShape[0] ?? 1) - 1;
  const norms = useMemo(() => (e ? tokenNorms(e.hiddenStates, e.hiddenShape, hiddenLayer) : []), [e, hiddenLayer]);
  const normColor = useMemo(() => sequentialColor(norms.length ? Math.min(...norms) : 0, norms.length ? Math.max(...norms) : 1, 'cividis'), [norms]);
  const attn = useMemo(() => (e && layerIndex >= 0 && selected?.key.endsWith('attention') ? layerMean(e.attentions, e.attentionShape as Shape4, layerIndex) : null), [e, layerIndex, selected]);
  const attnColor = useMemo(() => sequentialColor(0, 1, 'viridis'), []);

  const state = files.error ? 'error' : model.state === 'error' ? 'error' : files.value && model.state === 'ready' ? 'ready' : 'loading';
  const h = config?.hidden_size ?? 0;
  const nh = config?.num_attention_heads ?? 1;
  const rowsCompare: [string, (c: BertConfig) => number | string][] = [
    ['layers (L)', (c) => c.num_hidden_layers],
    ['hidden size (H)', (c) => c.hidden_size],
    ['attention heads (A)', (c) => c.num_attention_heads],
    ['head size (H/A)', (c) => c.hidden_size / c.num_attention_heads],
    ['feed-forward size', (c) => c.intermediate_size],
    ['vocabulary', (c) => int(c.vocab_size)],
    ['positions', (c) => c.max_position_embeddings],
    ['segment types', (c) => c.type_vocab_size],
  ];

  return (
    <WidgetFrame name="architecture" title="The model in this page, block by block" state={state} progress={model.progress} error={files.error ?? model.error} onRetry={() => {
        files.retry();
        model.retry();
      }} caption={caption} params={params}>
      <div className="p1-row" ref={ref}>
        <label>
          <span>Model</span>
          <select value={modelId} onChange={(ev) => params.set('model', ev.target.value)}>
            <option value="minilm-news-mlm">minilm-news-mlm (masked LM)</option>
            <option value="minilm-agnews">minilm-agnews (classifier)</option>
          </select>
        </label>
      </div>
      <div className={enc.value ? 'p1-area' : 'p1-area reserve-arch'}>
      {config && counts && (
        <>
          <div className="p1-stats">
            <div className="p1-stat">
              <b data-testid="arch-params">{int(exported ?? counts.total)}</b>
              <span>parameters{exported !== undefined ? ' (godeep.json)' : ' (computed)'}</span>
            </div>
            <div className="p1-stat">
              <b>{int(base.total)}</b>
              <span>BERT-base (with pooler)</span>
            </div>
            <div className="p1-stat">
              <b>{((exported ?? counts.total) / base.total).toLocaleString('en-US', { style: 'percent', maximumFractionDigits: 0 })}</b>
              <span>of BERT-base’s size</span>
            </div>
          </div>
          {exported !== undefined && (
            <p className="p1-muted" data-testid="arch-check">
              {exported === counts.total ? `Counting the config's matrices by hand gives the same ${int(counts.total)}.` : `Counting the config's matrices by hand gives ${int(counts.total)}, not ${int(exported)}: ${recipe?.parameters?.note ?? 'the export counts something differently.'}`}{' '}
              {headKind === 'mlm' ? 'The masked-LM decoder shares its weights with the word embeddings, so they are counted once.' : ''}
            </p>
          )}
          <div className="arch-cols">
            <div>
              <ol className="arch-stack" aria-label={`${modelId}: blocks in forward order`}>
                <li className="p1-muted">input_ids, token_type_ids, attention_mask: (1, T{T ? ` = ${T}` : ''})</li>
                {counts.blocks.map((b) => (
                  <li key={b.key}>
                    <button type="button" className={`arch-block ${blockClass(b.key)}`} aria-pressed={selected?.key === b.key} onClick={() => params.set('block', b.key)} data-block={b.key}>
                      <span>{b.label}</span>
                      <small>{int(b.params)}</small>
                    </button>
                  </li>
                ))}
                <li className="p1-muted">{headKind === 'mlm' ? `logits: (1, T, ${int(config.vocab_size)})` : headKind === 'classifier' ? `logits: (1, ${numLabels})` : `pooler_output: (1, ${h})`}</li>
              </ol>
            </div>
            <div>
              <table className="arch-compare">
                <caption className="p1-muted">config.json, side by side</caption>
                <thead>
                  <tr>
                    <th scope="col" />
                    <th scope="col">{modelId}</th>
                    <th scope="col">BERT-base</th>
                  </tr>
                </thead>
                <tbody>
                  {rowsCompare.map(([name, get]) => (
                    <tr key={name}>
                      <td>{name}</td>
                      <td>{get(config)}</td>
                      <td>{get(BERT_BASE)}</td>
                    </tr>
                  ))}
                  <tr>
                    <td>embeddings</td>
                    <td>{millions(counts.embeddings)}</td>
                    <td>{millions(base.embeddings)}</td>
                  </tr>
                  <tr>
                    <td>one layer</td>
                    <td>{millions(counts.layer, 2)}</td>
                    <td>{millions(base.layer, 2)}</td>
                  </tr>
                  <tr>
                    <td>all layers</td>
                    <td>{millions(counts.encoder)}</td>
                    <td>{millions(base.encoder)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          </div>
          <label className="field" style={{ marginTop: '.8rem' }}>
            <span>Your sentence (for the live activations below)</span>
            <input type="text" value={text} maxLength={300} onChange={(ev) => params.set('text', ev.target.value)} />
          </label>
          {selected && (
            <div className="arch-detail" aria-live="polite" data-testid="arch-detail">
              <h4>{selected.label}</h4>
              <p className="arch-sublayers">
                {selected.shapes.join(' · ')} · {int(selected.params)} parameters
              </p>
              {selected.key === 'embeddings' && <p>Three lookups added together, word piece + position + segment (token type), then LayerNorm: (1, T) ids become (1, T, {h}) vectors.</p>}
              {selected.key.endsWith('attention') && (
                <>
                  <p>
                    {nh} heads of size {h / nh} each look at all T tokens at once. Their outputs are concatenated, projected back to {h}, added to the layer's input (the residual connection) and normalised with LayerNorm. Below: this layer's attention averaged over its heads.
                  </p>
                  <MathML display label="The attention formula">{ATTENTION_TEX}</MathML>
                </>
              )}
              {selected.key.endsWith('ffn') && (
                <p>
                  The same two-layer network on every token separately: {h} → {config.intermediate_size} ({config.hidden_act ?? 'gelu'}) → {h}, then residual connection and LayerNorm. Most of a layer's parameters live here.
                </p>
              )}
              {selected.key === 'pooler' && <p>Takes the final vector of [CLS] only, multiplies by a {h} × {h} matrix and applies tanh: one vector for the whole sequence, (1, {h}).</p>}
              {selected.key === 'head' && headKind === 'mlm' && <p>Maps each final token vector back onto the {int(config.vocab_size)} word pieces of the vocabulary: this is what fills the [MASK] in the next chapter.</p>}
              {selected.key === 'head' && headKind === 'classifier' && <p>One linear layer from the pooled [CLS] vector to {numLabels} logits, one per class: {Object.values(config.id2label ?? {}).join(', ')}.</p>}
              {e && (
                <>
                  <p className="p1-muted">
                    Your sentence, hidden-state norms {hiddenLayer === 0 ? 'after the embeddings' : `after layer ${hiddenLayer - 1}`} (hidden_states[{hiddenLayer}], shape (1, {T}, {e.hiddenShape[2]})):
                  </p>
                  <TokenStrip label="Hidden-state norm per token" tokens={tokens.map((t, i) => ({ ...t, sub: norms[i]?.toFixed(1) }))} values={norms} color={normColor} />
                  <ColorLegend color={normColor} domain={normColor.domain()} format={(v) => v.toFixed(1)} label="‖hidden state‖" />
                  {attn && (
                    <ScrollRegion label={`Layer ${layerIndex} attention heatmap`}>
                      <Heatmap values={attn} rows={T} cols={T} rowLabels={tokens.map((t) => t.text)} colLabels={tokens.map((t) => t.text)} color={attnColor} cell={T > 20 ? 12 : 16} label={`Layer ${layerIndex} attention, mean over heads`} format={(v) => v.toFixed(3)} />
                    </ScrollRegion>
                  )}
                </>
              )}
            </div>
          )}
          {enc.error && <p className="notice">{enc.error}</p>}
        </>
      )}
      </div>
    </WidgetFrame>
  );
}
