// One settings object for the engine (habit: transformers.js's `env`). Widgets never probe the browser
// themselves; they read these settings and the status the engine reports.
import type { BackendChoice } from './types';

export interface EngineSettings {
  /** URL prefix of the bundled Hugging Face-layout model folders (ends with '/'). */
  modelBaseUrl: string;
  backend: BackendChoice;
  /** WASM threads; only honoured when the page is cross-origin isolated. */
  threads: number;
  /** Cache Storage name for model files. */
  cacheName: string;
  /** A call that has not answered after this long (and a load with no progress for this long) counts as a hung
   * worker: it is terminated, pending calls are rejected, and the next call starts a new one. */
  callTimeoutMs: number;
}

function backendFromUrl(): BackendChoice {
  if (typeof location === 'undefined') return 'auto';
  const value = new URLSearchParams(location.search).get('backend');
  return value === 'wasm' || value === 'webgpu' ? value : 'auto';
}

export function defaultSettings(): EngineSettings {
  const base = (import.meta.env?.BASE_URL ?? '/') as string;
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return {
    modelBaseUrl: `${base}models/`,
    backend: backendFromUrl(),
    threads: Math.max(1, Math.min(4, cores)),
    cacheName: 'go-deep-models-v1',
    callTimeoutMs: 180_000,
  };
}

/** `?debug=engine` exposes the engine handle as window.__goDeepEngine (for the e2e tests and the benchmark). */
export function debugEngineFromUrl(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('debug') === 'engine';
}
