// The main-thread handle on the engine worker. One worker per page, created on first use. If the worker dies (an
// `error` event) or hangs (no answer within settings.callTimeoutMs), pending calls are rejected with a clear message
// and the next call starts a fresh worker.
import * as Comlink from 'comlink';
import { createChannel, type Channel } from './coalesce';
import { debugEngineFromUrl, defaultSettings } from './config';
import { EngineError } from './errors';
import type { EngineWorkerApi } from './worker';
import type {
  AblationResult, AttributeOptions, AttributionMethod, AttributionResult, ClassifyResult, CompareResult, EncodeResult, EngineStatus,
  FillMaskResult, LoadOptions, LoadProgress, ModelEntry, ModelInfo, Tokenization,
} from './types';

export interface Engine {
  status(): Promise<EngineStatus>;
  listModels(): Promise<ModelEntry[]>;
  load(modelId: string, onProgress?: (p: LoadProgress) => void, options?: LoadOptions): Promise<ModelInfo>;
  tokenize(modelId: string, text: string, maxLength?: number): Promise<Tokenization>;
  fillMask(modelId: string, text: string, topK?: number): Promise<FillMaskResult>;
  classify(modelId: string, text: string): Promise<ClassifyResult>;
  classifyBatch(modelId: string, texts: string[]): Promise<ClassifyResult[]>;
  encode(modelId: string, text: string): Promise<EncodeResult>;
  ablate(modelId: string, text: string, headMask: number[][]): Promise<AblationResult>;
  attribute(modelId: string, text: string, method: AttributionMethod, options?: AttributeOptions): Promise<AttributionResult>;
  compare(modelId: string, textA: string, tokenIndexA: number, textB: string, tokenIndexB: number): Promise<CompareResult>;
  /** The same operations through a named channel: a newer request replaces an older one still waiting there. */
  channel(name: string): Omit<Engine, 'channel'>;
}

type Op = Exclude<keyof Engine, 'channel'>;
const OPS: Op[] = ['status', 'listModels', 'load', 'tokenize', 'fillMask', 'classify', 'classifyBatch', 'encode', 'ablate', 'attribute', 'compare'];

interface Live {
  worker: Worker;
  remote: Comlink.Remote<EngineWorkerApi>;
  pending: Set<(err: Error) => void>;
  timeoutMs: number;
  die: (why: string) => void;
}

let live: Live | null = null;
let engine: Engine | null = null;
const channels = new Map<string, Omit<Engine, 'channel'>>();

function start(): Live {
  const settings = defaultSettings();
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'go-deep-engine' });
  const remote = Comlink.wrap<EngineWorkerApi>(worker);
  const me: Live = { worker, remote, pending: new Set(), timeoutMs: settings.callTimeoutMs, die: (why) => die(why) };
  const die = (why: string) => {
    if (live === me) live = null;
    worker.terminate();
    const err = new EngineError('worker-died', `The model engine stopped (${why}). Retry: a fresh engine starts on the next request.`);
    for (const reject of [...me.pending]) reject(err);
    me.pending.clear();
  };
  worker.addEventListener('error', (e) => die(e.message || 'the worker crashed'));
  worker.addEventListener('messageerror', () => die('a message could not be read'));
  void remote.configure(settings);
  return me;
}

/** Runs one call on the live worker; rejects if the worker dies, or hangs with no sign of life for timeoutMs. */
function call<T>(run: (remote: Comlink.Remote<EngineWorkerApi>, alive: () => void) => Promise<T>): Promise<T> {
  live ??= start();
  const me = live;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => me.die(`no answer for ${Math.round(me.timeoutMs / 1000)} s`), me.timeoutMs);
    };
    const settle = () => {
      clearTimeout(timer);
      me.pending.delete(reject);
    };
    me.pending.add(reject);
    alive();
    run(me.remote, alive).then(
      (v) => {
        settle();
        resolve(v);
      },
      (e) => {
        settle();
        reject(e);
      },
    );
  });
}

function direct(): Omit<Engine, 'channel'> {
  return {
    status: () => call((r) => r.status()),
    listModels: () => call((r) => r.listModels()),
    load: (modelId, onProgress, options) =>
      call((r, alive) =>
        r.load(
          modelId,
          Comlink.proxy((p: LoadProgress) => {
            alive();
            onProgress?.(p);
          }),
          options,
        ),
      ),
    tokenize: (modelId, text, maxLength) => call((r) => r.tokenize(modelId, text, maxLength)),
    fillMask: (modelId, text, topK) => call((r) => r.fillMask(modelId, text, topK)),
    classify: (modelId, text) => call((r) => r.classify(modelId, text)),
    classifyBatch: (modelId, texts) => call((r) => r.classifyBatch(modelId, texts)),
    encode: (modelId, text) => call((r) => r.encode(modelId, text)),
    ablate: (modelId, text, headMask) => call((r) => r.ablate(modelId, text, headMask)),
    attribute: (modelId, text, method, options) => call((r) => r.attribute(modelId, text, method, options)),
    compare: (modelId, textA, a, textB, b) => call((r) => r.compare(modelId, textA, a, textB, b)),
  };
}

function throughChannel(base: Omit<Engine, 'channel'>, channel: Channel): Omit<Engine, 'channel'> {
  const out = {} as Record<Op, unknown>;
  for (const op of OPS) out[op] = (...args: unknown[]) => channel(() => (base[op] as (...a: unknown[]) => Promise<unknown>)(...args));
  return out as Omit<Engine, 'channel'>;
}

export function getEngine(): Engine {
  if (!engine) {
    const base = direct();
    engine = {
      ...base,
      channel(name) {
        let c = channels.get(name);
        if (!c) {
          c = throughChannel(base, createChannel());
          channels.set(name, c);
        }
        return c;
      },
    };
  }
  return engine;
}

/** For tests: kill the current worker as if it had crashed. */
export function killEngineWorker(): void {
  live?.die('terminated on request');
}

if (typeof window !== 'undefined' && debugEngineFromUrl()) {
  Object.defineProperty(window, '__goDeepEngine', { configurable: true, get: getEngine });
  Object.defineProperty(window, '__goDeepKillEngine', { configurable: true, value: killEngineWorker });
}
