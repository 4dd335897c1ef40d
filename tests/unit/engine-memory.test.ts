// Tensors are released: memory stays flat over a thousand classifications (after a warm-up of 300 calls that lets the
// WASM heap reach its working size).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { createEngineCore } from '../../src/engine/engine';
import { createRuntime } from '../../src/engine/runtime';
import { createReaderSource } from '../../src/engine/source';

const MODELS = path.resolve(__dirname, '../../models');
const texts = (JSON.parse(readFileSync(path.join(MODELS, 'datasets/ag_news-test.json'), 'utf8')).rows as [number, string, string][])
  .slice(0, 50)
  .map(([, title]) => title);

describe('engine memory', () => {
  it('does not grow over 1,000 classifications', async () => {
    const runtime = createRuntime(ort, { backend: 'wasm', threads: 1 });
    const source = createReaderSource(async (rel) => new Uint8Array(readFileSync(path.join(MODELS, rel))));
    const engine = createEngineCore({ runtime, source, backend: 'wasm', environment: { crossOriginIsolated: false, webgpuAdapter: false } });
    await engine.load('minilm-agnews');
    for (let i = 0; i < 300; i++) await engine.classify('minilm-agnews', texts[i % texts.length]);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 1000; i++) await engine.classify('minilm-agnews', texts[i % texts.length]);
    const after = process.memoryUsage().rss;
    console.info(`rss ${(before / 1e6).toFixed(0)} MB -> ${(after / 1e6).toFixed(0)} MB over 1,000 classifications`);
    expect(after).toBeLessThan(before * 1.1);
  }, 180_000);
});
