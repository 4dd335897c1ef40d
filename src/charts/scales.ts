// Colour scales shared by the chart primitives. Every scheme here is perceptually ordered and readable by
// colour-blind readers (viridis, cividis: sequential; RdBu: diverging), and each comes with a text colour that
// keeps labels legible on top of it in both themes.
import { interpolateCividis, interpolateRdBu, interpolateViridis, rgb, scaleDiverging, scaleSequential } from 'd3';

export type SequentialScheme = 'viridis' | 'cividis';

export interface ColorScale {
  (value: number): string;
  domain(): number[];
  kind: 'sequential' | 'diverging';
}

const interpolators = { viridis: interpolateViridis, cividis: interpolateCividis } as const;

/** A sequential scale from `min` (dark) to `max` (bright). */
export function sequentialColor(min: number, max: number, scheme: SequentialScheme = 'viridis'): ColorScale {
  const hi = max > min ? max : min + 1e-9;
  const scale = scaleSequential(interpolators[scheme]).domain([min, hi]).clamp(true);
  const fn = ((v: number) => scale(v)) as ColorScale;
  fn.domain = () => [min, hi];
  fn.kind = 'sequential';
  return fn;
}

/** A diverging scale centred on 0: negative values red, positive blue (RdBu), symmetric around 0. */
export function divergingColor(maxAbs: number): ColorScale {
  const m = maxAbs > 0 ? maxAbs : 1e-9;
  const scale = scaleDiverging(interpolateRdBu).domain([-m, 0, m]).clamp(true);
  const fn = ((v: number) => scale(v)) as ColorScale;
  fn.domain = () => [-m, 0, m];
  fn.kind = 'diverging';
  return fn;
}

/** WCAG relative luminance of a CSS colour (0 = black, 1 = white). */
export function luminance(color: string): number {
  const c = rgb(color);
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/** Black or white, whichever reads better on `background`. */
export function textOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}
