// Principal component analysis for a handful of vectors, small enough to run in the browser on every input:
// centre the rows, then find the top components of the covariance by power iteration with deflation.
// Deterministic: the start vector is a row of the Gram matrix and each component's sign is chosen so its largest entry is positive.

export interface PcaResult {
  /** One [x, y, ...] per input row. */
  points: number[][];
  /** The components (unit vectors, dim long). */
  components: number[][];
  /** Share of the total variance each component explains. */
  explained: number[];
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function pca(rows: ArrayLike<number>[], k = 2, iterations = 200): PcaResult {
  const n = rows.length;
  if (n === 0) return { points: [], components: [], explained: [] };
  const dim = rows[0].length;
  const meanVec = new Float64Array(dim);
  for (const r of rows) for (let j = 0; j < dim; j++) meanVec[j] += r[j] / n;
  const X = rows.map((r) => Float64Array.from({ length: dim }, (_, j) => r[j] - meanVec[j]));
  const totalVar = X.reduce((s, x) => s + dot(x, x), 0);
  const components: number[][] = [];
  const explained: number[] = [];
  // Work with the n x n Gram matrix (n is small, dim may be 384): G = X X^T.
  const G = X.map((a) => X.map((b) => dot(a, b)));
  for (let c = 0; c < Math.min(k, n); c++) {
    // Start from the Gram matrix's largest row: it lies in the span of the remaining components, so it cannot be
    // orthogonal to the leading one (a fixed start vector can be, by bad luck).
    let best = 0;
    for (let i = 1; i < n; i++) if (G[i][i] > G[best][best]) best = i;
    let v = G[best].map((x, i) => x + (i === best ? 1e-9 : 0));
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      const w = G.map((row) => dot(row, v));
      const norm = Math.hypot(...w);
      if (norm < 1e-12) {
        lambda = 0;
        break;
      }
      v = w.map((x) => x / norm);
      lambda = norm;
    }
    // Component in feature space: u = X^T v / |X^T v|
    const u = new Array<number>(dim).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) u[j] += X[i][j] * v[i];
    const un = Math.hypot(...u) || 1;
    let comp = u.map((x) => x / un);
    let maxIdx = 0;
    for (let j = 1; j < dim; j++) if (Math.abs(comp[j]) > Math.abs(comp[maxIdx])) maxIdx = j;
    if (comp[maxIdx] < 0) comp = comp.map((x) => -x);
    components.push(comp);
    explained.push(totalVar > 0 ? lambda / totalVar : 0);
    // Deflate: G <- G - lambda v v^T
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G[i][j] -= lambda * v[i] * v[j];
  }
  while (components.length < k) {
    components.push(new Array<number>(dim).fill(0));
    explained.push(0);
  }
  const points = X.map((x) => components.map((comp) => dot(x, comp)));
  return { points, components, explained };
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b));
  return d > 0 ? dot(a, b) / d : 0;
}
