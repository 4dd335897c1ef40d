// Pure helpers of the model-comparison widget: parsing models/comparison.json (written by
// `python -m models.pipeline.compare`), the CKA chart's series, the head that fine-tuning moved most, and how far
// one sentence's attention moved between two models. No React, no engine.

export interface CkaBlock {
  /** Linear CKA per layer (0 = embeddings) over the whole sample, mean-pooled token vectors. */
  pooled: number[];
  ci95: [number, number][];
  /** The same on the [CLS] vector; null where undefined (layer 0: [CLS] is the same vector for every text). */
  cls: (number | null)[];
  by_subset: Record<string, number[]>;
}

export interface ComparedModel {
  id: string;
  dataset: string;
  name: string;
  task: string;
  labels: string[];
  cka_vs_pretrained: CkaBlock;
  attention_change: { per_layer: number[]; per_head: number[][]; most_changed: { layer: number; head: number; value: number } };
  eval: { accuracy?: number; int8_accuracy?: number; macro_f1?: number; test_rows?: number } | null;
}

export interface Pairwise {
  a: string;
  b: string;
  per_layer: number[];
  last_layer: number;
  last_layer_ci95?: [number, number];
}

export interface Comparison {
  num_layers: number;
  sample: { texts: number; per_dataset: number; seed: number; max_length: number };
  pretrained: { id: string };
  models: ComparedModel[];
  pairwise: Pairwise[];
  datasets: Record<string, { labels: string[]; classes: number; rows: Record<string, number>; source?: string }>;
}

const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Validates the parts of comparison.json the widget draws; throws with a readable message otherwise. */
export function parseComparison(raw: unknown): Comparison {
  const c = raw as Partial<Comparison> | null;
  if (!c || typeof c !== 'object') throw new Error('comparison.json is not an object');
  if (typeof c.num_layers !== 'number' || c.num_layers < 1) throw new Error('comparison.json: num_layers missing');
  if (!Array.isArray(c.models) || c.models.length === 0) throw new Error('comparison.json: no models');
  for (const m of c.models) {
    if (!m || typeof m.id !== 'string') throw new Error('comparison.json: a model has no id');
    const p = m.cka_vs_pretrained?.pooled;
    if (!isNumArray(p) || p.length !== c.num_layers + 1) throw new Error(`comparison.json: ${m.id} needs ${c.num_layers + 1} CKA values (layers 0..${c.num_layers})`);
  }
  if (!Array.isArray(c.pairwise)) throw new Error('comparison.json: pairwise missing');
  return c as Comparison;
}

export interface CkaPoint {
  x: number;
  y: number;
}

/** One series per fine-tuned model: CKA with the pretrained encoder against the layer index. */
export function ckaSeries(c: Comparison, key: 'pooled' | 'cls' = 'pooled'): { id: string; name: string; points: CkaPoint[] }[] {
  return c.models.map((m) => ({
    id: m.id,
    name: m.name,
    points: (m.cka_vs_pretrained[key] as (number | null)[]).flatMap((y, x) => (y === null ? [] : [{ x, y }])),
  }));
}

/** A y-axis lower bound for CKA lines: the smallest value rounded down to a tenth, at most 0.9, at least 0. */
export function ckaFloor(c: Comparison): number {
  const min = Math.min(...c.models.flatMap((m) => m.cka_vs_pretrained.pooled));
  return Math.max(0, Math.min(0.9, Math.floor(min * 10) / 10));
}

/** The (layer, head) whose attention fine-tuning moved most, averaged over the three models. */
export function mostChangedHead(c: Comparison): { layer: number; head: number; value: number } | null {
  const grids = c.models.map((m) => m.attention_change?.per_head).filter((g): g is number[][] => Array.isArray(g) && g.length > 0);
  if (!grids.length) return null;
  let best = { layer: 0, head: 0, value: -Infinity };
  for (let l = 0; l < grids[0].length; l++)
    for (let h = 0; h < grids[0][l].length; h++) {
      const v = grids.reduce((s, g) => s + (g[l]?.[h] ?? 0), 0) / grids.length;
      if (v > best.value) best = { layer: l, head: h, value: v };
    }
  return best;
}

/** The layer whose CKA with the pretrained encoder is lowest for a model (where it moved most). */
export function lowestLayer(m: ComparedModel): { layer: number; value: number } {
  const p = m.cka_vs_pretrained.pooled;
  let layer = 0;
  for (let i = 1; i < p.length; i++) if (p[i] < p[layer]) layer = i;
  return { layer, value: p[layer] };
}

/**
 * How far one head's attention moved between two models on the same sentence: the total-variation distance
 * 0.5 * sum_j |a[i, j] - b[i, j]| of every query row i, averaged over rows. 0 = identical, 1 = disjoint.
 * a and b are T x T row-major (rows sum to 1).
 */
export function attentionDistance(a: ArrayLike<number>, b: ArrayLike<number>, T: number): number {
  if (a.length !== T * T || b.length !== T * T) throw new Error(`attentionDistance: expected ${T}x${T} matrices`);
  if (T === 0) return 0;
  let total = 0;
  for (let i = 0; i < T; i++) {
    let row = 0;
    for (let j = 0; j < T; j++) row += Math.abs(a[i * T + j] - b[i * T + j]);
    total += row / 2;
  }
  return total / T;
}

/** The k word pieces with the largest positive scores (special tokens skipped), strongest first. */
export function topTokens(tokens: { text: string; special: boolean }[], scores: number[], k = 3): { text: string; score: number }[] {
  return tokens
    .map((t, i) => ({ text: t.text, score: scores[i] ?? 0, special: t.special }))
    .filter((t) => !t.special && t.score > 0)
    .sort((x, y) => y.score - x.score)
    .slice(0, k)
    .map(({ text, score }) => ({ text, score }));
}

/** The cell size that fits a T x T heatmap into `width` CSS pixels, between 6 and 16 px. */
export function heatmapCell(T: number, width = 200): number {
  return Math.max(6, Math.min(16, Math.floor(width / Math.max(T, 1))));
}
