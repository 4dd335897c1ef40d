import { describe, expect, it } from 'vitest';
import { contrastRatio, divergingColor, luminance, sequentialColor, textOn } from '../../src/charts/scales';

describe('colour scales', () => {
  it('sequential scales get brighter monotonically (viridis, cividis)', () => {
    for (const scheme of ['viridis', 'cividis'] as const) {
      const c = sequentialColor(0, 1, scheme);
      const lum = Array.from({ length: 11 }, (_, i) => luminance(c(i / 10)));
      for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeGreaterThan(lum[i - 1]);
      expect(c(-5)).toBe(c(0)); // clamped
      expect(c(5)).toBe(c(1));
    }
  });

  it('diverging scale is symmetric around a light centre', () => {
    const c = divergingColor(2);
    expect(luminance(c(0))).toBeGreaterThan(0.8);
    expect(Math.abs(luminance(c(-1.5)) - luminance(c(1.5)))).toBeLessThan(0.12);
    expect(c(-2)).not.toBe(c(2));
    expect(c.domain()).toEqual([-2, 0, 2]);
  });

  it('picks a text colour with at least 4.5:1 contrast on every scale step', () => {
    const scales = [sequentialColor(0, 1, 'viridis'), sequentialColor(0, 1, 'cividis'), divergingColor(1)];
    for (const s of scales) {
      for (let i = 0; i <= 20; i++) {
        const v = s.kind === 'diverging' ? -1 + i / 10 : i / 20;
        const bg = s(v);
        expect(contrastRatio(bg, textOn(bg))).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('handles a degenerate domain', () => {
    expect(() => sequentialColor(1, 1)(1)).not.toThrow();
    expect(() => divergingColor(0)(0)).not.toThrow();
  });
});
