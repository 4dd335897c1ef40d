// The engine in Chromium on the production build. The page is the token counter alone (the embed page), opened with
// ?debug=engine, which exposes the engine handle as window.__goDeepEngine; the tests drive it with page.evaluate.
// (The article page would add the other widgets' own model loads and requests to what these tests count.) Reference outputs come from fixtures.json.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, openBrowser } from './browser';

const PAGE = 'embed.html?widget=token-counter&debug=engine';
const CLS = 'minilm-agnews';
const MLM = 'minilm-news-mlm';
const MODELS = path.resolve(__dirname, '../../models');
const fixtures = JSON.parse(fs.readFileSync(path.join(MODELS, CLS, 'fixtures.json'), 'utf8')).sentences as { text: string; input_ids: number[]; onnx_int8: { logits: number[] } }[];
/** Console errors, less the article's inline-style CSP reports (the page's business, checked by security.e2e.ts). */
const engineErrors = (errors: string[]) => errors.filter((e) => !e.includes("Content Security Policy directive 'style-src"));
const argmax = (v: number[]) => v.indexOf(Math.max(...v));

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
  requests: string[];
}

declare global {
  interface Window {
    __goDeepEngine: import('../../src/engine/client').Engine;
    __goDeepKillEngine: () => void;
  }
}

async function open(browser: Browser, query = PAGE, context?: BrowserContext): Promise<Session> {
  context ??= await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(new URL(query, baseUrl()).href);
  await page.waitForFunction(() => '__goDeepEngine' in window);
  return { context, page, errors, requests };
}

const loadError = (page: Page, id = CLS) =>
  page.evaluate(async (modelId) => {
    try {
      await window.__goDeepEngine.load(modelId);
      return 'loaded';
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  }, id);

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('engine on WASM (default flags: no WebGPU adapter)', () => {
  it('classifies like the fixtures, reports its backend, touches no other origin', async () => {
    const s = await open(browser);
    const out = await s.page.evaluate(
      async ({ id, texts }) => {
        const e = window.__goDeepEngine;
        const progress: number[] = [];
        const info = await e.load(id, (p) => progress.push(p.percent));
        const results = await Promise.all(texts.map((t) => e.classify(id, t)));
        return { info, status: await e.status(), progress, results: results.map((r) => ({ logits: r.logits, ids: r.tokenization.inputIds })), isolated: crossOriginIsolated };
      },
      { id: CLS, texts: fixtures.map((f) => f.text) },
    );
    expect(out.status.backend).toBe('wasm');
    expect(out.status.webgpuAdapter).toBe(false);
    expect(out.info.backend).toBe('wasm');
    expect(out.isolated).toBe(true);
    expect(out.status.threads).toBeGreaterThanOrEqual(2);
    expect(out.progress.at(-1)).toBeCloseTo(100, 5);
    out.results.forEach((r, i) => {
      expect(r.ids).toEqual(fixtures[i].input_ids);
      // Same int8 graph, other runtime (onnxruntime-web WASM vs native onnxruntime in Python): the dynamic
      // quantization rounds slightly differently, measured up to 0.036 on the trained classifier's logits (range ~7).
      expect(Math.max(...r.logits.map((x, k) => Math.abs(x - fixtures[i].onnx_int8.logits[k])))).toBeLessThan(0.05);
      expect(argmax(r.logits)).toBe(argmax(fixtures[i].onnx_int8.logits));
    });
    const origin = new URL(baseUrl()).origin;
    expect(s.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(engineErrors(s.errors)).toEqual([]);
    await s.context.close();
  });

  it('runs fill-mask, encode, attribute in the worker and rejects empty text clearly', async () => {
    const s = await open(browser);
    const out = await s.page.evaluate(async ({ cls, mlm }) => {
      const e = window.__goDeepEngine;
      const fill = await e.fillMask(mlm, 'The company reported a [MASK] in quarterly profits.', 5);
      const enc = await e.encode(mlm, 'Stocks rallied.');
      const occ = await e.attribute(cls, 'Stocks rallied on Wall Street.', 'occlusion');
      const ig = await e.attribute(cls, 'Stocks rallied on Wall Street.', 'integrated-gradients');
      const empty = await e.classify(cls, '   ').catch((err: Error) => err.message);
      return {
        masks: fill.masks.length, top: fill.masks[0].predictions.length,
        attIsTyped: enc.attentions instanceof Float32Array, attShape: enc.attentionShape, attLen: enc.attentions.length,
        occ: occ.scores.length, igRel: ig.completeness!.relativeError, igErr: ig.completeness!.error, empty,
      };
    }, { cls: CLS, mlm: MLM });
    expect(out.masks).toBe(1);
    expect(out.top).toBe(5);
    expect(out.attIsTyped).toBe(true);
    expect(out.attLen).toBe(out.attShape.reduce((a, b) => a * b, 1));
    expect(out.occ).toBeGreaterThan(2);
    // Completeness of Integrated Gradients at 20 steps: within 5 % of the logit change (or 0.01 absolute).
    expect(out.igErr < 0.01 || out.igRel < 0.05).toBe(true);
    expect(out.empty).toBe('Type some text first.');
    expect(engineErrors(s.errors)).toEqual([]);
    await s.context.close();
  });

  it('a second load comes from the Cache API: no network request for the .onnx', async () => {
    const s = await open(browser);
    await s.page.evaluate((id) => window.__goDeepEngine.load(id), CLS);
    const clsOnnx = (urls: string[]) => urls.filter((u) => u.includes(`/models/${CLS}/`) && u.endsWith('.onnx'));
    expect(clsOnnx(s.requests)).toHaveLength(1);
    const second = await open(browser, PAGE, s.context);
    await second.page.evaluate((id) => window.__goDeepEngine.load(id), CLS);
    expect(clsOnnx(second.requests)).toEqual([]);
    await s.context.close();
  });

  it('a missing, HTML or truncated model file gives a clear error, and retry re-fetches', async () => {
    const s = await open(browser);
    const file = '**/models/minilm-agnews/onnx/model_quantized.onnx';
    await s.context.route(file, (r) => r.fulfill({ status: 404, body: 'not found' }));
    expect(await loadError(s.page)).toMatch(/EngineError:not-found: The model file minilm-agnews\/onnx\/model_quantized.onnx is missing/);
    await s.context.unroute(file);
    await s.context.route(file, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>hi</title>' }));
    expect(await loadError(s.page)).toMatch(/answered minilm-agnews\/onnx\/model_quantized.onnx with a web page/);
    await s.context.unroute(file);
    const real = fs.readFileSync(path.join(MODELS, CLS, 'onnx/model_quantized.onnx'));
    await s.context.route(file, (r) => r.fulfill({ status: 200, contentType: 'application/octet-stream', body: real.subarray(0, 1_200_000) }));
    const total = (real.length / 1e6).toFixed(1);
    expect(await loadError(s.page)).toContain(`minilm-agnews/onnx/model_quantized.onnx is damaged (got 1.2 MB of ${total} MB). Retry, or clear the site's data.`);
    await s.context.unroute(file);
    // Nothing damaged was cached: the retry downloads the real file and works.
    expect(await loadError(s.page)).toBe('loaded');
    await s.context.close();
  });

  it('a dead worker rejects pending calls clearly, and the next call starts a new one', async () => {
    const s = await open(browser);
    const out = await s.page.evaluate(async (id) => {
      const e = window.__goDeepEngine;
      const pending = e.load(id).then(() => 'loaded', (err: Error) => err.message);
      await new Promise((r) => setTimeout(r, 50));
      window.__goDeepKillEngine();
      const first = await pending;
      const again = await e.classify(id, 'Stocks rallied.').then((r) => r.labels.length);
      return { first, again };
    }, CLS);
    expect(out.first).toMatch(/The model engine stopped .*Retry/);
    expect(out.again).toBe(4);
    await s.context.close();
  });

  it('rapid typing: 200 keystrokes in about 2 s end with the result for the last text', async () => {
    const s = await open(browser, 'embed.html?widget=classifier&debug=engine');
    await s.page.waitForSelector('[data-testid="classifier-output"][data-settled="true"]', { timeout: 120_000 });
    const input = s.page.locator('[data-testid="classifier-input"]');
    await input.fill('');
    const text = 'Shares of the chip maker rose sharply after it beat forecasts and raised its outlook for the year, while rivals slipped as investors weighed the cost of new factories and export rules.'.padEnd(200, ' x').slice(0, 200);
    await input.pressSequentially(text, { delay: 10 });
    const settled = s.page.locator('[data-testid="classifier-output"][data-settled="true"]');
    await settled.waitFor({ timeout: 60_000 });
    await s.page.waitForFunction((t) => document.querySelector('[data-testid="classifier-output"]')?.getAttribute('data-for') === t, text);
    const shown = await s.page.getAttribute('[data-testid="top-class"]', 'data-top');
    const direct = await s.page.evaluate(async ({ id, t }) => {
      const r = await window.__goDeepEngine.classify(id, t);
      return r.labels[r.predicted];
    }, { id: CLS, t: text });
    expect(shown).toBe(direct);
    expect(await input.inputValue()).toBe(text);

    // The engine's own rule, without the widget's debounce: on one channel, 200 requests 10 ms apart; every one
    // either answers its own text or is rejected as superseded, answers never arrive out of order, and the last wins.
    // The texts are about 60 word pieces long, so that a call takes longer than the pace here; one unpaced call
    // first says how long a call takes.
    const out = await s.page.evaluate(async (id) => {
      const ch = window.__goDeepEngine.channel('rapid-typing-test');
      const textFor = (i: number) => `Stocks rallied ${'again as oil fell and bond yields rose '.repeat(6 + (i % 2))}${i}`;
      const t0 = performance.now();
      await ch.classify(id, textFor(0));
      const callMs = performance.now() - t0;
      const settledOrder: number[] = [];
      const calls: Promise<string>[] = [];
      for (let i = 1; i <= 200; i++) {
        const t = textFor(i);
        calls.push(ch.classify(id, t).then(
          (r) => {
            settledOrder.push(i);
            return r.tokenization.inputIds.length > 0 && t ? 'ok' : 'bad';
          },
          (e: Error) => (e.message.includes('Superseded') ? 'superseded' : `error: ${e.message}`),
        ));
        await new Promise((r) => setTimeout(r, 10));
      }
      const outcomes = await Promise.all(calls);
      // And a burst with no pause at all: the first runs, the last waits, every one between is superseded.
      const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => ch.classify(id, `Markets slid ${i}`).then(() => 'ok', (e: Error) => (e.message.includes('Superseded') ? 'superseded' : `error: ${e.message}`))));
      return { outcomes, settledOrder, burst, callMs };
    }, CLS);
    expect(out.outcomes.at(-1)).toBe('ok');
    expect(out.outcomes.filter((o) => o !== 'ok' && o !== 'superseded')).toEqual([]);
    // Requests that arrive faster than the engine answers queue up and are superseded; a machine that answers each
    // one within the 10 ms pace need supersede none (the burst below checks the rule either way).
    console.log(`rapid typing: one call ${out.callMs.toFixed(1)} ms; ${out.outcomes.filter((o) => o === 'superseded').length} of 200 paced requests superseded`);
    if (out.callMs > 20) expect(out.outcomes).toContain('superseded');
    expect(out.settledOrder).toEqual([...out.settledOrder].sort((a, b) => a - b));
    expect(out.burst).toEqual(['ok', ...Array(48).fill('superseded'), 'ok']);
    expect(engineErrors(s.errors)).toEqual([]);
    await s.context.close();
  }, 180_000);

  it('memory stays flat over 1,000 classifications (page and worker, measureUserAgentSpecificMemory)', async () => {
    const s = await open(browser);
    const classifyMany = (n: number) =>
      s.page.evaluate(
        async ({ id, count }) => {
          const texts = Array.from({ length: 50 }, (_, i) => `Oil prices ${i % 2 ? 'fell' : 'rose'} as traders weighed supplies ${'and demand '.repeat(i % 9)}${i}`);
          for (let i = 0; i < count; i++) await window.__goDeepEngine.classify(id, texts[i % texts.length]);
        },
        { id: CLS, count: n },
      );
    // Chromium answers at a garbage collection of every context it measures; here it took 60 s per call (measured,
    // with or without --enable-blink-features=ForceEagerMeasureMemory), which is why this test is slow.
    const measure = () =>
      s.page.evaluate(async () => {
        const m = await (performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }> }).measureUserAgentSpecificMemory();
        return { all: m.bytes, worker: m.breakdown.filter((b) => b.attribution.some((x) => x.scope === 'DedicatedWorkerGlobalScope')).reduce((sum, b) => sum + b.bytes, 0) };
      });
    await classifyMany(200);
    const before = await measure();
    await classifyMany(1000);
    const after = await measure();
    const mb = (b: number) => (b / 1e6).toFixed(1);
    console.log(`measureUserAgentSpecificMemory over 1,000 classifications: all ${mb(before.all)} -> ${mb(after.all)} MB, worker ${mb(before.worker)} -> ${mb(after.worker)} MB`);
    // The worker (where the model and its WASM heap live) must be in the measurement, or the test proves nothing.
    expect(before.worker).toBeGreaterThan(1e6);
    expect(after.all / before.all).toBeLessThan(1.1);
    expect(after.worker / before.worker).toBeLessThan(1.1);
    expect(engineErrors(s.errors)).toEqual([]);
    await s.context.close();
  }, 300_000);
});

describe('engine on WebGPU (SwiftShader adapter)', () => {
  let gpuBrowser: Browser;
  beforeAll(async () => {
    gpuBrowser = await openBrowser({ webgpu: true });
  });
  afterAll(async () => {
    await gpuBrowser?.close();
  });

  it('reports webgpu and gives the same top class as the fixtures', async () => {
    const s = await open(gpuBrowser);
    const out = await s.page.evaluate(async ({ id, text }) => {
      const e = window.__goDeepEngine;
      const info = await e.load(id);
      const r = await e.classify(id, text);
      return { status: await e.status(), info, logits: r.logits };
    }, { id: CLS, text: fixtures[0].text });
    expect(out.status.webgpuAdapter).toBe(true);
    expect(out.status.backend).toBe('webgpu');
    expect(out.info.backend).toBe('webgpu');
    const ref = fixtures[0].onnx_int8.logits;
    expect(Math.max(...out.logits.map((x, k) => Math.abs(x - ref[k])))).toBeLessThan(2e-2);
    const sorted = [...ref].sort((a, b) => b - a);
    if (sorted[0] - sorted[1] > 2e-2) expect(argmax(out.logits)).toBe(argmax(ref));
    expect(engineErrors(s.errors)).toEqual([]);
    await s.context.close();
  });

  it('?backend=wasm overrides the adapter', async () => {
    const s = await open(gpuBrowser, `${PAGE}&backend=wasm`);
    const status = await s.page.evaluate(async (id) => {
      await window.__goDeepEngine.load(id);
      return window.__goDeepEngine.status();
    }, CLS);
    expect(status.webgpuAdapter).toBe(true);
    expect(status.backend).toBe('wasm');
    await s.context.close();
  });
});
