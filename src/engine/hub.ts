// Remote Hugging Face Hub ids (e.g. "Xenova/bert-base-uncased") go through transformers.js's own loading and cache,
// with remote models allowed for that call only. Its ORT session is adopted by our runtime, so the same ops run on it
// (ops that need extra outputs, such as encode's attentions, fail clearly when the export has none).
import * as transformers from '@huggingface/transformers';
import { EngineError } from './errors';
import type { LoadedModel } from './ops';
import type { Ort, Runtime } from './runtime';
import { wrapTokenizer } from './tokenizer';
import type { Backend, LoadProgress, ModelInfo } from './types';

/** In the browser, transformers.js runs Hub models on its own ORT instance (`onnxruntime-web/webgpu`), which may not be
 * the engine's: where that instance finds its binary (never the CDN default), and the module itself. */
export interface HubRuntime {
  wasmPaths: { wasm: string; mjs: string };
  ortModule: () => Promise<Ort>;
}

export function createHubLoader(runtime: Runtime, backend: Backend, hubRuntime?: HubRuntime) {
  return async (modelId: string, onProgress: (p: LoadProgress) => void): Promise<LoadedModel> => {
    const { env } = transformers;
    const onnxWasm = env.backends.onnx.wasm;
    if (hubRuntime && onnxWasm) {
      onnxWasm.wasmPaths = hubRuntime.wasmPaths;
      onnxWasm.numThreads = runtime.threads;
    }
    const saved = { allowRemoteModels: env.allowRemoteModels, allowLocalModels: env.allowLocalModels };
    env.allowRemoteModels = true;
    env.allowLocalModels = false;
    const progress_callback = (p: transformers.ProgressInfo) => {
      if (p.status === 'progress') onProgress({ modelId, file: p.file, loadedBytes: p.loaded, totalBytes: p.total, percent: p.progress });
    };
    try {
      const tokenizer = await transformers.AutoTokenizer.from_pretrained(modelId, { progress_callback });
      const config = (await transformers.AutoConfig.from_pretrained(modelId)) as unknown as Record<string, unknown>;
      const architecture = String((config.architectures as string[] | undefined)?.[0] ?? '');
      const task: ModelInfo['task'] = architecture.includes('SequenceClassification') ? 'text-classification' : 'fill-mask';
      const Cls = task === 'fill-mask' ? transformers.AutoModelForMaskedLM : transformers.AutoModelForSequenceClassification;
      const model = await Cls.from_pretrained(modelId, { device: backend, dtype: 'q8', progress_callback });
      const session = (model as unknown as { sessions: Record<string, unknown> }).sessions.model;
      const normalizer = (tokenizer as unknown as { _tokenizerJSON?: { normalizer?: object } })._tokenizerJSON?.normalizer ?? {};
      const maxLength = Math.min(512, Number(config.max_position_embeddings ?? 512));
      const text = wrapTokenizer(tokenizer, normalizer, maxLength);
      const id2label = (config.id2label ?? {}) as Record<string, string>;
      const info: ModelInfo = {
        id: modelId, task,
        labels: task === 'fill-mask' ? [] : Object.keys(id2label).sort((a, b) => +a - +b).map((k) => id2label[k]),
        temperature: 1,
        numLayers: Number(config.num_hidden_layers), numHeads: Number(config.num_attention_heads), hiddenSize: Number(config.hidden_size),
        intermediateSize: Number(config.intermediate_size), vocabSize: Number(config.vocab_size), maxLength,
        backend, threads: runtime.threads, source: 'hub', hasGradients: false,
        maskToken: text.maskToken, maskTokenId: text.maskId, recipe: {},
      };
      // The session belongs to the ORT instance transformers.js imports: feed it that instance's tensors.
      return { info, tokenizer: text, model: runtime.adopt(session, backend, await hubRuntime?.ortModule()) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/fetch|network|offline|Failed to|Could not locate|not found/i.test(message)) {
        throw new EngineError('offline', `Could not download ${modelId} from the Hugging Face Hub (${message}). The Hub may be unreachable, or the page is offline.`);
      }
      throw new EngineError('failed', `Could not load ${modelId} from the Hugging Face Hub: ${message}`);
    } finally {
      env.allowRemoteModels = saved.allowRemoteModels;
      env.allowLocalModels = saved.allowLocalModels;
    }
  };
}
