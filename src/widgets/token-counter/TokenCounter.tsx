// The smallest live widget: counts the word pieces the article's real tokenizer makes of the reader's text.
import type { ReactNode } from 'react';
import { getEngine } from '../../engine/client';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';
import { useWidgetParams } from '../frame/useWidgetParams';
import type { ParamSpecs } from '../params';

const MODEL_ID = 'minilm-agnews';
const SHOWN_PIECES = 60;

export const tokenCounterParams = {
  text: { type: 'text', default: 'The Only Truth reports: stocks rallied on Wall Street.', maxLength: 20000 },
} satisfies ParamSpecs;

export function TokenCounter({ caption }: { caption?: ReactNode }) {
  const params = useWidgetParams('token-counter', tokenCounterParams);
  const { text } = params.values;
  const result = useLatest(() => getEngine().tokenize(MODEL_ID, text), [text]);
  const state = result.error ? 'error' : result.value ? 'ready' : 'loading';
  const pieces = result.value ? result.value.tokens.filter((t) => !t.special) : [];
  return (
    <WidgetFrame name="token-counter" title="Token counter" state={state} error={result.error} onRetry={result.retry} caption={caption} progressLabel="Loading the tokenizer…" params={params}>
      <label className="field">
        <span>Your text</span>
        <textarea value={text} onChange={(e) => params.set('text', e.target.value)} rows={2} maxLength={20000} />
      </label>
      <p className="readout" aria-live="polite">
        <output data-testid="token-count">{pieces.length}</output> word pieces, {text.length} characters
        {result.value?.truncated ? ` (the model would only see the first ${result.value.maxLength - 2})` : ''}
      </p>
      <p className="token-strip">
        {pieces.slice(0, SHOWN_PIECES).map((t, i) => (
          <span key={i} className="token" title={`id ${t.id}`}>
            {t.text}
          </span>
        ))}
        {pieces.length > SHOWN_PIECES && <span className="more">… {pieces.length - SHOWN_PIECES} more</span>}
      </p>
    </WidgetFrame>
  );
}
