// Number formatting shared by charts and widgets.
export const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)} %`;
export const int = (v: number) => Math.round(v).toLocaleString('en-US');
export const millions = (v: number, digits = 1) => `${(v / 1e6).toFixed(digits)} M`;
export const fixed = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
