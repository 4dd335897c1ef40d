// The engine's Web Worker: a thin Comlink shell around the engine core. The only module that loads ONNX Runtime
// and the tokenizers.
//
// Two ORT builds, one per backend. WebGPU needs the `onnxruntime-web/webgpu` entry (the one transformers.js imports),
// whose WASM binary is built with Asyncify so that GPU reads can await, and carries the WebGPU kernels: 27 MB. When
// the backend is WASM the engine loads the plain `onnxruntime-web/wasm` build instead (14 MB). Kernels run at the same
// speed in both, but the smaller binary compiles faster: in scripts/bench-engine.mjs, loading the cached classifier
// took 1.4 s instead of 2.9 s and the cached MLM 0.2 s instead of 0.44 s. Only the binary in use is downloaded.
import * as Comlink from 'comlink';
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import asyncifyMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import plainMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import type { EngineSettings } from './config';
import type { EngineCore } from './engine';
import type { AttributeOptions, AttributionMethod, Backend, LoadOptions, LoadProgress } from './types';

let settings: EngineSettings | null = null;
let core: Promise<EngineCore> | null = null;

/** True only when requestAdapter() really returns an adapter (navigator.gpu alone proves nothing). */
async function webgpuAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return Boolean(await gpu.requestAdapter());
  } catch {
    return false;
  }
}

async function boot(s: EngineSettings): Promise<EngineCore> {
  const [{ createEngineCore }, { createRuntime }, { createFetchSource }, { createHubLoader }, adapter] = await Promise.all([
    import('./engine'),
    import('./runtime'),
    import('./source'),
    import('./hub'),
    webgpuAdapter(),
  ]);
  let backend: Backend = s.backend === 'wasm' ? 'wasm' : adapter ? 'webgpu' : 'wasm';
  let fallbackReason: string | undefined;
  if (s.backend === 'webgpu' && !adapter) {
    fallbackReason = 'WebGPU was asked for, but this browser offers no WebGPU adapter; running on WASM.';
    backend = 'wasm';
  }
  const threads = self.crossOriginIsolated ? s.threads : 1;
  const ort = backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  const wasmPaths = backend === 'webgpu' ? { wasm: asyncifyWasmUrl, mjs: asyncifyMjsUrl } : { wasm: plainWasmUrl, mjs: plainMjsUrl };
  const runtime = createRuntime(ort, { backend, threads, wasmPaths, logSeverityLevel: 3 });
  const source = createFetchSource({ baseUrl: new URL(s.modelBaseUrl, self.location.href).href, cacheName: s.cacheName });
  return createEngineCore({
    runtime,
    source,
    backend,
    environment: { crossOriginIsolated: self.crossOriginIsolated, webgpuAdapter: adapter, fallbackReason },
    hub: createHubLoader(runtime, backend, {
      wasmPaths: { wasm: asyncifyWasmUrl, mjs: asyncifyMjsUrl },
      ortModule: () => import('onnxruntime-web/webgpu'),
    }),
  });
}

function engine(): Promise<EngineCore> {
  if (!settings) throw new Error('engine not configured');
  core ??= boot(settings).catch((err) => {
    core = null;
    throw err;
  });
  return core;
}

/** Typed arrays in a result are transferred, not copied. */
function transferring<T extends object>(result: T): T {
  const buffers = Object.values(result).flatMap((v) => (ArrayBuffer.isView(v) ? [v.buffer as ArrayBuffer] : []));
  return buffers.length ? Comlink.transfer(result, buffers) : result;
}

const api = {
  configure(next: EngineSettings) {
    settings = next;
  },
  ping: () => 'pong' as const,
  status: async () => (await engine()).status(),
  listModels: async () => (await engine()).listModels(),
  load: async (modelId: string, onProgress?: (p: LoadProgress) => void, options?: LoadOptions) =>
    (await engine()).load(modelId, onProgress ? (p) => void onProgress(p) : undefined, options),
  tokenize: async (modelId: string, text: string, maxLength?: number) => (await engine()).tokenize(modelId, text, maxLength),
  fillMask: async (modelId: string, text: string, topK?: number) => (await engine()).fillMask(modelId, text, topK),
  classify: async (modelId: string, text: string) => (await engine()).classify(modelId, text),
  classifyBatch: async (modelId: string, texts: string[]) => (await engine()).classifyBatch(modelId, texts),
  encode: async (modelId: string, text: string) => transferring(await (await engine()).encode(modelId, text)),
  ablate: async (modelId: string, text: string, headMask: number[][]) => (await engine()).ablate(modelId, text, headMask),
  attribute: async (modelId: string, text: string, method: AttributionMethod, options?: AttributeOptions) => (await engine()).attribute(modelId, text, method, options),
  compare: async (modelId: string, textA: string, tokenIndexA: number, textB: string, tokenIndexB: number) =>
    (await engine()).compare(modelId, textA, tokenIndexA, textB, tokenIndexB),
};
export type EngineWorkerApi = typeof api;
Comlink.expose(api);
