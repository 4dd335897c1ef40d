// The smallest live widget: counts the word pieces the article's real tokenizer makes of the reader's text.
import { useState, type ReactNode } from 'react';
import { getEngine } from '../../engine/client';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';

const MODEL_ID = 'minilm-agnews';

export function TokenCounter({ caption, initialText = 'The Only Truth reports: stocks rallied on Wall Street.' }: { caption?: ReactNode; initialText?: string }) {
  const [text, setText] = useState(initialText);
  const result = useLatest(() => getEngine().tokenize(MODEL_ID, text), [text]);
  const state = result.error ? 'error' : result.value ? 'ready' : 'loading';
  const pieces = result.value ? result.value.tokens.filter((t) => !t.special) : [];
  return (
    <WidgetFrame name="token-counter" state={state} error={result.error} onRetry={result.retry} caption={caption} progressLabel="Loading the tokenizer…">
      <label className="field">
        <span>Your text</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={20000} />
      </label>
      <p className="readout" aria-live="polite">
        <output data-testid="token-count">{pieces.length}</output> word pieces, {text.length} characters
        {result.value?.truncated ? ' (the model would only see the first 510)' : ''}
      </p>
      <p className="token-strip">
        {pieces.slice(0, 60).map((t, i) => (
          <span key={i} className="token" title={`id ${t.id}`}>
            {t.text}
          </span>
        ))}
        {pieces.length > 60 && <span className="more">… {pieces.length - 60} more</span>}
      </p>
    </WidgetFrame>
  );
}
