// Classification metrics from a confusion matrix. matrix[t][p] = number of examples of true class t predicted
// as class p (rows: truth, columns: prediction), the layout scikit-learn's confusion_matrix uses.
// Undefined ratios (0 / 0) are reported as 0, as scikit-learn does with zero_division=0.

export type Confusion = number[][];

export interface ClassMetrics {
  tp: number;
  fp: number;
  fn: number;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Metrics {
  total: number;
  accuracy: number;
  perClass: ClassMetrics[];
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  /** Support-weighted mean of the per-class F1. */
  weightedF1: number;
  microPrecision: number;
  microRecall: number;
  microF1: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const harmonic = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

export function validate(matrix: Confusion): void {
  const n = matrix.length;
  if (n === 0) throw new Error('empty confusion matrix');
  for (const row of matrix) {
    if (row.length !== n) throw new Error('confusion matrix must be square');
    for (const v of row) if (!Number.isFinite(v) || v < 0) throw new Error('counts must be non-negative numbers');
  }
}

export function metrics(matrix: Confusion): Metrics {
  validate(matrix);
  const n = matrix.length;
  let total = 0;
  let correct = 0;
  const perClass: ClassMetrics[] = [];
  for (let k = 0; k < n; k++) {
    const tp = matrix[k][k];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < n; j++) {
      support += matrix[k][j];
      predicted += matrix[j][k];
    }
    const fp = predicted - tp;
    const fn = support - tp;
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    perClass.push({ tp, fp, fn, support, precision, recall, f1: harmonic(precision, recall) });
    total += support;
    correct += tp;
  }
  const sumTp = perClass.reduce((s, c) => s + c.tp, 0);
  const sumFp = perClass.reduce((s, c) => s + c.fp, 0);
  const sumFn = perClass.reduce((s, c) => s + c.fn, 0);
  const microPrecision = ratio(sumTp, sumTp + sumFp);
  const microRecall = ratio(sumTp, sumTp + sumFn);
  return {
    total,
    accuracy: ratio(correct, total),
    perClass,
    macroPrecision: mean(perClass.map((c) => c.precision)),
    macroRecall: mean(perClass.map((c) => c.recall)),
    macroF1: mean(perClass.map((c) => c.f1)),
    weightedF1: ratio(perClass.reduce((s, c) => s + c.f1 * c.support, 0), total),
    microPrecision,
    microRecall,
    microF1: harmonic(microPrecision, microRecall),
  };
}

/** Returns a copy of `matrix` with cell (t, p) changed by `delta`, never below 0. */
export function adjust(matrix: Confusion, t: number, p: number, delta: number): Confusion {
  return matrix.map((row, i) => row.map((v, j) => (i === t && j === p ? Math.max(0, Math.round(v + delta)) : v)));
}
