// Inference / POS and NER impact: the reader's sentence tagged by wink-nlp (parts of speech and entities),
// with the attribution of one method summed per word and aggregated by tag: which kinds of words the model
// leans on.
import type { ReactNode } from 'react';
import { Bars } from '../../charts/Bars';
import type { AttributionMethod } from '../../engine/types';
import { useDebounced } from '../classifier/Classifier';
import { METHODS } from '../feature-importance/FeatureImportance';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useLatest } from '../frame/useLatest';
import { MODEL_ID } from '../part2-data/artifacts';
import { engine } from '../part2-data/engine';
import { aggregateByTag, alignPieces } from '../part2-data/math';
import { loadWink, tagText } from './tagger';
import { ScrollRegion } from '../frame/ScrollRegion';
import { useWidgetParams } from '../frame/useWidgetParams';
import type { ParamSpecs } from '../params';

export const posNerParams = {
  text: { type: 'text', default: 'Google opens a research lab in Zurich on Monday, hiring 300 engineers for $50 million.', maxLength: 600 },
  method: { type: 'enum', default: 'integrated-gradients', values: METHODS.map((m) => m.id) },
} satisfies ParamSpecs;

export function PosNer({ caption, initialText }: { caption?: ReactNode; initialText?: string }) {
  const params = useWidgetParams('pos-ner', posNerParams, initialText ? { text: initialText } : undefined);
  const { text } = params.values;
  const method = params.values.method as AttributionMethod;
  const setText = (value: string) => params.set('text', value);
  const setMethod = (value: AttributionMethod) => params.set('method', value);
  const debounced = useDebounced(text.trim(), 500);
  const result = useLatest(async () => {
    if (!debounced) return null;
    const [nlp, attr] = await Promise.all([loadWink(), engine().attribute(MODEL_ID, debounced, method)]);
    const words = tagText(nlp, debounced);
    const spans = alignPieces(debounced, attr.tokenization.tokens);
    return { words, attr, spans, byPos: aggregateByTag(words, spans, attr.scores, 'pos'), byEntity: aggregateByTag(words, spans, attr.scores, 'entity') };
  }, [debounced, method]);
  const v = result.value;
  const state = result.error ? 'error' : v || !debounced ? 'ready' : 'loading';

  return (
    <WidgetFrame name="pos-ner" title="Parts of speech and entities" params={params} state={state} error={result.error} onRetry={result.retry} caption={caption} progressLabel="Loading the tagger and the model…">
      <label className="field">
        <span>Sentence</span>
        <textarea value={text} rows={2} maxLength={600} onChange={(e) => setText(e.target.value)} data-testid="pos-input" />
      </label>
      <div className="p2-row">
        <label>
          Importance by
          <select value={method} onChange={(e) => setMethod(e.target.value as AttributionMethod)}>
            {METHODS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {v && (
        <>
          <p className="p2-readout">
            Predicted <b>{v.attr.classification.labels[v.attr.classification.predicted]}</b>; |importance| summed over each word's pieces.
          </p>
          <ScrollRegion label="Word by word tags">
            <table className="p2-kv" data-testid="pos-words">
              <thead>
                <tr>
                  <th>word</th>
                  <th>POS</th>
                  <th>entity</th>
                  <th>|importance|</th>
                </tr>
              </thead>
              <tbody>
                {v.words.map((w, i) => {
                  let s = 0;
                  v.spans.forEach((sp, k) => {
                    if (sp && sp.start < w.end && sp.end > w.start) s += Math.abs(v.attr.scores[k] ?? 0);
                  });
                  return (
                    <tr key={i}>
                      <td>{w.text}</td>
                      <td>{w.pos}</td>
                      <td>{w.entity || '–'}</td>
                      <td>{s.toFixed(3)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          <div className="p2-grid2">
            <div>
              <div className="p2-h">Share of importance by part of speech</div>
              <Bars label="Share of importance by part of speech" data={v.byPos.map((g) => ({ label: `${g.group} (${g.words})`, value: g.share }))} />
            </div>
            <div>
              <div className="p2-h">Share by entity type</div>
              <Bars label="Share of importance by entity type" data={v.byEntity.map((g) => ({ label: `${g.group} (${g.words})`, value: g.share }))} />
            </div>
          </div>
        </>
      )}
    </WidgetFrame>
  );
}
