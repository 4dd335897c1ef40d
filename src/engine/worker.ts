// The engine's Web Worker: the only place that loads tokenizers and ONNX sessions.
import * as Comlink from 'comlink';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { EngineSettings } from './config';
import type { Tokenization, Token } from './types';

let settings: EngineSettings | null = null;
const tokenizers = new Map<string, Promise<PreTrainedTokenizer>>();

function configure(next: EngineSettings) {
  settings = next;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = new URL(next.modelBaseUrl, self.location.href).href;
}

function tokenizerFor(modelId: string): Promise<PreTrainedTokenizer> {
  if (!settings) throw new Error('engine not configured');
  let pending = tokenizers.get(modelId);
  if (!pending) {
    pending = AutoTokenizer.from_pretrained(modelId);
    pending.catch(() => tokenizers.delete(modelId));
    tokenizers.set(modelId, pending);
  }
  return pending;
}

async function tokenize(modelId: string, text: string, maxLength = 512): Promise<Tokenization> {
  const tokenizer = await tokenizerFor(modelId);
  const full = tokenizer.encode(text, { add_special_tokens: false });
  const encoded = tokenizer(text, { truncation: true, max_length: maxLength });
  const ids = Array.from(encoded.input_ids.data as BigInt64Array, Number);
  const tokens: Token[] = ids.map((id) => ({
    id,
    text: tokenizer.decode([id]),
    start: 0,
    end: 0,
    special: tokenizer.all_special_ids.includes(id),
  }));
  return {
    tokens,
    inputIds: ids,
    attentionMask: Array.from(encoded.attention_mask.data as BigInt64Array, Number),
    tokenTypeIds: ids.map(() => 0),
    truncated: full.length > maxLength - 2,
    fullLength: full.length,
    maxLength,
  };
}

const api = { configure, tokenize };
export type EngineWorkerApi = typeof api;
Comlink.expose(api);
