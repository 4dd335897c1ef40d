// A confusion matrix the reader edits (rows: true class, columns: predicted class) with accuracy,
// per-class precision / recall / F1, macro-F1 and micro-F1 recomputed on every change. Starts as a 2x2
// "is it Sports?" problem and grows to AG News's four classes.
import { useMemo, useState, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { MathML } from '../frame/MathML';
import { ScrollRegion } from '../frame/ScrollRegion';
import { adjust, metrics, type Confusion } from './metrics';
import { sequentialColor, textOn } from '../../charts/scales';
import { ConfusionHead } from '../../charts/ConfusionMatrix';
import { pct } from '../../charts/format';
import '../widgets-part1.css';

type Preset = { name: string; labels: string[]; matrix: Confusion; note: string };

const PRESETS: Preset[] = [
  {
    name: 'Sports or not (2 classes)',
    labels: ['not Sports', 'Sports'],
    matrix: [
      [85, 5],
      [4, 6],
    ],
    note: 'A rare positive class: 10 Sports stories in 100. Accuracy looks great; the Sports F1 does not.',
  },
  {
    name: 'Balanced, 4 classes',
    labels: ['World', 'Sports', 'Business', 'Sci/Tech'],
    matrix: [
      [90, 2, 5, 3],
      [1, 97, 1, 1],
      [4, 1, 84, 11],
      [3, 1, 10, 86],
    ],
    note: 'Like AG News: 100 stories of each class. Business and Sci/Tech get confused with each other.',
  },
  {
    name: 'Imbalanced, 4 classes',
    labels: ['World', 'Sports', 'Business', 'Sci/Tech'],
    matrix: [
      [380, 5, 10, 5],
      [3, 292, 3, 2],
      [10, 2, 20, 18],
      [5, 1, 19, 25],
    ],
    note: 'The Only Truth’s archive, say: mostly World and Sports. Micro-F1 (= accuracy) hides how badly the small classes do; macro-F1 does not.',
  },
];

export function ConfusionToy({ caption }: { caption?: ReactNode }) {
  const [preset, setPreset] = useState(0);
  const [matrix, setMatrix] = useState<Confusion>(PRESETS[0].matrix);
  const labels = PRESETS[preset].labels;
  const m = useMemo(() => metrics(matrix), [matrix]);
  const maxCell = Math.max(1, ...matrix.flat());
  // square-root scale: a few big diagonal counts must not flatten every other cell into one colour
  const color = useMemo(() => { const c = sequentialColor(0, Math.sqrt(maxCell), 'cividis'); return (v: number) => c(Math.sqrt(v)); }, [maxCell]);
  const choose = (i: number) => {
    setPreset(i);
    setMatrix(PRESETS[i].matrix.map((r) => [...r]));
  };
  const set = (t: number, p: number, value: number) => setMatrix((cur) => adjust(cur, t, p, (Number.isFinite(value) ? value : 0) - cur[t][p]));

  return (
    <WidgetFrame name="confusion-toy" title="Play with a confusion matrix" state="ready" caption={caption}>
      <fieldset className="p1-row" aria-label="Start from">
        <div className="p1-chips">
          {PRESETS.map((p, i) => (
            <button key={p.name} type="button" aria-pressed={preset === i} onClick={() => choose(i)}>
              {p.name}
            </button>
          ))}
        </div>
        <button type="button" className="secondary" onClick={() => choose(preset)}>
          Reset
        </button>
      </fieldset>
      <p className="p1-muted">{PRESETS[preset].note}</p>
      <ScrollRegion label="Confusion matrix">
        <table className="cm-table" aria-label="Confusion matrix: rows are the true class, columns the predicted class">
          <ConfusionHead labels={labels} />
          <tbody>
            {matrix.map((row, t) => (
              <tr key={t}>
                <th scope="row">{labels[t]}</th>
                {row.map((v, p) => {
                  const bg = color(v);
                  return (
                    <td key={p}>
                      <div className={`cm-cell${t === p ? ' diag' : ''}`} style={{ background: bg, color: textOn(bg) }}>
                        <button type="button" className="secondary" aria-label={`one fewer: true ${labels[t]}, predicted ${labels[p]}`} onClick={() => set(t, p, v - 1)}>
                          −
                        </button>
                        <input type="number" min={0} max={9999} value={v} aria-label={`count: true ${labels[t]}, predicted ${labels[p]}`} data-cell={`${t}-${p}`} onChange={(e) => set(t, p, Math.min(9999, Number(e.target.value)))} />
                        <button type="button" className="secondary" aria-label={`one more: true ${labels[t]}, predicted ${labels[p]}`} onClick={() => set(t, p, v + 1)}>
                          +
                        </button>
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <div className="cm-headline" aria-live="polite">
        <div className="p1-stat">
          <b data-testid="cm-accuracy">{pct(m.accuracy)}</b>
          <span>accuracy</span>
        </div>
        <div className="p1-stat">
          <b data-testid="cm-macro-f1">{pct(m.macroF1)}</b>
          <span>macro-F1</span>
        </div>
        <div className="p1-stat">
          <b data-testid="cm-micro-f1">{pct(m.microF1)}</b>
          <span>micro-F1</span>
        </div>
        <div className="p1-stat">
          <b>{pct(m.weightedF1)}</b>
          <span>weighted F1</span>
        </div>
      </div>
      <ScrollRegion label="Per-class metrics">
        <table className="cm-metrics">
          <thead>
            <tr>
              <th scope="col">class</th>
              <th scope="col">support</th>
              <th scope="col">TP</th>
              <th scope="col">FP</th>
              <th scope="col">FN</th>
              <th scope="col">precision</th>
              <th scope="col">recall</th>
              <th scope="col">F1</th>
            </tr>
          </thead>
          <tbody>
            {m.perClass.map((c, k) => (
              <tr key={k} data-class={labels[k]}>
                <td>{labels[k]}</td>
                <td>{c.support}</td>
                <td>{c.tp}</td>
                <td>{c.fp}</td>
                <td>{c.fn}</td>
                <td>{pct(c.precision)}</td>
                <td>{pct(c.recall)}</td>
                <td className="f1">{pct(c.f1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <div className="p1-note">
        <MathML display label="Precision, recall and F1 of class k">{String.raw`P_k = \frac{TP_k}{TP_k + FP_k},\quad R_k = \frac{TP_k}{TP_k + FN_k},\quad F1_k = \frac{2\,P_k R_k}{P_k + R_k}`}</MathML>
        <MathML display label="Macro-F1 and micro-F1">{String.raw`\text{macro-}F1 = \frac{1}{K}\sum_{k=1}^{K} F1_k, \qquad \text{micro-}F1 = \frac{2\,P_\mu R_\mu}{P_\mu + R_\mu},\ \ P_\mu = \frac{\sum_k TP_k}{\sum_k (TP_k + FP_k)}`}</MathML>
        <p>
          With one label per article every false positive of one class is a false negative of another, so <MathML>{String.raw`\sum_k FP_k = \sum_k FN_k`}</MathML> and micro-F1 is exactly the accuracy. A ratio with nothing to divide by (no article predicted as a class) counts as 0, as scikit-learn does with <code>zero_division=0</code>.
        </p>
      </div>
    </WidgetFrame>
  );
}
