// What BERT's WordPiece tokenizer makes of the reader's text: the pieces with their ids, the special tokens,
// the attention mask and token_type_ids, padding to a chosen length and truncation with a notice. Hovering or
// focusing a piece highlights its characters in the text (offsets from the engine's tokenizer).
import { useMemo, useState, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { ScrollRegion } from '../frame/ScrollRegion';
import { useLatest } from '../frame/useLatest';
import { useWidgetParams } from '../frame/useWidgetParams';
import { engine, CLS_MODEL, useDebounced } from '../part1-hooks';
import { TokenStrip } from '../../charts/TokenStrip';
import '../widgets-part1.css';

const specs = {
  text: { type: 'text', default: 'The Only Truth: Wildcats clinch the SEC title in Lexington!', maxLength: 2000 },
  maxLength: { type: 'int', default: 24, min: 4, max: 512 },
  padding: { type: 'bool', default: true },
} as const;

const EXAMPLES = ['Unbelievably, the Wildcats won.', 'Kentucky bourbon exports surge 12% as tariffs ease', 'OpenAI, Nvidia and TSMC: who wins the AI chip race?', 'Café owners in Louisville protest the new zoning rules'];

export function TokenizerWidget({ caption }: { caption?: ReactNode }) {
  const params = useWidgetParams('tokenizer', specs);
  const { text, maxLength, padding } = params.values;
  const debounced = useDebounced(text, 150);
  const result = useLatest(() => engine('tokenizer').tokenize(CLS_MODEL, debounced, maxLength), [debounced, maxLength]);
  const [active, setActive] = useState<number | null>(null);
  const tk = result.value;

  const rows = useMemo(() => {
    if (!tk) return [];
    const real = tk.tokens.map((t, i) => ({ text: t.text, id: tk.inputIds[i], mask: tk.attentionMask[i], type: tk.tokenTypeIds[i], special: t.special, start: t.start, end: t.end, pad: false }));
    const padCount = padding ? Math.max(0, maxLength - real.length) : 0;
    return [...real, ...Array.from({ length: padCount }, () => ({ text: '[PAD]', id: 0, mask: 0, type: 0, special: true, start: 0, end: 0, pad: true }))];
  }, [tk, padding, maxLength]);

  const hi = active !== null ? rows[active] : undefined;
  const marked = hi && !hi.special && hi.end > hi.start ? [hi.start, hi.end] : null;
  const state = tk ? 'ready' : result.error ? 'error' : 'loading';
  const words = debounced.trim() ? debounced.trim().split(/\s+/).length : 0;
  const pieces = tk ? tk.tokens.filter((t) => !t.special).length : 0;

  return (
    <WidgetFrame name="tokenizer" title="From text to input_ids" state={state} error={result.error} onRetry={result.retry} progressLabel="Loading the tokenizer…" caption={caption} params={params}>
      <label className="field">
        <span>Your text</span>
        <textarea value={text} rows={2} maxLength={2000} onChange={(e) => params.set('text', e.target.value)} />
      </label>
      <div className="p1-row">
        <fieldset className="p1-chips" aria-label="Examples">
          {EXAMPLES.map((ex) => (
            <button key={ex} type="button" aria-pressed={text === ex} onClick={() => params.set('text', ex)}>
              {ex.length > 28 ? `${ex.slice(0, 26)}…` : ex}
            </button>
          ))}
        </fieldset>
      </div>
      <div className="p1-row">
        <label>
          <span>max_length</span>
          <input type="number" min={4} max={512} value={maxLength} onChange={(e) => params.set('maxLength', Math.max(4, Math.min(512, Math.round(Number(e.target.value) || 4))))} />
        </label>
        <label>
          <input type="checkbox" checked={padding} onChange={(e) => params.set('padding', e.target.checked)} /> pad to max_length
        </label>
      </div>
      <div className={tk ? 'p1-area' : 'p1-area reserve-tk'}>
      {tk && (
        <>
          <p className="readout" aria-live="polite">
            <output data-testid="tk-pieces">{pieces}</output> word pieces from {words} whitespace-separated words, {tk.tokens.length} tokens with [CLS] and [SEP]
            {padding && rows.length > tk.tokens.length ? `, ${rows.length - tk.tokens.length} [PAD]` : ''}.
          </p>
          {tk.truncated && (
            <p className="notice" role="status" data-testid="tk-truncated">
              Truncated: the text has {tk.fullLength} word pieces, but max_length {maxLength} leaves room for only {maxLength - 2} between [CLS] and [SEP]. The model never sees the rest.
            </p>
          )}
          <output className="tk-text" aria-label="Your text, with the focused piece's characters highlighted" data-testid="tk-text">
            {marked ? (
              <>
                {debounced.slice(0, marked[0])}
                <mark>{debounced.slice(marked[0], marked[1])}</mark>
                {debounced.slice(marked[1])}
              </>
            ) : (
              debounced
            )}
          </output>
          <TokenStrip label="Word pieces; focus one to see its characters in the text" tokens={rows.map((r) => ({ text: r.text, special: r.special, muted: r.pad, sub: String(r.id), title: r.special ? `special token, id ${r.id}` : `id ${r.id}, characters ${r.start}–${r.end}` }))} active={active} onActivate={setActive} />
          <details>
            <summary>The tensors the model receives</summary>
            <ScrollRegion className="tk-rows" label="input_ids, attention_mask and token_type_ids, one column per token">
              <table>
                <tbody>
                  {(
                    [
                      ['tokens', (r: (typeof rows)[number]) => r.text],
                      ['input_ids', (r: (typeof rows)[number]) => String(r.id)],
                      ['attention_mask', (r: (typeof rows)[number]) => String(r.mask)],
                      ['token_type_ids', (r: (typeof rows)[number]) => String(r.type)],
                    ] as const
                  ).map(([name, get]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      {rows.map((r, i) => (
                        <td key={i} className={`${r.pad ? 'pad' : ''}${active === i ? ' on' : ''}`}>
                          {get(r)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </details>
        </>
      )}
      </div>
    </WidgetFrame>
  );
}
