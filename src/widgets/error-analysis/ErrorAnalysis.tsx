// How can we improve it? / Error analysis: the real test-split confusion matrix; a cell lists its rows
// (text from ag_news-test.json) sorted by the model's confidence; a reliability diagram with the expected
// calibration error before and after temperature scaling; accuracy by input length.
import { useMemo, useState, type ReactNode } from 'react';
import { Bars } from '../../charts/Bars';
import { ConfusionMatrix } from '../../charts/ConfusionMatrix';
import { ReliabilityDiagram } from '../../charts/ReliabilityDiagram';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useWidgetParams } from '../frame/useWidgetParams';
import { DATASET_FILE, MODEL_FILE, useArtifact } from '../part2-data/artifacts';
import { confusionMatrix, expectedCalibrationError, reliabilityBins, softmax } from '../part2-data/math';
import { parseDataset, parseEval, parsePredictions, type Prediction } from '../part2-data/parse';
import { Missing } from '../part2-data/ui';
import { ScrollRegion } from '../frame/ScrollRegion';

const PAGE = 25;

function binsNote(ev: { raw: Record<string, unknown> }) {
  const block = (ev.raw.onnx_int8 ?? ev.raw.pytorch_fp32) as { ece_bins?: number } | undefined;
  return block?.ece_bins ? `, ${block.ece_bins} bins` : '';
}

/** Shareable state: the picked cell as "true-predicted" class indices ("2-3": true Business, predicted Sci/Tech),
 * empty for none, and whether the reliability diagram shows the temperature-scaled probabilities. */
export const errorAnalysisSpecs = {
  cell: { type: 'text', default: '', maxLength: 7 },
  calibrated: { type: 'bool', default: true },
} as const;

/** The cell a `cell` parameter names, or null when it is empty, malformed or outside a classes x classes matrix. */
export function parseCell(value: string, classes: number): [number, number] | null {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (!m) return null;
  const cell: [number, number] = [Number(m[1]), Number(m[2])];
  return cell.every((i) => i < classes) ? cell : null;
}

/** Probabilities at another temperature: softmax(log p * factor) (factor = T_stored / T_new). */
export function retemper(p: number[], factor: number): number[] {
  return softmax(p.map((v) => Math.log(Math.max(v, 1e-12)) * factor));
}

export function ErrorAnalysis({ caption }: { caption?: ReactNode }) {
  const preds = useArtifact(MODEL_FILE('test_predictions.json'), parsePredictions);
  const evalFile = useArtifact(MODEL_FILE('eval.json'), (raw) => raw);
  const recipe = useArtifact(MODEL_FILE('godeep.json'), (raw) => raw as { temperature?: number; labels?: string[]; calibration?: { stored_probabilities?: string } });
  const data = useArtifact(DATASET_FILE, parseDataset);
  const params = useWidgetParams('error-analysis', errorAnalysisSpecs);
  const [shown, setShown] = useState(PAGE);
  const calibrated = params.values.calibrated;
  const setCalibrated = (v: boolean) => params.set('calibrated', v);

  const labels = preds.status === 'ready' && preds.data.labels.length ? preds.data.labels : recipe.status === 'ready' && recipe.data.labels ? recipe.data.labels : ['World', 'Sports', 'Business', 'Sci/Tech'];
  const cell = useMemo(() => parseCell(params.values.cell, labels.length), [params.values.cell, labels.length]);
  const ev = evalFile.status === 'ready' ? parseEval(evalFile.data, labels) : undefined;
  const temperature = ev?.temperature ?? (recipe.status === 'ready' ? recipe.data.temperature : undefined) ?? 1;
  const counts = useMemo(() => (preds.status === 'ready' ? confusionMatrix(preds.data.rows.map((r) => [r.trueIndex, r.predicted]), labels.length) : ev?.confusion), [preds, ev?.confusion, labels.length]);

  const list: Prediction[] = useMemo(() => {
    if (!cell || preds.status !== 'ready') return [];
    return preds.data.rows.filter((r) => r.trueIndex === cell[0] && r.predicted === cell[1]).sort((a, b) => b.probabilities[b.predicted] - a.probabilities[a.predicted]);
  }, [cell, preds]);

  // test_predictions.json says whether its probabilities already include the temperature
  // (temperature_applied); the other view is recomputed from them: softmax(log p * factor).
  const calib = useMemo(() => {
    if (preds.status !== 'ready') return null;
    const applied = preds.data.temperatureApplied;
    const conf = (f: number) => preds.data.rows.map((r) => Math.max(...(f === 1 ? r.probabilities : retemper(r.probabilities, f))));
    const correct = preds.data.rows.map((r) => r.trueIndex === r.predicted);
    const before = reliabilityBins(conf(applied ? temperature : 1), correct);
    const after = reliabilityBins(conf(applied ? 1 : 1 / temperature), correct);
    return { after, before, eceAfter: expectedCalibrationError(after), eceBefore: expectedCalibrationError(before) };
  }, [preds, temperature]);

  const state = preds.status === 'loading' || evalFile.status === 'loading' ? 'loading' : 'ready';
  const total = counts ? counts.flat().reduce((a, b) => a + b, 0) : 0;
  const wrong = counts ? total - counts.reduce((a, r, i) => a + r[i], 0) : 0;
  const bins = calib ? (calibrated ? calib.after : calib.before) : [];

  return (
    <WidgetFrame name="error-analysis" state={state} caption={caption} progressLabel="Loading the test-split predictions…" params={params}>
      <Missing state={preds} what="the test-split predictions" />
      {counts && (
        <>
          <p className="p2-readout">
            {wrong.toLocaleString('en-US')} of {total.toLocaleString('en-US')} test rows are misclassified. Pick a cell to read its rows.
          </p>
          <ConfusionMatrix
            label="Confusion matrix of the test split"
            labels={labels}
            counts={counts}
            selected={cell}
            onSelect={(c) => {
              params.set('cell', `${c[0]}-${c[1]}`);
              setShown(PAGE);
            }}
          />
        </>
      )}
      {cell && preds.status === 'ready' && (
        <>
          <p className="p2-readout" aria-live="polite" data-testid="cell-summary">
            True <b>{labels[cell[0]]}</b>, predicted <b>{labels[cell[1]]}</b>: {list.length.toLocaleString('en-US')} rows, most confident first.
          </p>
          {data.status !== 'ready' && <Missing state={data} what="the test texts" />}
          <ol className="p2-rows" data-testid="cell-rows">
            {list.slice(0, shown).map((r) => {
              const row = data.status === 'ready' ? data.data.rows[r.index] : undefined;
              return (
                <li key={r.index}>
                  <span className="meta">
                    #{r.index} · {labels[r.predicted]} {(r.probabilities[r.predicted] * 100).toFixed(1)} % · {labels[r.trueIndex]} {(r.probabilities[r.trueIndex] * 100).toFixed(1)} %
                  </span>
                  {row ? (
                    <>
                      <b>{row.title}</b> {row.description}
                    </>
                  ) : (
                    '(text not available)'
                  )}
                </li>
              );
            })}
          </ol>
          {list.length > shown && (
            <button type="button" className="secondary" onClick={() => setShown((s) => s + PAGE)}>
              Show {Math.min(PAGE, list.length - shown)} more
            </button>
          )}
        </>
      )}
      {calib && (
        <>
          <div className="p2-h">Calibration: does “almost sure” mean “almost always right”?</div>
          <div className="p2-row">
            <label>
              Probabilities
              <select value={calibrated ? 'after' : 'before'} onChange={(e) => setCalibrated(e.target.value === 'after')} data-testid="calibration-toggle">
                <option value="after">after temperature scaling (T = {temperature.toFixed(2)})</option>
                <option value="before">before (T = 1)</option>
              </select>
            </label>
          </div>
          <div className="p2-grid2">
            <ReliabilityDiagram bins={bins} label={`Reliability diagram ${calibrated ? 'after' : 'before'} temperature scaling`} />
            <div>
              <table className="p2-kv" data-testid="ece">
                <tbody>
                  <tr>
                    <td>ECE before (recomputed here, 10 bins)</td>
                    <td>{(calib.eceBefore * 100).toFixed(2)} %</td>
                  </tr>
                  <tr>
                    <td>ECE after (recomputed here, 10 bins)</td>
                    <td>{(calib.eceAfter * 100).toFixed(2)} %</td>
                  </tr>
                  {ev?.eceBefore !== undefined && (
                    <tr>
                      <td>ECE before (eval.json{ev.raw && binsNote(ev)})</td>
                      <td>{(ev.eceBefore * 100).toFixed(2)} %</td>
                    </tr>
                  )}
                  {ev?.eceAfter !== undefined && (
                    <tr>
                      <td>ECE after (eval.json{ev.raw && binsNote(ev)})</td>
                      <td>{(ev.eceAfter * 100).toFixed(2)} %</td>
                    </tr>
                  )}
                  <tr>
                    <td>temperature</td>
                    <td>{temperature.toFixed(3)}</td>
                  </tr>
                </tbody>
              </table>
              <p className="p2-muted">Bars: accuracy in each confidence bin (10 bins). Dashed ticks: the bin's mean confidence. Diagonal: perfect calibration.</p>
              <details className="p2-alt">
                <summary>The bins as a table</summary>
                <table>
                  <thead>
                    <tr>
                      <th>confidence</th>
                      <th>rows</th>
                      <th>mean conf.</th>
                      <th>accuracy</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bins.map((b, i) => (
                      <tr key={i}>
                        <td>
                          {b.lower.toFixed(1)}–{b.upper.toFixed(1)}
                        </td>
                        <td>{b.count}</td>
                        <td>{b.count ? `${(b.confidence * 100).toFixed(1)} %` : '–'}</td>
                        <td>{b.count ? `${(b.accuracy * 100).toFixed(1)} %` : '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </div>
          </div>
        </>
      )}
      {ev && (
        <>
          <div className="p2-h">Per class on the test split (eval.json)</div>
          <ScrollRegion label="Per-class metrics table">
            <table className="p2-kv" data-testid="per-class">
              <thead>
                <tr>
                  <th>class</th>
                  <th>precision</th>
                  <th>recall</th>
                  <th>F1</th>
                  <th>support</th>
                </tr>
              </thead>
              <tbody>
                {ev.perClass.map((c) => (
                  <tr key={c.label}>
                    <td>{c.label}</td>
                    <td>{c.precision !== undefined ? `${(c.precision * 100).toFixed(1)} %` : '–'}</td>
                    <td>{c.recall !== undefined ? `${(c.recall * 100).toFixed(1)} %` : '–'}</td>
                    <td>{c.f1 !== undefined ? `${(c.f1 * 100).toFixed(1)} %` : '–'}</td>
                    <td>{c.support?.toLocaleString('en-US') ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
      {ev && ev.lengthBands.length > 0 && (
        <>
          <div className="p2-h">Does length matter? Test accuracy by input length (eval.json)</div>
          <Bars
            label="Test accuracy by input length in word pieces"
            data={ev.lengthBands.map((b) => ({
              label: b.truncated ? `${b.minTokens}, cut` : `${b.minTokens}–${b.maxTokens}`,
              value: b.accuracy,
              title: `${b.count.toLocaleString('en-US')} test rows`,
            }))}
            format={(v) => `${(v * 100).toFixed(1)} %`}
          />
          <p className="p2-muted" data-testid="length-bands-note">
            Word pieces per text, [CLS] and [SEP] included; {ev.lengthBands.map((b) => b.count.toLocaleString('en-US')).join(' / ')} test rows per band.
            {ev.lengthBands.some((b) => b.truncated) && ' “Cut”: texts that reached the model’s window; it read only their beginning.'}
          </p>
        </>
      )}
      {evalFile.status !== 'ready' && preds.status === 'ready' && <Missing state={evalFile} what="the evaluation summary" />}
    </WidgetFrame>
  );
}
