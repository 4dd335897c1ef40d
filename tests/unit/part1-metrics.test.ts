import { describe, expect, it } from 'vitest';
import { adjust, metrics } from '../../src/widgets/confusion-toy/metrics';

describe('confusion-matrix metrics', () => {
  it('computes binary precision, recall and F1 by hand', () => {
    // rows: truth, columns: prediction. class 1 = positive: TP 40, FN 10, FP 5, TN 45
    const m = metrics([
      [45, 5],
      [10, 40],
    ]);
    expect(m.total).toBe(100);
    expect(m.accuracy).toBeCloseTo(0.85, 12);
    expect(m.perClass[1].precision).toBeCloseTo(40 / 45, 12);
    expect(m.perClass[1].recall).toBeCloseTo(40 / 50, 12);
    expect(m.perClass[1].f1).toBeCloseTo((2 * 40) / (2 * 40 + 5 + 10), 12);
    expect(m.perClass[0].support).toBe(50);
  });

  it('micro-F1 equals accuracy for single-label multi-class problems', () => {
    const m = metrics([
      [50, 2, 3, 1],
      [4, 60, 0, 0],
      [1, 1, 10, 8],
      [0, 0, 5, 2],
    ]);
    expect(m.microF1).toBeCloseTo(m.accuracy, 12);
    expect(m.microPrecision).toBeCloseTo(m.accuracy, 12);
  });

  it('macro-F1 drops below accuracy when a rare class is missed', () => {
    const m = metrics([
      [90, 0],
      [10, 0],
    ]);
    expect(m.accuracy).toBeCloseTo(0.9, 12);
    expect(m.perClass[1].f1).toBe(0); // 0/0 precision reported as 0
    expect(m.macroF1).toBeCloseTo((2 * 0.9 * 1) / 1.9 / 2, 12);
    expect(m.macroF1).toBeLessThan(m.accuracy);
    expect(m.weightedF1).toBeCloseTo(0.9 * ((2 * 0.9) / 1.9), 12);
  });

  it('matches scikit-learn on a 4-class example', () => {
    // y_true/y_pred built from this matrix give, in scikit-learn 1.x: f1 per class
    // [0.8, 0.6666..., 0.5, 0.0]; computed here from the definitions.
    const m = metrics([
      [4, 1, 0, 0],
      [1, 2, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 1, 0],
    ]);
    expect(m.perClass.map((c) => c.f1)).toEqual([expect.closeTo(0.8, 12), expect.closeTo(2 / 3, 12), expect.closeTo(0.5, 12), 0]);
    expect(m.macroF1).toBeCloseTo((0.8 + 2 / 3 + 0.5) / 4, 12);
    expect(m.accuracy).toBeCloseTo(7 / 11, 12);
  });

  it('adjust changes one cell and never goes negative', () => {
    const base = [
      [1, 2],
      [3, 4],
    ];
    expect(adjust(base, 0, 1, -5)).toEqual([
      [1, 0],
      [3, 4],
    ]);
    expect(adjust(base, 1, 0, 2)[1][0]).toBe(5);
    expect(base[0][1]).toBe(2);
  });

  it('rejects non-square or negative matrices', () => {
    expect(() => metrics([[1, 2]])).toThrow();
    expect(() => metrics([[-1]])).toThrow();
  });
});
