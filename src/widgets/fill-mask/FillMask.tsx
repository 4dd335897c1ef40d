// Masked-token prediction, live: the reader types a sentence with one or more [MASK] (or clicks a word to mask
// it) and the pretrained masked-LM head proposes its top-k word pieces with their probabilities.
import { useMemo, useState, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';
import { useWidgetParams } from '../frame/useWidgetParams';
import { engine, MLM_MODEL, useDebounced, useModelJson, useModelLoad } from '../part1-hooks';
import { Bars } from '../../charts/Bars';
import { int, pct } from '../../charts/format';
import '../widgets-part1.css';

const MASK = '[MASK]';
const specs = {
  text: { type: 'text', default: 'Stocks rallied on Wall [MASK] after the Fed held interest rates.', maxLength: 1000 },
  k: { type: 'int', default: 5, min: 1, max: 10 },
} as const;

export const FILL_MASK_EXAMPLES = [
  'Stocks rallied on Wall [MASK] after the Fed held interest rates.',
  'The Red Sox beat the Yankees to win the World [MASK].',
  'Microsoft released a security [MASK] for Windows XP.',
  'Rebels attacked a convoy near the capital of [MASK].',
  'Oil prices rose to a record $55 a [MASK].',
  'The [MASK] of the company resigned after the accounting [MASK].',
];

interface MlmEval {
  top1: number;
  top5: number;
  masked_tokens: number;
  texts?: number;
  protocol?: { split?: string; mask_fraction?: number };
}

type Part = { word: string; space: boolean };

function splitWords(text: string): Part[] {
  return (text.match(/\s+|[^\s]+/g) ?? []).map((w) => ({ word: w, space: /^\s+$/.test(w) }));
}

export function FillMask({ caption }: { caption?: ReactNode }) {
  const params = useWidgetParams('fill-mask', specs);
  const { text, k } = params.values;
  const model = useModelLoad(MLM_MODEL);
  const evalJson = useModelJson<MlmEval>(`${MLM_MODEL}/eval.json`);
  const debounced = useDebounced(text, 250);
  const hasMask = debounced.includes(MASK);
  const result = useLatest(async () => {
    if (model.state !== 'ready' || !hasMask) return null;
    return engine('fill-mask').fillMask(MLM_MODEL, debounced, k);
  }, [debounced, k, model.state, hasMask]);
  const [originals, setOriginals] = useState<Record<number, string>>({});
  const parts = useMemo(() => splitWords(text), [text]);

  const toggle = (i: number) => {
    const p = parts[i];
    const core = p.word.match(/^([("'“‘]*)(.*?)([)"'”’.,;:!?]*)$/);
    const [, lead = '', body = p.word, tail = ''] = core ?? [];
    let next: string;
    if (body === MASK) {
      next = lead + (originals[i] ?? 'the') + tail;
    } else {
      setOriginals((o) => ({ ...o, [i]: body }));
      next = lead + MASK + tail;
    }
    params.set('text', parts.map((q, j) => (j === i ? next : q.word)).join(''));
  };

  const frameState = model.state === 'error' ? 'error' : model.state;
  const masks = result.value?.masks ?? [];
  const ev = evalJson.value;
  const status = (model.info?.recipe as { metrics?: { status?: string } } | undefined)?.metrics?.status;
  const untrained = status && /untrained/i.test(status) ? status : undefined;

  return (
    <WidgetFrame name="fill-mask" title="Fill in the [MASK]" state={frameState} progress={model.progress} error={model.error} onRetry={model.retry} progressLabel="Loading the masked-LM model…" caption={caption} params={params}>
      <label className="field">
        <span>Your sentence (write [MASK] where a word is missing)</span>
        <textarea className="fm-input" value={text} rows={2} maxLength={1000} onChange={(e) => params.set('text', e.target.value)} />
      </label>
      <p className="p1-muted">Or click a word to mask it (click again to bring it back):</p>
      <fieldset className="fm-words" aria-label="Words of your sentence">
        {parts.map((p, i) =>
          p.space ? null : (
            <button key={i} type="button" className={p.word.includes(MASK) ? 'masked' : ''} aria-pressed={p.word.includes(MASK)} onClick={() => toggle(i)}>
              {p.word}
            </button>
          ),
        )}
      </fieldset>
      <div className="p1-row">
        <label>
          <span>Examples</span>
          <select value={FILL_MASK_EXAMPLES.includes(text) ? text : ''} onChange={(e) => e.target.value && params.set('text', e.target.value)}>
            <option value="">choose a news sentence…</option>
            {FILL_MASK_EXAMPLES.map((ex) => (
              <option key={ex} value={ex}>
                {ex}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>top-k</span>
          <input type="number" min={1} max={10} value={k} onChange={(e) => params.set('k', Math.max(1, Math.min(10, Math.round(Number(e.target.value) || 1))))} />
        </label>
      </div>
      {untrained && (
        <p className="notice" data-testid="fm-untrained">
          This copy of the model is a quick export whose masked-LM head has not been trained yet ({untrained}): its guesses are close to random until the trained model replaces it.
        </p>
      )}
      {!hasMask && <p className="notice">There is no [MASK] in the sentence: add one, or click a word.</p>}
      {result.error && hasMask && (
        <p className="notice" role="alert">
          {result.error}
        </p>
      )}
      <div className={masks.length > 0 || !hasMask ? 'p1-area' : 'p1-area reserve-fm'}>
      {hasMask && masks.length > 0 && (
        <div className="fm-masks" aria-live="polite" data-testid="fm-results" data-pending={result.pending}>
          {masks.map((mk, i) => (
            <div key={`${i}-${mk.position}`} className="fm-mask" data-mask={i}>
              <h4>
                [MASK] {masks.length > 1 ? `#${i + 1}` : ''} <span className="p1-muted">(token {mk.position})</span>
              </h4>
              <Bars label={`Top ${k} predictions for mask ${i + 1}`} data={mk.predictions.map((p, j) => ({ label: p.token, value: p.score, highlight: j === 0 }))} />
            </div>
          ))}
        </div>
      )}
      </div>
      {masks.length > 1 && <p className="p1-note">With several masks, each one is predicted independently, as if the other masks stayed unknown: BERT does not fill them in one after another.</p>}
      <p className="p1-note" data-testid="fm-eval">
        {ev
          ? `Measured on ${int(ev.masked_tokens)} masked word pieces from ${ev.texts ? `${int(ev.texts)} ` : ''}AG News ${ev.protocol?.split ?? 'test'} articles: the model's first guess is right ${pct(ev.top1)} of the time, and the right piece is among its top five ${pct(ev.top5)} of the time.`
          : evalJson.value === null
            ? 'The measured masked-LM accuracy will appear here once the trained model is exported.'
            : 'Reading the measured accuracy…'}
      </p>
    </WidgetFrame>
  );
}
