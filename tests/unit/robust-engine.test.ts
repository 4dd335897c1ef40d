// The real engine (Node, onnxruntime-web WASM, the exported models) on every kind of odd text: a label and
// probabilities that sum to 1, or the clear empty-text error; never a crash.
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { createEngineCore, type EngineCore } from '../../src/engine/engine';
import { createRuntime } from '../../src/engine/runtime';
import { createReaderSource } from '../../src/engine/source';
import { errorCode } from '../../src/engine/errors';

const MODELS = path.resolve(__dirname, '../../models');
let engine: EngineCore;

beforeAll(async () => {
  const runtime = createRuntime(ort, { backend: 'wasm', threads: 1 });
  const source = createReaderSource(async (rel) => new Uint8Array(await fs.readFile(path.join(MODELS, rel))));
  engine = createEngineCore({ runtime, source, backend: 'wasm', environment: { crossOriginIsolated: false, webgpuAdapter: false } });
  await engine.load('minilm-agnews');
  await engine.load('minilm-news-mlm');
}, 120_000);

const odd: Record<string, string> = {
  '20,000 characters': 'Stocks rallied on Wall Street. '.repeat(700).slice(0, 20_000),
  emoji: 'Stocks 📈🚀 soar 🇺🇸 👍🏽 👨‍👩‍👧',
  Arabic: 'ارتفعت أسعار النفط بعد أن وافقت أوبك على خفض الإنتاج',
  Hebrew: 'מניות הטכנולוגיה עלו בבורסה בתל אביב',
  CJK: '东京股市周一大幅上涨。サッカー日本代表が勝利 한국 경제',
  'combining marks': 'Z̸̢̛a̵̧͝l̶̨̛g̷̢̕o̴̡͠ cafe\u0301 nai\u0308ve',
  'control characters': 'Stocks\u0000 rally\u0007 on\u001b[31m Wall\u200b Street\u202e\u0008\ufeff',
  'HTML and script': '<img src=x onerror=alert(1)><script>alert(2)</script> Stocks',
  'only emoji': '🚀🚀🚀',
};

describe('classify on odd text', () => {
  it.each(Object.entries(odd))('%s', async (_name, text) => {
    const r = await engine.classify('minilm-agnews', text);
    expect(r.labels).toHaveLength(4);
    expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(r.probabilities.every(Number.isFinite)).toBe(true);
    expect(r.tokenization.inputIds.length).toBeLessThanOrEqual(r.tokenization.maxLength);
    for (const t of r.tokenization.tokens) {
      expect(t.start).toBeGreaterThanOrEqual(0);
      expect(t.end).toBeLessThanOrEqual(text.length);
    }
  });

  it('truncates long text to the model window and says so', async () => {
    const r = await engine.classify('minilm-agnews', odd['20,000 characters']);
    expect(r.tokenization.truncated).toBe(true);
    expect(r.tokenization.inputIds.length).toBe(r.tokenization.maxLength);
  });

  it.each(['', '   ', '\n\t  \u00a0'])('rejects empty text %j with a clear message', async (text) => {
    const err = await engine.classify('minilm-agnews', text).then(() => null, (e: unknown) => e);
    expect(errorCode(err)).toBe('empty-text');
    expect((err as Error).message).toMatch(/type some text/i);
  });
});

describe('fill-mask', () => {
  it('predicts ten masks independently', async () => {
    const text = Array.from({ length: 10 }, (_, i) => `word${i} [MASK]`).join(' ');
    const r = await engine.fillMask('minilm-news-mlm', text, 5);
    expect(r.masks).toHaveLength(10);
    for (const m of r.masks) expect(m.predictions).toHaveLength(5);
  });
  it('handles odd text around a mask', async () => {
    for (const text of [odd.emoji + ' [MASK]', odd.Arabic + ' [MASK]', odd.CJK + '[MASK]', odd['control characters'] + ' [MASK]']) {
      const r = await engine.fillMask('minilm-news-mlm', text, 3);
      expect(r.masks.length).toBeGreaterThanOrEqual(1);
    }
  });
});
