// A widget's shareable state. Initial values come from the URL when this page is the widget's embed
// page (/embed/<name>) or an article share link (?widget=<name>&...); otherwise from the defaults.
import { useMemo, useState } from 'react';
import { parseParams, defaults, type ParamSpecs, type ParamValues } from '../params';

export function embeddedWidgetName(): string | null {
  if (typeof location === 'undefined') return null;
  const match = location.pathname.match(/\/embed\/([a-z0-9-]+)\/?$/);
  if (match) return match[1];
  return new URLSearchParams(location.search).get('widget');
}

/** The page-level ?backend= setting is read by the engine (auto, wasm or webgpu); anything else is ignored, and said so. */
export function backendNotice(search: URLSearchParams): string | null {
  const raw = search.get('backend');
  if (raw === null || raw === 'auto' || raw === 'wasm' || raw === 'webgpu') return null;
  return `Setting "backend" is not one of auto, wasm, webgpu; choosing automatically.`;
}

export interface WidgetParams<S extends ParamSpecs> {
  values: ParamValues<S>;
  set: <K extends keyof S>(key: K, value: ParamValues<S>[K]) => void;
  notices: string[];
  specs: S;
}

export function useWidgetParams<S extends ParamSpecs>(name: string, specs: S, overrides?: Partial<ParamValues<S>>): WidgetParams<S> {
  const initial = useMemo(() => {
    if (typeof location !== 'undefined' && embeddedWidgetName() === name) {
      const search = new URLSearchParams(location.search);
      const parsed = parseParams(specs, search);
      const notice = backendNotice(search);
      return notice ? { ...parsed, notices: [...parsed.notices, notice] } : parsed;
    }
    return { values: { ...defaults(specs), ...overrides } as ParamValues<S>, notices: [] };
    // The URL is read once, at mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);
  const [values, setValues] = useState(initial.values);
  const set = <K extends keyof S>(key: K, value: ParamValues<S>[K]) => setValues((v) => ({ ...v, [key]: value }));
  return { values, set, notices: initial.notices, specs };
}
