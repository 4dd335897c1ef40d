// Pure math for the second half of the article: calibration, rank correlation, padding, aggregation.
// No DOM, no React: unit-tested in tests/unit/part2-*.test.ts.

/** softmax(logits / temperature), numerically stable. */
export function softmax(logits: number[], temperature = 1): number[] {
  const z = logits.map((l) => l / temperature);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export interface ReliabilityBin {
  /** [lower, upper) confidence range; the last bin includes 1. */
  lower: number;
  upper: number;
  count: number;
  /** Mean top-class probability in the bin (NaN when empty). */
  confidence: number;
  /** Share of correct predictions in the bin (NaN when empty). */
  accuracy: number;
}

/** Equal-width reliability bins over the top-class probability (Guo et al. 2017). */
export function reliabilityBins(confidences: number[], correct: boolean[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({ lower: b / bins, upper: (b + 1) / bins, count: 0, confidence: 0, accuracy: 0 }));
  confidences.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(c * bins)));
    out[b].count += 1;
    out[b].confidence += c;
    out[b].accuracy += correct[i] ? 1 : 0;
  });
  for (const bin of out) {
    bin.confidence = bin.count ? bin.confidence / bin.count : NaN;
    bin.accuracy = bin.count ? bin.accuracy / bin.count : NaN;
  }
  return out;
}

/** Expected calibration error: the count-weighted mean gap between accuracy and confidence over the bins. */
export function expectedCalibrationError(bins: ReliabilityBin[]): number {
  const n = bins.reduce((a, b) => a + b.count, 0);
  if (!n) return NaN;
  return bins.reduce((acc, b) => (b.count ? acc + (b.count / n) * Math.abs(b.accuracy - b.confidence) : acc), 0);
}

/** Ranks with ties averaged (1-based), as Spearman's coefficient needs. */
export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k][1]] = avg;
    i = j + 1;
  }
  return r;
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (n < 2 || b.length !== n) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return da && db ? num / Math.sqrt(da * db) : NaN;
}

/** Spearman rank correlation: Pearson on tie-averaged ranks. NaN when either side is constant. */
export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b));
}

export type PaddingStrategy = 'longest' | 'max_length';

export interface PaddedBatch {
  /** (B, T) */
  inputIds: number[][];
  /** (B, T) 1 = real token, 0 = padding */
  attentionMask: number[][];
  /** (B, T) token strings, '[PAD]' for padding */
  tokens: string[][];
  length: number;
}

/**
 * Pads already-truncated sequences (each with its [CLS] ... [SEP]) the way a tokenizer's batch call does:
 * 'longest' pads to the longest sequence of the batch, 'max_length' to maxLength.
 */
export function padBatch(seqs: { ids: number[]; tokens: string[] }[], strategy: PaddingStrategy, maxLength: number, padId = 0, padToken = '[PAD]'): PaddedBatch {
  const longest = Math.max(0, ...seqs.map((s) => Math.min(s.ids.length, maxLength)));
  const length = strategy === 'longest' ? longest : maxLength;
  const inputIds: number[][] = [];
  const attentionMask: number[][] = [];
  const tokens: string[][] = [];
  for (const s of seqs) {
    const ids = s.ids.slice(0, length);
    const toks = s.tokens.slice(0, length);
    const pad = length - ids.length;
    inputIds.push([...ids, ...new Array(pad).fill(padId)]);
    attentionMask.push([...ids.map(() => 1), ...new Array(pad).fill(0)]);
    tokens.push([...toks, ...new Array(pad).fill(padToken)]);
  }
  return { inputIds, attentionMask, tokens, length };
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Character spans of word pieces in the text. Uses the tokenizer's offsets when they are real; otherwise
 * finds each piece (without its '##') left to right in the lower-cased text. Special tokens get null.
 */
export function alignPieces(text: string, pieces: { text: string; special: boolean; start?: number; end?: number }[]): (Span | null)[] {
  const hasOffsets = pieces.some((p) => !p.special && (p.end ?? 0) > (p.start ?? 0));
  if (hasOffsets) return pieces.map((p) => (p.special || !((p.end ?? 0) > (p.start ?? 0)) ? null : { start: p.start!, end: p.end! }));
  const lower = text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  let cursor = 0;
  return pieces.map((p) => {
    if (p.special) return null;
    const needle = p.text.replace(/^##/, '').toLowerCase();
    if (!needle) return null;
    const at = lower.indexOf(needle, cursor);
    if (at < 0) return null;
    cursor = at + needle.length;
    return { start: at, end: cursor };
  });
}

export interface Tagged {
  start: number;
  end: number;
  /** e.g. 'NOUN', 'PROPN' */
  pos: string;
  /** entity type, or '' when the word is in no entity */
  entity: string;
}

export interface GroupImpact {
  group: string;
  /** Number of words in the group */
  words: number;
  /** Sum of |importance| of the group's pieces */
  total: number;
  /** total / words */
  mean: number;
  /** total / sum over all groups */
  share: number;
}

/** Sums |score| of the pieces that overlap each tagged word, then groups by `key` (POS or entity type). */
export function aggregateByTag(words: Tagged[], spans: (Span | null)[], scores: number[], key: 'pos' | 'entity'): GroupImpact[] {
  const groups = new Map<string, { words: number; total: number }>();
  let all = 0;
  for (const w of words) {
    let s = 0;
    spans.forEach((span, i) => {
      if (span && span.start < w.end && span.end > w.start) s += Math.abs(scores[i] ?? 0);
    });
    const g = (key === 'pos' ? w.pos : w.entity) || 'none';
    const cur = groups.get(g) ?? { words: 0, total: 0 };
    cur.words += 1;
    cur.total += s;
    groups.set(g, cur);
    all += s;
  }
  return [...groups.entries()]
    .map(([group, v]) => ({ group, words: v.words, total: v.total, mean: v.words ? v.total / v.words : 0, share: all ? v.total / all : 0 }))
    .sort((a, b) => b.total - a.total);
}

/** Linear-interpolated quantile of a sample (q in 0..1). */
export function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Seeded PRNG (mulberry32) for reproducible sampling. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Confusion matrix (true rows x predicted columns). */
export function confusionMatrix(pairs: [number, number][], classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (const [t, p] of pairs) if (t >= 0 && t < classes && p >= 0 && p < classes) m[t][p] += 1;
  return m;
}
