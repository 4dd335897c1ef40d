// The one gateway to ONNX Runtime (habit 2): picks the execution provider, sets the runtime's defaults, and creates
// and runs every session through one promise queue (WASM/WebGPU sessions must not run concurrently).
// The ORT module itself is passed in: the worker gives it `onnxruntime-web/wasm` or `/webgpu`, the Node tests `onnxruntime-web`.
import type * as OrtTypes from 'onnxruntime-web';
import type { Backend } from './types';

export type Ort = typeof OrtTypes;

/** A tensor as plain data: what ops build and read. */
export interface TensorData {
  data: Float32Array | BigInt64Array;
  dims: readonly number[];
}

export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

/** What the ops see of a session: named inputs in, named float outputs back. */
export interface ModelSession {
  readonly backend: Backend;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
}

export interface RuntimeOptions {
  /** Backend to try first; WASM is always the fallback. */
  backend: Backend;
  /** WASM threads (1 unless the page is cross-origin isolated). */
  threads: number;
  /** Local URLs of ORT's WASM glue and binary; never the CDN default. */
  wasmPaths?: { wasm: string; mjs: string };
  /** ORT log severity (3 = errors only; silences the WebGPU EP's two console warnings). */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
}

export interface Runtime {
  readonly threads: number;
  /** Creates a session from model bytes on the preferred backend, falling back to WASM (with the reason). */
  createSession(bytes: Uint8Array, backend?: Backend): Promise<{ session: ModelSession; fallbackReason?: string }>;
  /** Serialises any work that touches ORT. */
  enqueue<T>(work: () => Promise<T>): Promise<T>;
  /** Wraps a session created elsewhere (transformers.js, for Hub models) so it runs through the same queue; `owner` is
   * the ORT module that created it, whose Tensor class its run() accepts (the worker may hold two ORT builds). */
  adopt(session: unknown, backend: Backend, owner?: Ort): ModelSession;
}

const PROVIDERS: Record<Backend, OrtTypes.InferenceSession.ExecutionProviderConfig[]> = {
  webgpu: ['webgpu'],
  wasm: ['wasm'],
};

export function createRuntime(ort: Ort, options: RuntimeOptions): Runtime {
  const wasmEnv = ort.env.wasm;
  wasmEnv.numThreads = Math.max(1, options.threads);
  wasmEnv.proxy = false;
  if (options.wasmPaths) wasmEnv.wasmPaths = options.wasmPaths;
  ort.env.logLevel = 'error';
  const logSeverityLevel = options.logSeverityLevel ?? 3;

  let tail: Promise<unknown> = Promise.resolve();
  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  }

  function wrap(session: OrtTypes.InferenceSession, backend: Backend, owner: Ort = ort): ModelSession {
    return {
      backend,
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      run: (feeds, fetches) =>
        enqueue(async () => {
          const ortFeeds: Record<string, OrtTypes.Tensor> = {};
          for (const [name, t] of Object.entries(feeds)) {
            ortFeeds[name] = t.data instanceof BigInt64Array ? new owner.Tensor('int64', t.data, t.dims) : new owner.Tensor('float32', t.data, t.dims);
          }
          const out = fetches ? await session.run(ortFeeds, fetches) : await session.run(ortFeeds);
          const plain: Record<string, FloatTensor> = {};
          for (const [name, t] of Object.entries(out)) {
            // getData() downloads a GPU tensor into a new array; on WASM, ORT has already copied the output out of its
            // heap into an array of its own. Either way the array outlives dispose() (which frees the GPU buffer or
            // drops ORT's reference), so it is kept without another copy (fill-mask logits are 7.8 MB at 64 tokens).
            plain[name] = { data: (await t.getData()) as Float32Array, dims: [...t.dims] };
            t.dispose();
          }
          return plain;
        }),
      release: () => enqueue(() => session.release()),
    };
  }

  async function createOn(bytes: Uint8Array, backend: Backend): Promise<ModelSession> {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: PROVIDERS[backend],
      graphOptimizationLevel: 'all',
      logSeverityLevel,
    });
    return wrap(session, backend);
  }

  return {
    threads: wasmEnv.numThreads,
    enqueue,
    adopt: (session, backend, owner) => wrap(session as OrtTypes.InferenceSession, backend, owner),
    createSession: (bytes, backend = options.backend) =>
      enqueue(async () => {
        if (backend === 'wasm') return { session: await createOn(bytes, 'wasm') };
        try {
          return { session: await createOn(bytes, backend) };
        } catch (err) {
          const reason = `WebGPU session creation failed (${err instanceof Error ? err.message : String(err)}); running on WASM instead.`;
          return { session: await createOn(bytes, 'wasm'), fallbackReason: reason };
        }
      }),
  };
}

export function int64(values: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]);
  return out;
}
