// Shared pieces of the ops: batching tokenizations into int64 feeds, softmax, the classification record.
import { EngineError } from '../errors';
import { int64, type ModelSession, type TensorData } from '../runtime';
import type { TextTokenizer } from '../tokenizer';
import type { ClassifyResult, ModelInfo, Tokenization } from '../types';

/** Everything an op needs of a loaded model. */
export interface LoadedModel {
  info: ModelInfo;
  tokenizer: TextTokenizer;
  /** onnx/model_quantized.onnx: logits, attentions [L,B,H,T,T], hidden_states [L+1,B,T,D] */
  model: ModelSession;
  /** onnx/gradients.onnx (classifier only), loaded on first use. */
  gradients?: () => Promise<ModelSession>;
}

/** Right-pads token id rows into the model's three int64 [B, T] inputs. */
export function batchFeeds(rows: number[][], padId: number): { feeds: Record<string, TensorData>; T: number } {
  const B = rows.length;
  const T = Math.max(...rows.map((r) => r.length));
  const ids = new Array<number>(B * T).fill(padId);
  const mask = new Array<number>(B * T).fill(0);
  for (const [b, row] of rows.entries()) {
    for (const [t, id] of row.entries()) {
      ids[b * T + t] = id;
      mask[b * T + t] = 1;
    }
  }
  return {
    T,
    feeds: {
      input_ids: { data: int64(ids), dims: [B, T] },
      attention_mask: { data: int64(mask), dims: [B, T] },
      token_type_ids: { data: new BigInt64Array(B * T), dims: [B, T] },
    },
  };
}

export function softmax(values: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] / temperature);
  const exps = Array.from(values, (v) => Math.exp(v / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export function classification(info: ModelInfo, tokenization: Tokenization, logits: ArrayLike<number>): ClassifyResult {
  const list = Array.from(logits);
  return {
    tokenization,
    labels: info.labels,
    logits: list,
    probabilities: softmax(list, info.temperature),
    predicted: argmax(list),
    temperature: info.temperature,
  };
}

export function requireClassifier(m: LoadedModel): void {
  if (m.info.task !== 'text-classification') {
    throw new EngineError('unsupported', `${m.info.id} is a ${m.info.task} model; this needs a text-classification model.`);
  }
}

export function requireTarget(m: LoadedModel, target: number): void {
  if (!Number.isInteger(target) || target < 0 || target >= m.info.labels.length) {
    throw new EngineError('failed', `Class ${target} does not exist: ${m.info.id} has ${m.info.labels.length} classes.`);
  }
}

/** Runs rows in chunks of at most `chunk` sequences, concatenating one output along the batch axis. */
export async function runChunked(session: ModelSession, rows: number[][], padId: number, output: string, chunk = 16): Promise<{ data: Float32Array; dims: number[] }> {
  const parts: Float32Array[] = [];
  let dims: number[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const { feeds } = batchFeeds(rows.slice(i, i + chunk), padId);
    const out = (await session.run(feeds, [output]))[output];
    parts.push(out.data);
    dims = out.dims;
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.length;
  }
  return { data, dims: [rows.length, ...dims.slice(1)] };
}
