// The engine's ops on the real exported models, in Node: onnxruntime-web runs its WASM backend here through the same
// runtime gateway, model source, tokenizer and ops code the browser worker uses. Reference numbers come from each
// model's fixtures.json (PyTorch fp32 and Python ORT int8 outputs), never from this file.
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { createEngineCore, type EngineCore } from '../../src/engine/engine';
import { createRuntime } from '../../src/engine/runtime';
import { createReaderSource } from '../../src/engine/source';
import { errorCode } from '../../src/engine/errors';
import { createHubLoader } from '../../src/engine/hub';
import { softmax } from '../../src/widgets/part2-data/math';

const MODELS = path.resolve(__dirname, '../../models');
const MLM = 'minilm-news-mlm';
const CLS = 'minilm-agnews';

interface Fixture {
  text: string;
  input_ids: number[];
  tokens: string[];
  onnx_int8: Record<string, unknown> & { logits?: number[]; mask_top5?: { position: number; ids: number[]; logits: number[] }[] };
  pytorch_fp32: Record<string, unknown> & { logits?: number[] };
}
const fixtures = async (id: string) =>
  JSON.parse(await fs.readFile(path.join(MODELS, id, 'fixtures.json'), 'utf8')) as { last_layer_index: number; sentences: Fixture[] };

const godeep = JSON.parse(readFileSync(path.join(MODELS, CLS, 'godeep.json'), 'utf8'));
const trained = () => !String(godeep.metrics?.status ?? '').includes('untrained');
const clsEval = JSON.parse(readFileSync(path.join(MODELS, CLS, 'eval.json'), 'utf8'));
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

let engine: EngineCore;
let clsFix: Fixture[];
let mlmFix: Fixture[];
let lastLayer: number;

beforeAll(async () => {
  const runtime = createRuntime(ort, { backend: 'wasm', threads: 1 });
  const source = createReaderSource(async (rel) => new Uint8Array(await fs.readFile(path.join(MODELS, rel))));
  engine = createEngineCore({ runtime, source, backend: 'wasm', environment: { crossOriginIsolated: false, webgpuAdapter: false } });
  await engine.load(MLM);
  await engine.load(CLS, () => {}, { gradients: true });
  clsFix = (await fixtures(CLS)).sentences;
  const mlm = await fixtures(MLM);
  mlmFix = mlm.sentences;
  lastLayer = mlm.last_layer_index;
}, 120_000);

const maxAbsDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
const pearson = (a: number[], b: number[]) => {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0, da = 0, db = 0;
  for (const [i, x] of a.entries()) {
    num += (x - ma) * (b[i] - mb);
    da += (x - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
};

describe('load and info', () => {
  it('reads shapes and labels from config.json and godeep.json', async () => {
    const info = await engine.load(CLS);
    const config = JSON.parse(await fs.readFile(path.join(MODELS, CLS, 'config.json'), 'utf8'));
    expect(info.numLayers).toBe(config.num_hidden_layers);
    expect(info.numHeads).toBe(config.num_attention_heads);
    expect(info.labels).toEqual(Object.values(config.id2label));
    expect(info.backend).toBe('wasm');
    expect(info.hasGradients).toBe(true);
    const status = await engine.status();
    expect(status.loaded).toEqual(expect.arrayContaining([MLM, CLS]));
  });

  it('rejects an unknown id clearly', async () => {
    const err = await engine.load('no-such-model').catch((e) => e);
    expect(errorCode(err)).toBe('not-found');
    expect(err.message).toContain('no-such-model');
  });
});

describe('tokenize', () => {
  it('gives the fixtures input_ids', async () => {
    for (const f of [...clsFix, ...mlmFix]) {
      const tok = await engine.tokenize(CLS, f.text);
      expect(tok.inputIds).toEqual(f.input_ids);
      expect(tok.tokens.map((t) => t.text)).toEqual(f.tokens);
    }
  });

  it('maps offsets back to the original substrings (accents, emoji, CJK, combining marks)', async () => {
    const text = 'Café owners in Zürich cheer 5G 🚀📱, naïve 東京 re\u0301sume\u0301 [MASK]!';
    const tok = await engine.tokenize(MLM, text);
    const pieces = tok.tokens.filter((t) => !t.special);
    const spans = pieces.map((t) => [t.text, text.slice(t.start, t.end)]);
    expect(spans).toContainEqual(['cafe', 'Café']);
    expect(spans).toContainEqual(['zurich', 'Zürich']);
    expect(spans).toContainEqual(['[UNK]', '🚀📱']);
    expect(spans).toContainEqual(['[MASK]', '[MASK]']);
    expect(spans).toContainEqual(['!', '!']);
    expect(spans.filter(([p]) => p === '東' || p === '京').map(([, s]) => s)).toEqual(['東', '京']);
    // The decomposed accents of "résumé" belong to the letters they decorate.
    const resume = pieces.filter((t) => t.start >= text.indexOf('re\u0301') && t.end <= text.indexOf(' [MASK]'));
    expect(resume.map((t) => text.slice(t.start, t.end)).join('')).toBe('re\u0301sume\u0301');
    // Spans are ordered and never overlap.
    for (let i = 1; i < pieces.length; i++) expect(pieces[i].start).toBeGreaterThanOrEqual(pieces[i - 1].end);
    // Every non-space character is covered by some piece.
    const covered = new Set(pieces.flatMap((t) => Array.from({ length: t.end - t.start }, (_, k) => t.start + k)));
    const uncovered = Array.from(text, (_, i) => i).filter((i) => !/\s/.test(text[i]) && !covered.has(i));
    expect(uncovered.map((i) => text[i])).toEqual([]);
    expect(tok.tokens[0]).toMatchObject({ text: '[CLS]', special: true, start: 0, end: 0 });
  });

  it('truncates long text with the flag and the full length', async () => {
    const text = 'stocks rallied on wall street '.repeat(100);
    const tok = await engine.tokenize(CLS, text, 64);
    expect(tok.inputIds).toHaveLength(64);
    expect(tok.truncated).toBe(true);
    expect(tok.fullLength).toBe(500);
    expect(tok.tokens.at(-1)!.text).toBe('[SEP]');
    const short = await engine.tokenize(CLS, 'stocks rallied');
    expect(short.truncated).toBe(false);
    const info = await engine.load(CLS);
    expect((await engine.classify(CLS, text)).tokenization.inputIds).toHaveLength(info.maxLength);
  });

  it('empty text: empty tokenization for tokenize, a clear error for the model ops', async () => {
    expect((await engine.tokenize(CLS, '   ')).fullLength).toBe(0);
    for (const call of [() => engine.classify(CLS, ' '), () => engine.fillMask(MLM, ''), () => engine.encode(MLM, '\n')]) {
      const err = await call().catch((e) => e);
      expect(errorCode(err)).toBe('empty-text');
      expect(err.message).toBe('Type some text first.');
    }
  });
});

describe('classify', () => {
  it('matches the fixtures logits (int8 ONNX) and PyTorch within int8 tolerance', async () => {
    for (const f of clsFix) {
      const r = await engine.classify(CLS, f.text);
      // Same int8 graph, other runtime: onnxruntime-web's WASM kernels round the dynamic quantization slightly
      // differently from native onnxruntime (measured: 0.036 at most on the trained classifier's fixture logits,
      // whose range is about 7). The class must not change and the softmax must agree to a point of probability.
      expect(maxAbsDiff(r.logits, f.onnx_int8.logits!)).toBeLessThan(0.05);
      expect(maxAbsDiff(softmax(r.logits), softmax(f.onnx_int8.logits!))).toBeLessThan(0.01);
      expect(r.predicted).toBe(argmax(f.onnx_int8.logits!));
      // Against PyTorch fp32 the int8 error dominates: bound it by the largest int8-vs-fp32 gap that the pipeline
      // measured over the whole test split (eval.json), not by a number picked here.
      expect(maxAbsDiff(r.logits, f.pytorch_fp32.logits!)).toBeLessThanOrEqual(clsEval.int8_vs_fp32.logits_max_abs_diff);
      expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(r.labels).toHaveLength(r.logits.length);
    }
  });

  it('classifyBatch (padded) equals one-by-one classify', async () => {
    const texts = clsFix.map((f) => f.text);
    const batch = await engine.classifyBatch(CLS, texts);
    const single = await Promise.all(texts.map((t) => engine.classify(CLS, t)));
    // Dynamic int8 quantization takes one activation range over the whole padded batch, so logits move a little
    // with the batch's company; what a reader sees (class and probabilities) must not.
    for (const [i, r] of batch.entries()) {
      expect(r.predicted).toBe(single[i].predicted);
      expect(maxAbsDiff(r.probabilities, single[i].probabilities)).toBeLessThan(0.02);
    }
    expect(batch.map((r) => r.tokenization.inputIds)).toEqual(clsFix.map((f) => f.input_ids));
  });
});

describe('fillMask', () => {
  it('gives the fixtures top-5 at every mask', async () => {
    for (const f of mlmFix.filter((s) => s.onnx_int8.mask_top5?.length)) {
      const r = await engine.fillMask(MLM, f.text, 5);
      expect(r.masks.map((m) => m.position)).toEqual(f.onnx_int8.mask_top5!.map((m) => m.position));
      for (const [i, m] of r.masks.entries()) expect(m.predictions.map((p) => p.tokenId)).toEqual(f.onnx_int8.mask_top5![i].ids);
      for (const m of r.masks) for (let k = 1; k < m.predictions.length; k++) expect(m.predictions[k].score).toBeLessThanOrEqual(m.predictions[k - 1].score);
    }
  });

  it('several masks, and a clear error when there is none', async () => {
    const r = await engine.fillMask(MLM, 'The [MASK] rallied on [MASK] street.', 3);
    expect(r.masks).toHaveLength(2);
    expect(r.masks[0].predictions).toHaveLength(3);
    const err = await engine.fillMask(MLM, 'No mask here.').catch((e) => e);
    expect(errorCode(err)).toBe('no-mask');
    expect(err.message).toContain('[MASK]');
  });
});

describe('encode', () => {
  it('attention shapes from config, rows sum to 1, layer 0 and last layer match the fixtures', async () => {
    const info = await engine.load(MLM);
    for (const f of mlmFix) {
      const r = await engine.encode(MLM, f.text);
      const T = f.input_ids.length;
      expect(r.attentionShape).toEqual([info.numLayers, info.numHeads, T, T]);
      expect(r.hiddenShape).toEqual([info.numLayers + 1, T, info.hiddenSize]);
      for (let row = 0; row < info.numLayers * info.numHeads * T; row++) {
        let s = 0;
        for (let j = 0; j < T; j++) s += r.attentions[row * T + j];
        expect(Math.abs(s - 1)).toBeLessThan(1e-4);
      }
      for (const [layer, key] of [[0, 'attentions_layer0'], [lastLayer, `attentions_layer${lastLayer}`]] as const) {
        const ref = (f.onnx_int8[key] as number[][][]).flat(2);
        const got = Array.from(r.attentions.subarray(layer * info.numHeads * T * T, (layer + 1) * info.numHeads * T * T));
        expect(maxAbsDiff(got, ref)).toBeLessThan(2e-3);
      }
    }
  });
});

describe('ablate', () => {
  it('an all-ones mask gives classify\'s logits; all heads off changes them', async () => {
    const info = await engine.load(CLS);
    const text = clsFix[0].text;
    const ones = Array.from({ length: info.numLayers }, () => Array(info.numHeads).fill(1));
    const zeros = ones.map((r) => r.map(() => 0));
    const base = await engine.classify(CLS, text);
    const on = await engine.ablate(CLS, text, ones);
    const off = await engine.ablate(CLS, text, zeros);
    // Both graphs are int8 approximations of the same fp32 model (gradients.onnx: int8 weights, fp32 compute;
    // model_quantized.onnx: int8 weights and activations). Each must stay within the int8-vs-fp32 gap the
    // pipeline measured over the whole test split (eval.json int8_vs_fp32.logits_max_abs_diff), and agree on the class.
    const fp32 = clsFix[0].pytorch_fp32.logits!;
    const bound = clsEval.int8_vs_fp32.logits_max_abs_diff;
    expect(maxAbsDiff(on.logits, fp32)).toBeLessThan(bound);
    expect(maxAbsDiff(base.logits, fp32)).toBeLessThan(bound);
    expect(argmax(on.logits)).toBe(base.predicted);
    expect(maxAbsDiff(off.logits, on.logits)).toBeGreaterThan(1e-3);
    const bad = await engine.ablate(CLS, text, [[1]]).catch((e) => e);
    expect(bad.message).toContain(`${info.numLayers} layers x ${info.numHeads} heads`);
  });
});

describe('attribute', () => {
  const text = 'Stocks rallied on Wall Street after the Fed held rates.';

  it('occlusion and gradient-x-input: one score per token, specials 0 for occlusion', async () => {
    const occ = await engine.attribute(CLS, text, 'occlusion');
    const gxi = await engine.attribute(CLS, text, 'gradient-x-input', { target: occ.target });
    const T = occ.tokenization.inputIds.length;
    expect(occ.scores).toHaveLength(T);
    expect(gxi.scores).toHaveLength(T);
    expect(occ.scores[0]).toBe(0);
    expect(occ.scores[T - 1]).toBe(0);
  });

  // Sign sanity needs a trained head: on the untrained quick export the logits are noise around 0.
  it.skipIf(!trained())('integrated gradients agrees in sign with occlusion on a clear sentence (trained model)', async () => {
    // Integrated Gradients, which accounts for the whole logit change, must broadly agree with leaving words
    // out. (Plain gradient x input need not: at the trained model it anti-correlates with occlusion on this
    // sentence, which the article's feature-importance widget shows readers as a real disagreement.)
    const clear = 'The striker scored twice as United beat Chelsea in the league match.';
    const occ = await engine.attribute(CLS, clear, 'occlusion');
    const ig = await engine.attribute(CLS, clear, 'integrated-gradients', { target: occ.target });
    const inner = (s: number[]) => s.slice(1, -1);
    console.info('pearson(occlusion, IG) =', pearson(inner(occ.scores), inner(ig.scores)));
    expect(pearson(inner(occ.scores), inner(ig.scores))).toBeGreaterThan(0);
  });

  it('integrated gradients is complete within 5 % (20 steps) and tightens with more steps', async () => {
    const ig = await engine.attribute(CLS, text, 'integrated-gradients');
    expect(ig.steps).toBe(20);
    const c = ig.completeness!;
    expect(c.sum).toBeCloseTo(ig.scores.reduce((a, b) => a + b, 0), 6);
    expect(c.error).toBeLessThan(Math.max(0.05 * Math.abs(c.expected), 0.01));
    const ig50 = await engine.attribute(CLS, text, 'integrated-gradients', { steps: 50, target: ig.target });
    expect(ig50.completeness!.error).toBeLessThan(Math.max(0.05 * Math.abs(c.expected), 0.01));
  });

  it('attention rollout: a distribution over tokens', async () => {
    const r = await engine.attribute(CLS, text, 'attention-rollout');
    expect(r.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(Math.min(...r.scores)).toBeGreaterThanOrEqual(0);
  });

  it('rejects a class that does not exist', async () => {
    const err = await engine.attribute(CLS, text, 'occlusion', { target: 99 }).catch((e) => e);
    expect(err.message).toContain('Class 99');
  });
});

describe('compare', () => {
  it('cosine per layer; a token against itself is 1', async () => {
    const info = await engine.load(MLM);
    const self = await engine.compare(MLM, 'the bank raised rates', 2, 'the bank raised rates', 2);
    expect(self.similarityByLayer).toHaveLength(info.numLayers + 1);
    for (const s of self.similarityByLayer) expect(s).toBeCloseTo(1, 4);
    const r = await engine.compare(MLM, 'the bank raised rates', 2, 'we sat on the river bank', 6);
    expect(r.b.tokens[6].text).toBe('bank');
    // Same word piece at another position: similar (not equal) embeddings, then context pulls them apart.
    expect(r.similarityByLayer[0]).toBeGreaterThan(0.5);
    expect(r.similarityByLayer[0]).toBeLessThan(1);
    for (const s of r.similarityByLayer) expect(Math.abs(s)).toBeLessThanOrEqual(1 + 1e-6);
    const err = await engine.compare(MLM, 'a b', 9, 'a b', 1).catch((e) => e);
    expect(err.message).toContain('Token 9 of text A');
  });
});

describe('Hub ids', () => {
  it('go through transformers.js remote loading and, offline, fail with a clear message', async () => {
    const runtime = createRuntime(ort, { backend: 'wasm', threads: 1 });
    const hubEngine = createEngineCore({
      runtime, source: createReaderSource(async () => new Uint8Array()), backend: 'wasm',
      environment: { crossOriginIsolated: false, webgpuAdapter: false }, hub: createHubLoader(runtime, 'wasm'),
    });
    const err = await hubEngine.load('Xenova/bert-base-uncased').catch((e) => e);
    expect(['offline', 'failed']).toContain(errorCode(err));
    expect(err.message).toContain('Could not');
    expect(err.message).toContain('Xenova/bert-base-uncased');
  }, 60_000);
});
