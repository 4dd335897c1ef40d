// A widget's shareable state: declared once per widget, read from the URL (embeds and share links),
// validated (unknown or malformed values fall back to defaults with a notice), and written back into
// embed snippets and share links. Values are only ever rendered as text, never as HTML.

export type ParamSpec =
  | { type: 'text'; default: string; maxLength?: number }
  | { type: 'int'; default: number; min: number; max: number }
  | { type: 'enum'; default: string; values: readonly string[] }
  | { type: 'bool'; default: boolean };

export type ParamSpecs = Record<string, ParamSpec>;

export type ParamValues<S extends ParamSpecs> = {
  [K in keyof S]: S[K] extends { type: 'int' } ? number : S[K] extends { type: 'bool' } ? boolean : string;
};

/** URL parameters that belong to the page, not to a widget. */
const PAGE_PARAMS = new Set(['widget', 'backend', 'debug', 'theme']);

export function defaults<S extends ParamSpecs>(specs: S): ParamValues<S> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default])) as ParamValues<S>;
}

function parseOne(spec: ParamSpec, raw: string): { ok: true; value: string | number | boolean } | { ok: false; why: string } {
  switch (spec.type) {
    case 'text': {
      const max = spec.maxLength ?? 2000;
      if (raw.length > max) return { ok: false, why: `is longer than ${max} characters` };
      return { ok: true, value: raw };
    }
    case 'int': {
      if (!/^-?\d+$/.test(raw)) return { ok: false, why: 'is not a whole number' };
      const n = Number(raw);
      if (n < spec.min || n > spec.max) return { ok: false, why: `is outside ${spec.min}–${spec.max}` };
      return { ok: true, value: n };
    }
    case 'enum':
      return spec.values.includes(raw) ? { ok: true, value: raw } : { ok: false, why: `is not one of ${spec.values.join(', ')}` };
    case 'bool':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return { ok: false, why: 'is not true or false' };
  }
}

export interface ParsedParams<S extends ParamSpecs> {
  values: ParamValues<S>;
  notices: string[];
}

export function parseParams<S extends ParamSpecs>(specs: S, search: URLSearchParams): ParsedParams<S> {
  const values = defaults(specs) as Record<string, unknown>;
  const notices: string[] = [];
  for (const [key, raw] of search) {
    if (PAGE_PARAMS.has(key)) continue;
    const spec = specs[key];
    if (!spec) {
      notices.push(`Ignored unknown setting "${key.slice(0, 40)}".`);
      continue;
    }
    const parsed = parseOne(spec, raw);
    if (parsed.ok) values[key] = parsed.value;
    else notices.push(`Setting "${key}" ${parsed.why}; using the default.`);
  }
  return { values: values as ParamValues<S>, notices };
}

/** Only values that differ from the defaults, so links stay short. */
export function serializeParams<S extends ParamSpecs>(specs: S, values: ParamValues<S>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, spec] of Object.entries(specs)) {
    const value = (values as Record<string, unknown>)[key];
    if (value === undefined || value === spec.default) continue;
    out.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return out;
}
