// The same word in different sentences: cosine similarity of its hidden states, pair by pair, at every layer
// (engine.compare), and a 2-D PCA of the word (and a few neighbours) at the embedding layer vs the last layer.
import { useMemo, type ReactNode } from 'react';
import { scaleLinear } from 'd3';
import { WidgetFrame } from '../frame/WidgetFrame';
import { ScrollRegion } from '../frame/ScrollRegion';
import { useLatest } from '../frame/useLatest';
import { useWidgetParams } from '../frame/useWidgetParams';
import { engine, findToken, MLM_MODEL, useDebounced, useModelLoad, useNearViewport } from '../part1-hooks';
import { pca } from './pca';
import { tokenVector } from '../attention/attentionData';
import { ColorLegend, Heatmap } from '../../charts/Heatmap';
import { divergingColor } from '../../charts/scales';
import '../widgets-part1.css';

const specs = {
  word: { type: 'text', default: 'bank', maxLength: 30 },
  sentences: {
    type: 'text',
    default: ['He sat on the bank of the river and fished.', 'Floods washed away the muddy bank of the stream.', 'The bank reported record profits this quarter.', 'She asked the bank for a loan to buy a house.'].join('\n'),
    maxLength: 1200,
  },
} as const;

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'to', 'for', 'in', 'on', 'at', 'by', 'with', 'this', 'that', 'is', 'was', 'he', 'she', 'it', 'they', 'his', 'her', 'their', 'as', 'from', 'be', 'are', 'were', 'has', 'had', 'have']);
const SENSE_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

interface Point {
  label: string;
  sentence: number;
  target: boolean;
  v0: Float32Array;
  vL: Float32Array;
}

function Scatter({ title, points, coords }: { title: string; points: Point[]; coords: number[][] }) {
  const W = 300;
  const H = 220;
  const xs = coords.map((c) => c[0]);
  const ys = coords.map((c) => c[1]);
  const pad = 28;
  const x = scaleLinear().domain([Math.min(...xs), Math.max(...xs)]).nice().range([pad / 2, W - 72]);
  const y = scaleLinear().domain([Math.min(...ys), Math.max(...ys)]).nice().range([H - pad / 2, pad / 2]);
  // Greedy label placement: each label starts right of its dot and moves down (then up) until it overlaps no
  // label placed before it. Points that coincide (the same word piece at the embedding layer) get stacked labels.
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const dy = coords.map((c, i) => {
    const px = x(c[0]) + 8;
    const py = y(c[1]) + 4;
    const width = 6.2 * (points[i].label.length + (points[i].target ? 1 : 0));
    const candidates = [0, 11, -11, 22, -22, 33, -33, 44];
    const free = candidates.find((d) => !placed.some((b) => px < b.x1 && px + width > b.x0 && py + d - 9 < b.y1 && py + d + 2 > b.y0)) ?? 0;
    placed.push({ x0: px, x1: px + width, y0: py + free - 9, y1: py + free + 2 });
    return free;
  });
  return (
    <figure className="ws-plot">
      <h4>{title}</h4>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${points.map((p, i) => `${p.label} (sentence ${p.sentence + 1}) at ${coords[i][0].toFixed(1)}, ${coords[i][1].toFixed(1)}`).join('; ')}`}>
        {points.map((p, i) => (
          <g key={i} transform={`translate(${x(coords[i][0])},${y(coords[i][1])})`} data-dy={dy[i]}>
            <circle r={p.target ? 6 : 3.5} fill={SENSE_COLORS[p.sentence % SENSE_COLORS.length]} stroke={p.target ? 'var(--fg)' : 'none'} strokeWidth={1.5} />
            <text x={8} y={4 + dy[i]} fontWeight={p.target ? 700 : 400}>
              {p.target ? `${p.label}${p.sentence + 1}` : p.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

export function WordSimilarity({ caption }: { caption?: ReactNode }) {
  const params = useWidgetParams('word-similarity', specs);
  const model = useModelLoad(MLM_MODEL);
  const word = useDebounced(params.values.word.trim().toLowerCase(), 300);
  const sentenceText = useDebounced(params.values.sentences, 400);
  const sentences = useMemo(() => sentenceText.split('\n').map((s) => s.trim()).filter(Boolean).slice(0, 6), [sentenceText]);

  const [ref, near] = useNearViewport<HTMLDivElement>();
  const result = useLatest(async () => {
    if (!near || model.state !== 'ready' || !word || sentences.length < 2) return null;
    const e = engine('word-similarity');
    const encoded = [];
    for (const s of sentences) encoded.push(await e.encode(MLM_MODEL, s));
    const index = encoded.map((enc) => findToken(enc.tokenization.tokens, word));
    const missing = sentences.filter((_, i) => index[i] < 0);
    const ok = sentences.map((_, i) => i).filter((i) => index[i] >= 0);
    const pairs: { a: number; b: number; sims: number[] }[] = [];
    for (let i = 0; i < ok.length; i++)
      for (let j = i + 1; j < ok.length; j++) {
        const c = await e.compare(MLM_MODEL, sentences[ok[i]], index[ok[i]], sentences[ok[j]], index[ok[j]]);
        pairs.push({ a: ok[i], b: ok[j], sims: c.similarityByLayer });
      }
    const points: Point[] = [];
    for (const i of ok) {
      const enc = encoded[i];
      const last = enc.hiddenShape[0] - 1;
      const toks = enc.tokenization.tokens;
      points.push({ label: word, sentence: i, target: true, v0: tokenVector(enc.hiddenStates, enc.hiddenShape, 0, index[i]), vL: tokenVector(enc.hiddenStates, enc.hiddenShape, last, index[i]) });
      const others = toks
        .map((t, k) => ({ t, k }))
        .filter(({ t, k }) => !t.special && k !== index[i] && /^[a-z]{3,}$/.test(t.text) && !STOP.has(t.text) && !(toks[k + 1]?.text.startsWith('##')))
        .sort((p, q) => q.t.text.length - p.t.text.length)
        .slice(0, 2);
      for (const { t, k } of others) points.push({ label: t.text, sentence: i, target: false, v0: tokenVector(enc.hiddenStates, enc.hiddenShape, 0, k), vL: tokenVector(enc.hiddenStates, enc.hiddenShape, last, k) });
    }
    const layers = encoded[0].hiddenShape[0];
    return { pairs, points, missing, layers, p0: pca(points.map((p) => p.v0), 2), pL: pca(points.map((p) => p.vL), 2) };
  }, [near, model.state, word, sentences]);

  const r = result.value;
  const color = useMemo(() => divergingColor(1), []);
  const values = useMemo(() => (r ? Float32Array.from(r.pairs.flatMap((p) => p.sims)) : new Float32Array()), [r]);

  return (
    <WidgetFrame name="word-similarity" title="One word, many meanings" state={model.state} progress={model.progress} error={model.error} onRetry={model.retry} caption={caption} params={params}>
      <div className="p1-row" ref={ref}>
        <label>
          <span>Word</span>
          <input type="text" value={params.values.word} maxLength={30} size={12} onChange={(e) => params.set('word', e.target.value)} />
        </label>
      </div>
      <label className="field">
        <span>Sentences, one per line (2 to 6), each containing the word</span>
        <textarea rows={4} value={params.values.sentences} maxLength={1200} onChange={(e) => params.set('sentences', e.target.value)} />
      </label>
      {result.error && <p className="notice" role="alert">{result.error}</p>}
      {r && r.missing.length > 0 && (
        <p className="notice">
          “{word}” is not a single word piece in: {r.missing.map((s) => `“${s}”`).join(', ')}. Those lines are left out.
        </p>
      )}
      <div className={r ? 'p1-area' : 'p1-area reserve-ws'}>
      {r && r.pairs.length > 0 && (
        <div data-testid="ws-output">
          <p className="p1-muted">Cosine similarity of “{word}” between two sentences, at the embedding layer (emb) and after each encoder layer (Ln: after layer n). Same colour, same meaning: blue is similar, red is opposite.</p>
          <ScrollRegion label={`Similarity of ${word} per sentence pair and layer`}>
            <Heatmap
              values={values}
              rows={r.pairs.length}
              cols={r.layers}
              rowLabels={r.pairs.map((p) => `${p.a + 1} vs ${p.b + 1}`)}
              colLabels={Array.from({ length: r.layers }, (_, l) => (l === 0 ? 'emb' : `L${l - 1}`))}
              color={color}
              cell={34}
              showValues
              label={`Cosine similarity of ${word} across sentence pairs (rows) and layers (columns)`}
              format={(v) => v.toFixed(2)}
            />
          </ScrollRegion>
          <ColorLegend color={color} domain={color.domain()} label="cosine similarity" />
          <ol className="ws-pairs p1-muted">
            {sentences.map((s, i) => (
              <li key={i} className="ws-sentence" style={{ borderLeft: `4px solid ${SENSE_COLORS[i % SENSE_COLORS.length]}`, paddingLeft: '.4rem', listStyle: 'none' }}>
                <b>{i + 1}</b> {s}
              </li>
            ))}
          </ol>
          <div className="ws-plots">
            <Scatter title={`Embedding layer (PCA, ${(100 * (r.p0.explained[0] + r.p0.explained[1])).toFixed(0)} % of variance)`} points={r.points} coords={r.p0.points} />
            <Scatter title={`Last layer (PCA, ${(100 * (r.pL.explained[0] + r.pL.explained[1])).toFixed(0)} % of variance)`} points={r.points} coords={r.pL.points} />
          </div>
          <p className="p1-note">Big dots: “{word}” in sentence n; small dots: two other words of the same sentence, for scale. At the embedding layer a word piece is the same vector everywhere except for its position; the encoder layers mix in the context.</p>
        </div>
      )}
      </div>
    </WidgetFrame>
  );
}
