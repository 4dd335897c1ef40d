import { env, pipeline } from '@huggingface/transformers';
import * as Comlink from 'comlink';
// The ORT build transformers.js itself imports (`onnxruntime-web/webgpu`, whose binary is the Asyncify one), from a
// local URL, with the engine's thread count. The engine loads the plain WASM build when it runs on WASM
// (src/engine/worker.ts), which changes its load time more than its latency.
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';

type Task = 'text-classification' | 'fill-mask';
type Run = (text: string | string[], options: Record<string, unknown>) => Promise<unknown>;
const pipes = new Map<Task, Run>();

const api = {
  /** Loads `modelId` from `modelBaseUrl` (the article's bundled models/ folder), offline, int8. */
  async load(task: Task, modelId: string, modelBaseUrl: string, threads: number): Promise<void> {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    // a path, not an absolute URL: transformers.js 4.3.1 skips its local existence check for http(s) URLs, finds no
    // tokenizer_config.json and builds the pipeline without a tokenizer ("this.tokenizer is not a function")
    env.localModelPath = new URL(modelBaseUrl, self.location.href).pathname;
    env.useBrowserCache = false;
    // transformers.js would re-import ORT's factory from a blob: URL, which the article's CSP (script-src 'self')
    // refuses; load it from its own URL, as the engine does
    env.useWasmCache = false;
    const wasm = env.backends.onnx.wasm;
    if (wasm) {
      wasm.wasmPaths = { wasm: wasmUrl, mjs: mjsUrl };
      wasm.numThreads = self.crossOriginIsolated ? threads : 1;
    }
    pipes.set(task, (await pipeline(task, modelId, { dtype: 'q8', device: 'wasm' })) as unknown as Run);
  },
  /** One call of the pipeline, as a reader of the transformers.js docs would write it: all classes, or the top k fills. */
  async run(task: Task, text: string | string[], topK: number): Promise<unknown> {
    const run = pipes.get(task);
    if (!run) throw new Error(`${task} pipeline not loaded`);
    return run(text, task === 'fill-mask' ? { top_k: topK } : { top_k: null });
  },
};
export type PipelineBaseline = typeof api;
Comlink.expose(api);
