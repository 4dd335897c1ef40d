// Token attributions for a classifier's target logit:
//   occlusion            logit[target](x) - logit[target](x with token i left out), all leave-one-out texts batched
//   gradient-x-input     sum_h x[t,h] * d logit / d x[t,h] at x (gradients.onnx, alpha = 1)
//   integrated-gradients sum_h x[t,h] * mean over alpha in [0, 1] of the gradient at alpha * x (baseline 0, trapezoid
//                        rule over steps + 1 alphas, batched); completeness: sum_t IG[t] vs logit(x) - logit(0)
//   attention-rollout    Abnar & Zuidema (2020): R = prod_l (0.5 * mean_heads(A_l) + 0.5 * I), rows renormalised;
//                        the score of token t is R[CLS, t]
import { EngineError, requireText } from '../errors';
import type { AttributeOptions, AttributionMethod, AttributionResult, Completeness, Tokenization } from '../types';
import { batchFeeds, classification, requireClassifier, requireTarget, runChunked, type LoadedModel } from './common';
import { encodeTokens } from './encode';

const METHODS: Record<AttributionMethod, (m: LoadedModel, tok: Tokenization, target: number | undefined, o: AttributeOptions) => Promise<Omit<AttributionResult, 'tokenization' | 'method'>>> = {
  occlusion,
  'gradient-x-input': (m, tok, target) => gradients(m, tok, target, 0),
  'integrated-gradients': (m, tok, target, o) => gradients(m, tok, target, o.steps ?? 20),
  'attention-rollout': rollout,
};

export async function attribute(m: LoadedModel, text: string, method: AttributionMethod, options: AttributeOptions = {}): Promise<AttributionResult> {
  requireClassifier(m);
  requireText(text);
  const run = METHODS[method];
  if (!run) throw new EngineError('unsupported', `Unknown attribution method "${method}"; use one of ${Object.keys(METHODS).join(', ')}.`);
  if (options.target !== undefined) requireTarget(m, options.target);
  const tokenization = m.tokenizer.tokenize(text, m.info.maxLength);
  return { tokenization, method, ...(await run(m, tokenization, options.target, options)) };
}

async function occlusion(m: LoadedModel, tok: Tokenization, target: number | undefined) {
  const ids = tok.inputIds;
  const positions = tok.tokens.flatMap((t, i) => (t.special ? [] : [i]));
  const rows = [ids, ...positions.map((p) => ids.filter((_, i) => i !== p))];
  const { data, dims } = await runChunked(m.model, rows, m.tokenizer.padId, 'logits'); // (1 + P, C)
  const C = dims[1];
  const full = classification(m.info, tok, data.subarray(0, C));
  const t = target ?? full.predicted;
  const scores = new Array<number>(ids.length).fill(0);
  for (const [k, p] of positions.entries()) scores[p] = data[t] - data[(k + 1) * C + t];
  return { target: t, scores, classification: full };
}

/** steps = 0: gradient x input at alpha = 1; steps > 0: integrated gradients over alphas k / steps. */
async function gradients(m: LoadedModel, tok: Tokenization, target: number | undefined, steps: number) {
  const session = await m.gradients!();
  const { numLayers: L, numHeads: H } = m.info;
  const headMask = new Float32Array(L * H).fill(1);
  const T = tok.inputIds.length;
  let t = target;
  if (t === undefined) {
    // The target must be fed to the gradient graph: take the prediction of the same graph at alpha = 1.
    const probe = await runGrad([1], 0);
    t = classification(m.info, tok, probe.logits.data).predicted;
  }
  async function runGrad(alphas: number[], tgt: number) {
    const { feeds } = batchFeeds(alphas.map(() => tok.inputIds), m.tokenizer.padId);
    return session.run({
      ...feeds,
      alphas: { data: Float32Array.from(alphas), dims: [alphas.length] },
      target: { data: new BigInt64Array(alphas.length).fill(BigInt(tgt)), dims: [alphas.length] },
      head_mask: { data: headMask, dims: [L, H] },
    });
  }
  const alphas = steps > 0 ? Array.from({ length: steps + 1 }, (_, k) => k / steps) : [1];
  const weights = steps > 0 ? alphas.map((_, k) => (k === 0 || k === steps ? 0.5 : 1) / steps) : [1];
  // Batches small enough that the backward pass stays within a few tens of MB for long texts.
  const chunk = Math.max(1, Math.min(alphas.length, Math.floor(4096 / Math.max(T, 1))));
  let D = 0;
  let avgGrad: Float32Array | null = null; // (T, D)
  let embeds: Float32Array | null = null; // (T, D)
  const logitsAt = new Map<number, Float32Array>();
  for (let i = 0; i < alphas.length; i += chunk) {
    const part = alphas.slice(i, i + chunk);
    const out = await runGrad(part, t);
    D = out.input_grads.dims[2];
    avgGrad ??= new Float32Array(T * D);
    embeds ??= out.input_embeds.data.slice(0, T * D);
    const C = out.logits.dims[1];
    part.forEach((a, b) => {
      const w = weights[i + b];
      const g = out.input_grads.data.subarray(b * T * D, (b + 1) * T * D);
      for (let j = 0; j < T * D; j++) avgGrad![j] += w * g[j];
      logitsAt.set(a, out.logits.data.slice(b * C, (b + 1) * C));
    });
  }
  const scores = Array.from({ length: T }, (_, p) => {
    let s = 0;
    for (let h = 0; h < D; h++) s += embeds![p * D + h] * avgGrad![p * D + h];
    return s;
  });
  const full = classification(m.info, tok, logitsAt.get(1)!);
  let completeness: Completeness | undefined;
  if (steps > 0) {
    const logitInput = logitsAt.get(1)![t];
    const logitBaseline = logitsAt.get(0)![t];
    const sum = scores.reduce((a, b) => a + b, 0);
    const expected = logitInput - logitBaseline;
    completeness = { sum, expected, error: Math.abs(sum - expected), relativeError: Math.abs(sum - expected) / Math.max(Math.abs(expected), 1e-6), logitInput, logitBaseline };
  }
  return { target: t, scores, classification: full, ...(completeness ? { completeness, steps } : {}) };
}

async function rollout(m: LoadedModel, tok: Tokenization, target: number | undefined) {
  const enc = await encodeTokens(m, tok, true);
  const [L, H, T] = enc.attentionShape;
  let R: Float64Array | null = null;
  for (let l = 0; l < L; l++) {
    const A = new Float64Array(T * T);
    for (let h = 0; h < H; h++) {
      const base = (l * H + h) * T * T;
      for (let j = 0; j < T * T; j++) A[j] += enc.attentions[base + j] / H;
    }
    for (let i = 0; i < T; i++) {
      A[i * T + i] += 1;
      let sum = 0;
      for (let j = 0; j < T; j++) sum += A[i * T + j];
      for (let j = 0; j < T; j++) A[i * T + j] /= sum;
    }
    if (!R) R = A;
    else {
      const next = new Float64Array(T * T); // A_l @ R
      for (let i = 0; i < T; i++) for (let k = 0; k < T; k++) {
        const a = A[i * T + k];
        if (a !== 0) for (let j = 0; j < T; j++) next[i * T + j] += a * R[k * T + j];
      }
      R = next;
    }
  }
  const full = classification(m.info, tok, enc.logits!);
  return { target: target ?? full.predicted, scores: Array.from(R!.subarray(0, T)), classification: full };
}
