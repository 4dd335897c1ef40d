// The engine core: loads models by id (bundled folders from models/manifest.json, or Hub ids through transformers.js)
// and runs the ops on them. Plain functions over a Runtime and a ModelSource, so the Node tests run exactly this code;
// the worker is a thin Comlink shell around it.
import { EngineError } from './errors';
import * as ops from './ops';
import type { LoadedModel } from './ops';
import type { Runtime } from './runtime';
import type { FileRecord, ModelSource } from './source';
import { parseJsonBytes } from './source';
import { createTokenizer, type TextTokenizer } from './tokenizer';
import type {
  AblationResult, AttributeOptions, AttributionMethod, AttributionResult, Backend, ClassifyResult, CompareResult, EncodeResult,
  EngineStatus, FillMaskResult, LoadOptions, LoadProgress, ModelEntry, ModelInfo, Tokenization,
} from './types';

export type HubLoader = (modelId: string, onProgress: (p: LoadProgress) => void) => Promise<LoadedModel>;

export interface EngineCoreOptions {
  runtime: Runtime;
  source: ModelSource;
  /** The backend chosen for this page (WebGPU only when an adapter exists, or when asked for). */
  backend: Backend;
  environment: { crossOriginIsolated: boolean; webgpuAdapter: boolean; fallbackReason?: string };
  hub?: HubLoader;
}

interface Godeep {
  labels?: string[] | null;
  temperature?: number;
  max_length?: number;
  files?: FileRecord[];
  [key: string]: unknown;
}

interface HfConfig {
  num_hidden_layers: number;
  num_attention_heads: number;
  hidden_size: number;
  intermediate_size: number;
  vocab_size: number;
  max_position_embeddings?: number;
  id2label?: Record<string, string>;
}

const MODEL_FILE = 'onnx/model_quantized.onnx';
const GRADIENTS_FILE = 'onnx/gradients.onnx';

export type EngineCore = ReturnType<typeof createEngineCore>;

export function createEngineCore({ runtime, source, backend, environment, hub }: EngineCoreOptions) {
  const models = new Map<string, Promise<LoadedModel>>();
  let fallbackReason = environment.fallbackReason;
  let manifest: Promise<ModelEntry[]> | null = null;

  const listModels = () => {
    manifest ??= source.manifest().catch((err) => {
      manifest = null;
      throw err;
    });
    return manifest;
  };

  interface LocalFiles {
    config: HfConfig;
    godeep: Godeep;
    tokenizer: TextTokenizer;
    maxLength: number;
    record: (path: string) => FileRecord;
  }
  const tokenizers = new Map<string, Promise<LocalFiles>>();
  const godeeps = new Map<string, Promise<Godeep>>();
  /** godeep.json once per model and page (a failed read is forgotten). */
  const godeepOf = (id: string): Promise<Godeep> => {
    let pending = godeeps.get(id);
    if (!pending) {
      pending = source.json<Godeep>(id, 'godeep.json');
      godeeps.set(id, pending);
      pending.catch(() => godeeps.get(id) === pending && godeeps.delete(id));
    }
    return pending;
  };
  const listeners = new Map<string, Set<(p: LoadProgress) => void>>();
  const broadcast = (modelId: string) => (p: LoadProgress) => {
    for (const fn of listeners.get(modelId) ?? []) fn(p);
  };

  /** The small files and the tokenizer: all tokenize() needs, so a token counter never waits for the ONNX model. */
  function localFiles(entry: ModelEntry, onTokenizerBytes?: (n: number) => void): Promise<LocalFiles> {
    let pending = tokenizers.get(entry.id);
    if (!pending) {
      pending = (async () => {
        const id = entry.id;
        const [config, godeep, tokenizerConfig] = await Promise.all([
          source.json<HfConfig>(id, 'config.json'),
          godeepOf(id),
          source.json<Record<string, unknown>>(id, 'tokenizer_config.json'),
        ]);
        const record = (path: string): FileRecord => godeep.files?.find((f) => f.path === path) ?? { path };
        const bytes = await source.bytes(id, record('tokenizer.json'), onTokenizerBytes);
        const maxLength = godeep.max_length ?? config.max_position_embeddings ?? 512;
        const tokenizer = createTokenizer({ tokenizerJson: parseJsonBytes(bytes, `${id}/tokenizer.json`), tokenizerConfig }, maxLength);
        return { config, godeep, tokenizer, maxLength, record };
      })();
      tokenizers.set(entry.id, pending);
      pending.catch(() => tokenizers.get(entry.id) === pending && tokenizers.delete(entry.id));
    }
    return pending;
  }

  async function entryFor(modelId: string): Promise<ModelEntry> {
    const entry = (await listModels()).find((m) => m.id === modelId);
    if (!entry) throw new EngineError('not-found', `There is no model "${modelId}" in models/manifest.json.`);
    return entry;
  }

  async function loadLocal(entry: ModelEntry, withGradients: boolean): Promise<LoadedModel> {
    const id = entry.id;
    const onProgress = broadcast(id);
    const files = (await godeepOf(id)).files ?? [];
    const record = (path: string): FileRecord => files.find((f) => f.path === path) ?? { path };
    const hasGradientsFile = entry.task === 'text-classification' && files.some((f) => f.path === GRADIENTS_FILE);
    const wanted = [record('tokenizer.json'), record(MODEL_FILE), ...(withGradients && hasGradientsFile ? [record(GRADIENTS_FILE)] : [])];
    const progress = progressReporter(id, wanted, onProgress);
    const [{ config, godeep, tokenizer, maxLength }, modelBytes] = await Promise.all([localFiles(entry, progress(0)), source.bytes(id, wanted[1], progress(1))]);
    progress(0)(wanted[0].bytes ?? 0);
    const gradientBytes = wanted[2] ? source.bytes(id, wanted[2], progress(2)) : null;
    const created = await runtime.createSession(modelBytes, backend);
    if (created.fallbackReason) fallbackReason = created.fallbackReason;
    const labels = godeep.labels ?? (config.id2label ? Object.keys(config.id2label).sort((a, b) => +a - +b).map((k) => config.id2label![k]) : []);
    const info: ModelInfo = {
      id,
      task: entry.task,
      labels: entry.task === 'fill-mask' ? [] : labels,
      temperature: godeep.temperature ?? 1,
      numLayers: config.num_hidden_layers,
      numHeads: config.num_attention_heads,
      hiddenSize: config.hidden_size,
      intermediateSize: config.intermediate_size,
      vocabSize: config.vocab_size,
      maxLength,
      backend: created.session.backend,
      threads: runtime.threads,
      ...(created.fallbackReason ? { fallbackReason: created.fallbackReason } : {}),
      source: 'local',
      hasGradients: false,
      maskToken: tokenizer.maskToken,
      maskTokenId: tokenizer.maskId,
      recipe: godeep,
    };
    let gradients: Promise<ModelSession> | null = null;
    const model: LoadedModel = { info, tokenizer, model: created.session };
    if (hasGradientsFile) {
      model.gradients = () => {
        gradients ??= (async () => {
          const bytes = await (gradientBytes ?? source.bytes(id, record(GRADIENTS_FILE)));
          // The gradient graph runs on WASM: its backward pass needs ops the WebGPU EP falls back on anyway.
          const s = (await runtime.createSession(bytes, 'wasm')).session;
          info.hasGradients = true;
          return s;
        })().catch((err) => {
          gradients = null;
          throw err;
        });
        return gradients;
      };
      if (gradientBytes) await model.gradients();
    }
    return model;
  }

  async function load(modelId: string, onProgress: (p: LoadProgress) => void = () => {}, options: LoadOptions = {}): Promise<ModelInfo> {
    let set = listeners.get(modelId);
    if (!set) {
      set = new Set();
      listeners.set(modelId, set);
    }
    set.add(onProgress);
    let pending = models.get(modelId);
    if (!pending) {
      pending = (async () => {
        if (modelId.includes('/')) {
          if (!hub) throw new EngineError('unsupported', `Hub models are not available here (${modelId}).`);
          return hub(modelId, broadcast(modelId));
        }
        return loadLocal(await entryFor(modelId), Boolean(options.gradients));
      })();
      models.set(modelId, pending);
      // A failed load is forgotten, so that retry starts over (and re-fetches: nothing damaged was cached).
      pending.catch(() => models.get(modelId) === pending && models.delete(modelId));
    }
    const m = await pending.finally(() => set.delete(onProgress));
    if (options.gradients && m.gradients && !m.info.hasGradients) await m.gradients();
    return { ...m.info };
  }

  const get = async (modelId: string): Promise<LoadedModel> => {
    await load(modelId);
    return models.get(modelId)!;
  };

  return {
    status: async (): Promise<EngineStatus> => ({
      backend,
      threads: runtime.threads,
      crossOriginIsolated: environment.crossOriginIsolated,
      webgpuAdapter: environment.webgpuAdapter,
      ...(fallbackReason ? { fallbackReason } : {}),
      loaded: [...models.keys()],
    }),
    listModels,
    load,
    tokenize: async (modelId: string, text: string, maxLength?: number): Promise<Tokenization> =>
      (modelId.includes('/') ? (await get(modelId)).tokenizer : (await localFiles(await entryFor(modelId))).tokenizer).tokenize(text, maxLength),
    fillMask: async (modelId: string, text: string, topK = 5): Promise<FillMaskResult> => ops.fillMask(await get(modelId), text, topK),
    classify: async (modelId: string, text: string): Promise<ClassifyResult> => ops.classify(await get(modelId), text),
    classifyBatch: async (modelId: string, texts: string[]): Promise<ClassifyResult[]> => ops.classifyBatch(await get(modelId), texts),
    encode: async (modelId: string, text: string): Promise<EncodeResult> => ops.encode(await get(modelId), text),
    ablate: async (modelId: string, text: string, headMask: number[][]): Promise<AblationResult> => ops.ablate(await needsGradients(modelId), text, headMask),
    attribute: async (modelId: string, text: string, method: AttributionMethod, options: AttributeOptions = {}): Promise<AttributionResult> =>
      ops.attribute(method === 'occlusion' || method === 'attention-rollout' ? await get(modelId) : await needsGradients(modelId), text, method, options),
    compare: async (modelId: string, textA: string, tokenIndexA: number, textB: string, tokenIndexB: number): Promise<CompareResult> =>
      ops.compare(await get(modelId), textA, tokenIndexA, textB, tokenIndexB),
  };

  async function needsGradients(modelId: string): Promise<LoadedModel> {
    const m = await get(modelId);
    if (!m.gradients) throw new EngineError('unsupported', `${modelId} has no gradient graph (onnx/gradients.onnx), so it cannot ablate heads or compute gradients.`);
    return m;
  }
}

type ModelSession = import('./runtime').ModelSession;

function progressReporter(modelId: string, files: FileRecord[], onProgress: (p: LoadProgress) => void) {
  const loaded = files.map(() => 0);
  const totalBytes = files.reduce((n, f) => n + (f.bytes ?? 0), 0);
  let last = -1;
  return (index: number) => (bytes: number) => {
    loaded[index] = bytes;
    const loadedBytes = loaded.reduce((a, b) => a + b, 0);
    const percent = totalBytes ? Math.min(100, (100 * loadedBytes) / totalBytes) : 0;
    // At most ~200 messages per load: progress crosses the worker boundary.
    if (percent - last < 0.5 && loadedBytes !== totalBytes) return;
    last = percent;
    onProgress({ modelId, file: files[index].path, loadedBytes, totalBytes, percent });
  };
}
