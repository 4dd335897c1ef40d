// The engine's tokenization (transformers.js tokenizers in Node) against the Python `tokenizers` library on
// 304 real AG News test rows and the hard cases (accents, emoji, CJK, RTL, combining marks, control
// characters, HTML, a typed [MASK], 20,000 characters), from models/datasets/tokenization-fixture.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { createEngineCore } from '../../src/engine/engine';
import { createRuntime } from '../../src/engine/runtime';
import { createReaderSource } from '../../src/engine/source';

const MODELS = path.resolve(__dirname, '../../models');
const fixture = JSON.parse(readFileSync(path.join(MODELS, 'datasets/tokenization-fixture.json'), 'utf8')) as {
  max_length: number;
  texts: { text: string; input_ids: number[] }[];
};

describe('tokenization parity with the Python tokenizer', () => {
  it('gives the same ids for every fixture text, with offsets inside the text', async () => {
    const runtime = createRuntime(ort, { backend: 'wasm', threads: 1 });
    const source = createReaderSource(async (rel) => new Uint8Array(readFileSync(path.join(MODELS, rel))));
    const engine = createEngineCore({ runtime, source, backend: 'wasm', environment: { crossOriginIsolated: false, webgpuAdapter: false } });
    expect(fixture.texts.length).toBeGreaterThan(300);
    const mismatches: string[] = [];
    for (const { text, input_ids } of fixture.texts) {
      const t = await engine.tokenize('minilm-agnews', text, fixture.max_length);
      if (JSON.stringify(t.inputIds) !== JSON.stringify(input_ids)) mismatches.push(text.slice(0, 60));
      for (const token of t.tokens) {
        expect(token.start).toBeGreaterThanOrEqual(0);
        expect(token.end).toBeLessThanOrEqual(text.length);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
