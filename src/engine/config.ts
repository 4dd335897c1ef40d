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
  };
}
