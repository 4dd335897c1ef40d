import { describe, expect, it } from 'vitest';
import { cosine, pca } from '../../src/widgets/word-similarity/pca';

describe('PCA', () => {
  it('finds the direction of largest variance', () => {
    // points along (1, 1, 0) with a small spread along (1, -1, 0)
    const rows = [-3, -1, 0, 1, 3].map((t, i) => [t + (i % 2 ? 0.1 : -0.1), t - (i % 2 ? 0.1 : -0.1), 0]);
    const { components, explained, points } = pca(rows, 2);
    expect(Math.abs(components[0][0])).toBeCloseTo(Math.SQRT1_2, 3);
    expect(Math.abs(components[0][1])).toBeCloseTo(Math.SQRT1_2, 3);
    expect(explained[0]).toBeGreaterThan(0.99);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 6);
    expect(points).toHaveLength(5);
    // projections are centred
    expect(points.reduce((s, p) => s + p[0], 0)).toBeCloseTo(0, 9);
  });

  it('gives orthogonal components and is deterministic', () => {
    const rows = Array.from({ length: 8 }, (_, i) => Array.from({ length: 16 }, (_, j) => Math.sin(i * 1.3 + j * 0.7) + (i === j ? 2 : 0)));
    const a = pca(rows, 2);
    const b = pca(rows, 2);
    expect(a.points).toEqual(b.points);
    const d = a.components[0].reduce((s, x, j) => s + x * a.components[1][j], 0);
    expect(Math.abs(d)).toBeLessThan(1e-6);
    expect(a.explained[0]).toBeGreaterThanOrEqual(a.explained[1]);
  });

  it('handles degenerate input', () => {
    expect(pca([], 2).points).toEqual([]);
    const same = pca([[1, 2], [1, 2]], 2);
    expect(same.points.every((p) => p.every((x) => Math.abs(x) < 1e-12))).toBe(true);
  });

  it('cosine similarity', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
});
