// Fine-tuning / Tokenization: a batch of real AG News test rows becomes the (B, T) input_ids and
// attention_mask tensors the model is trained on. Max length and padding strategy are the reader's; the
// training configuration next to it is read from godeep.json.
import { useMemo, useState, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';
import { DATASET_FILE, MODEL_FILE, MODEL_ID, useArtifact } from '../part2-data/artifacts';
import { engine } from '../part2-data/engine';
import { padBatch, type PaddingStrategy } from '../part2-data/math';
import { flatten, parseDataset, rowText } from '../part2-data/parse';
import { Missing } from '../part2-data/ui';
import { ScrollRegion } from '../frame/ScrollRegion';

const BATCH = 4;
const LENGTHS = [16, 32, 64, 128];

/** The parts of godeep.json that describe how the model was trained, as key = value rows. */
export function recipeRows(g: Record<string, unknown>) {
  const dataset = (g.dataset ?? {}) as Record<string, unknown>;
  const { recipe, ...datasetRest } = dataset;
  const rows = flatten({
    training: g.training ?? recipe ?? g.hyperparameters ?? g.config ?? g.args,
    base_model: (g.base_model as Record<string, unknown> | undefined)?.name,
    dataset: datasetRest,
    max_length: g.max_length,
    temperature: g.temperature,
    labels: g.labels,
    'parameters.total': (g.parameters as Record<string, unknown> | undefined)?.total,
  });
  return rows.filter((r) => !/sha256|source$|^dataset\.path|\.init\.|description$/.test(r.key));
}

export function BatchTokenization({ caption }: { caption?: ReactNode }) {
  const data = useArtifact(DATASET_FILE, parseDataset);
  const recipe = useArtifact(MODEL_FILE('godeep.json'), (raw) => raw as Record<string, unknown>);
  const [maxLength, setMaxLength] = useState(32);
  const [padding, setPadding] = useState<PaddingStrategy>('longest');
  const [offset, setOffset] = useState(0);
  const [view, setView] = useState<'tokens' | 'ids'>('tokens');

  const texts = useMemo(() => (data.status === 'ready' ? data.data.rows.slice(offset, offset + BATCH).map(rowText) : []), [data, offset]);
  const labels = data.status === 'ready' ? data.data.rows.slice(offset, offset + BATCH).map((r) => data.data.labels[r.label]) : [];
  const toks = useLatest(async () => (texts.length ? Promise.all(texts.map((t) => engine().tokenize(MODEL_ID, t, maxLength))) : []), [texts, maxLength]);
  const batch = useMemo(
    () => (toks.value ? padBatch(toks.value.map((t) => ({ ids: t.inputIds, tokens: t.tokens.map((k) => k.text) })), padding, maxLength) : null),
    [toks.value, padding, maxLength],
  );
  const state = data.status === 'missing' ? 'ready' : toks.error ? 'error' : batch || data.status === 'error' ? 'ready' : 'loading';
  const realTokens = batch ? batch.attentionMask.flat().reduce((a, b) => a + b, 0) : 0;
  const cells = batch ? batch.length * BATCH : 0;

  return (
    <WidgetFrame name="batch-tokenization" state={state} error={toks.error} onRetry={toks.retry} caption={caption} progressLabel="Loading the tokenizer…">
      <Missing state={data} what="the AG News test split" />
      {data.status === 'ready' && (
        <>
          <div className="p2-row">
            <label>
              max_length
              <select value={maxLength} onChange={(e) => setMaxLength(Number(e.target.value))} data-testid="max-length">
                {LENGTHS.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <label>
              padding
              <select value={padding} onChange={(e) => setPadding(e.target.value as PaddingStrategy)} data-testid="padding">
                <option value="longest">longest (dynamic)</option>
                <option value="max_length">max_length (fixed)</option>
              </select>
            </label>
            <label>
              show
              <select value={view} onChange={(e) => setView(e.target.value as 'tokens' | 'ids')}>
                <option value="tokens">word pieces</option>
                <option value="ids">input_ids</option>
              </select>
            </label>
            <button type="button" className="secondary" onClick={() => setOffset((o) => (o + BATCH) % Math.max(BATCH, data.data.rows.length - BATCH))}>
              Next batch
            </button>
          </div>
          {batch && toks.value && (
            <>
              <p className="p2-readout" aria-live="polite" data-testid="batch-shape">
                Tensor shape <b>({BATCH}, {batch.length})</b>: {realTokens.toLocaleString('en-US')} of {cells.toLocaleString('en-US')} positions are real tokens,{' '}
                {(cells - realTokens).toLocaleString('en-US')} are padding; {toks.value.filter((t) => t.truncated).length} of {BATCH} rows were truncated.
              </p>
              <div className="p2-h">input_ids (B, T)</div>
              <ScrollRegion label="input_ids of the batch">
                <table className="p2-batch" aria-label="input_ids of the batch, one row per example">
                  <tbody>
                    {batch.tokens.map((row, b) => (
                      <tr key={b}>
                        <th scope="row" title={texts[b]}>
                          #{offset + b} {labels[b]}
                        </th>
                        {row.map((t, i) => {
                          const pad = batch.attentionMask[b][i] === 0;
                          const special = !pad && (t === '[CLS]' || t === '[SEP]');
                          const cut = toks.value![b].truncated && i === toks.value![b].inputIds.length - 1;
                          return (
                            <td key={i} className={`c${pad ? ' pad' : ''}${special ? ' special' : ''}${cut ? ' cut' : ''}`} title={`${t} = ${batch.inputIds[b][i]}`}>
                              {view === 'ids' ? batch.inputIds[b][i] : t}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <div className="p2-h">attention_mask (B, T)</div>
              <ScrollRegion label="attention_mask of the batch">
                <table className="p2-batch" aria-label="attention_mask of the batch: 1 for real tokens, 0 for padding">
                  <tbody>
                    {batch.attentionMask.map((row, b) => (
                      <tr key={b}>
                        <th scope="row">
                          #{offset + b} {labels[b]}
                        </th>
                        {row.map((m, i) => (
                          <td key={i} className={`c m${m}`}>
                            {m}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <p className="p2-muted">Outlined cell: the [SEP] that replaced the rest of a truncated row. Dashed cells: special tokens and [PAD].</p>
            </>
          )}
        </>
      )}
      <div className="p2-h">Training configuration (godeep.json)</div>
      <Missing state={recipe} what="the model recipe" />
      {recipe.status === 'ready' && (
        <ScrollRegion label="Training recipe">
          <table className="p2-kv" data-testid="recipe">
            <tbody>
              {recipeRows(recipe.data).map((r) => (
                <tr key={r.key}>
                  <td>{r.key}</td>
                  <td>{typeof r.value === 'number' ? r.value.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(r.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </WidgetFrame>
  );
}
