// The bundled model folders through a plain transformers.js pipeline() in Node, offline: what a reader who copies
// models/ into their own project would write. It checks the Hub layout (config.json, tokenizer files, onnx/
// model_quantized.onnx) from the outside, against the int8 outputs the Python pipeline saved in fixtures.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';

const MODELS = path.resolve(__dirname, '../../models');
const read = (id: string, file: string) => JSON.parse(readFileSync(path.join(MODELS, id, file), 'utf8'));

interface Sentence {
  text: string;
  onnx_int8: { probs?: number[]; mask_top5?: { position: number; ids: number[] }[] };
}

beforeAll(() => {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}${path.sep}`;
});

describe('transformers.js pipeline() on the bundled models', () => {
  it('text-classification: the four class names, and the probabilities of the int8 fixtures', async () => {
    const id = 'minilm-agnews';
    const config = read(id, 'config.json');
    const labels = Object.keys(config.id2label).sort((a, b) => +a - +b).map((k) => config.id2label[k]);
    expect(labels).toEqual(['World', 'Sports', 'Business', 'Sci/Tech']);
    const classify = await pipeline('text-classification', id, { dtype: 'q8' });
    const sentences: Sentence[] = read(id, 'fixtures.json').sentences;
    for (const s of sentences) {
      const out = (await classify(s.text, { top_k: null })) as { label: string; score: number }[];
      const probs = labels.map((l) => out.find((o) => o.label === l)?.score ?? Number.NaN);
      // the same native int8 kernels as the Python onnxruntime that wrote the fixture
      for (const [i, p] of probs.entries()) expect(Math.abs(p - s.onnx_int8.probs![i])).toBeLessThan(1e-3);
    }
  }, 120_000);

  it('fill-mask: the top five fills of the int8 fixture', async () => {
    const id = 'minilm-news-mlm';
    const fill = await pipeline('fill-mask', id, { dtype: 'q8' });
    const sentences: Sentence[] = read(id, 'fixtures.json').sentences.filter((s: Sentence) => s.onnx_int8.mask_top5?.length);
    expect(sentences.length).toBeGreaterThan(0);
    for (const s of sentences) {
      const out = (await fill(s.text, { top_k: 5 })) as { token: number }[];
      const want = s.onnx_int8.mask_top5![0].ids;
      expect(out[0].token).toBe(want[0]);
      expect(new Set(out.map((o) => o.token))).toEqual(new Set(want));
    }
  }, 120_000);
});
