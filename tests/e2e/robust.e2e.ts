// Bad input and bad conditions, on the real bundled models: odd text in the classifier, ten masks in fill-mask,
// malformed URL parameters, a missing / HTML / truncated model file, the engine worker dying mid-request, and
// no WebGPU. Each must end with a clear message or a correct result, and the page must keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, openBrowser, openPage, screenshot, widgetReady } from './browser';

const LABELS = ['World', 'Sports', 'Business', 'Sci/Tech'];
const CLS_MODEL = /\/models\/minilm-agnews\/onnx\/model_quantized\.onnx/;
let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b onclick="window.__pwned=3">bold</b> Stocks & bonds';
const cases: [string, string][] = [
  ['20,000 characters', 'Stocks rallied on Wall Street as tech shares climbed. '.repeat(380).slice(0, 20_000)],
  ['emoji', 'Stocks 📈🚀 soar as 🇺🇸 Fed holds rates 🏦👍🏽 👨‍👩‍👧'],
  ['Arabic', 'ارتفعت أسعار النفط بعد أن وافقت أوبك على خفض الإنتاج'],
  ['Hebrew', 'מניות הטכנולוגיה עלו בבורסה בתל אביב'],
  ['CJK', '东京股市周一大幅上涨，日经指数创下新高。サッカー日本代表が勝利 한국 경제'],
  ['combining marks', 'Zalgo Z̸̢̛a̵̧͝l̶̨̛g̷̢̕o̴̡͠ and cafe\u0301 nai\u0308ve re\u0301sume\u0301'],
  ['control characters', 'Stocks\u0000 rally\u0007 on\u001b[31m Wall\u200b Street\u202e reversed\u0008\ufeff'],
  ['HTML and script tags', hostile],
];

async function classifierOn(page: Page) {
  return widgetReady(page, 'classifier');
}

/** Types text into the classifier and waits for the answer for exactly that text (or the empty-text hint). */
async function classify(page: Page, text: string) {
  const frame = page.locator('[data-widget="classifier"]');
  await frame.locator('[data-testid="classifier-input"]').fill(text);
  const expected = text.slice(0, 5000).trim();
  if (!expected) {
    await frame.locator('[data-testid="classifier-empty"]').waitFor();
    return null;
  }
  await page.waitForFunction(
    (want) => {
      const out = document.querySelector('[data-widget="classifier"] [data-testid="classifier-output"]');
      const frameState = document.querySelector('[data-widget="classifier"]')?.getAttribute('data-state');
      return frameState === 'error' || (out?.getAttribute('data-settled') === 'true' && out.getAttribute('data-for') === want);
    },
    expected,
    { timeout: 90_000 },
  );
  expect(await frame.getAttribute('data-state'), await frame.innerText()).toBe('ready');
  return frame.locator('[data-testid="top-class"]').getAttribute('data-top');
}

async function pwned(page: Page) {
  return page.evaluate(() => ({
    flag: (window as unknown as { __pwned?: number }).__pwned ?? null,
    img: document.querySelectorAll('img[src="x"]').length,
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    bold: [...document.querySelectorAll('b[onclick]')].length,
  }));
}

describe('odd text in the classifier', () => {
  it('answers every kind of text with a label, and says so when there is no text', async () => {
    const { page, errors } = await openPage(browser, 'embed/classifier/');
    await classifierOn(page);
    for (const empty of ['', '    \n\t  ']) {
      expect(await classify(page, empty)).toBeNull();
      expect(await page.locator('[data-widget="classifier"]').getAttribute('data-state')).toBe('ready');
    }
    for (const [name, text] of cases) {
      const top = await classify(page, text);
      expect(LABELS, name).toContain(top);
      const bars = await page.locator('[data-widget="classifier"] [data-testid="probabilities"]').innerText();
      expect(bars, name).toMatch(/World/);
    }
    // The HTML was shown as text and nothing in it ran.
    await classify(page, hostile);
    expect(await page.locator('[data-widget="classifier"] textarea').inputValue()).toBe(hostile);
    await page.locator('[data-widget="classifier"] b[onclick]').count().then((n) => expect(n).toBe(0));
    expect(await pwned(page)).toEqual({ flag: null, img: 0, inlineScripts: 0, bold: 0 });
    // A 20,000-character paste is cut to the textarea's limit and the model reports truncation.
    await classify(page, cases[0][1]);
    expect((await page.locator('[data-widget="classifier"] textarea').inputValue()).length).toBe(5000);
    expect(await page.locator('[data-testid="top-class"]').innerText()).toContain('(truncated)');
    await screenshot(page, 'robust-classifier-long');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('puts hostile text from the URL in the textarea as text', async () => {
    const { page, errors } = await openPage(browser, `embed/classifier/?${new URLSearchParams({ text: hostile })}`);
    await classifierOn(page);
    expect(await page.locator('[data-widget="classifier"] textarea').inputValue()).toBe(hostile);
    expect(LABELS).toContain(await classify(page, hostile));
    expect(await pwned(page)).toEqual({ flag: null, img: 0, inlineScripts: 0, bold: 0 });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('fill-mask with ten masks', () => {
  it('predicts each of ten [MASK]s', async () => {
    const text = Array.from({ length: 10 }, (_, i) => `word${i} [MASK]`).join(' ') + '.';
    const { page, errors } = await openPage(browser, `embed/fill-mask/?${new URLSearchParams({ text })}`);
    const frame = await widgetReady(page, 'fill-mask');
    await expect.poll(() => frame.locator('[data-mask]').count(), { timeout: 90_000 }).toBe(10);
    for (let i = 0; i < 10; i++) expect((await frame.locator(`[data-mask="${i}"]`).innerText()).length).toBeGreaterThan(10);
    await screenshot(page, 'robust-fill-mask-ten', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('malformed URL parameters', () => {
  it('shows a notice for each bad setting and uses the defaults', async () => {
    const query = `text=${'a'.repeat(1001)}%20%5BMASK%5D&k=abc&bogus=1&backend=bogus`;
    const { page, errors } = await openPage(browser, `embed/fill-mask/?${query}`);
    const frame = await widgetReady(page, 'fill-mask');
    const notices = await frame.locator('[data-param-notice]').allInnerTexts();
    expect(notices).toEqual([
      expect.stringContaining('"text" is longer than 1000'),
      expect.stringContaining('"k" is not a whole number'),
      expect.stringContaining('unknown setting "bogus"'),
      expect.stringContaining('"backend"'),
    ]);
    expect(await frame.locator('textarea').inputValue()).toContain('[MASK]');
    expect(await frame.locator('textarea').inputValue()).not.toContain('aaaa');
    expect(await frame.locator('input[type="number"]').inputValue()).toBe('5');
    await expect.poll(() => frame.locator('[data-mask]').count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await screenshot(page, 'robust-url-notices');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs on WASM with ?backend=bogus and says it chose automatically', async () => {
    const { page } = await openPage(browser, 'embed/classifier/?backend=bogus&debug=engine');
    await classifierOn(page);
    expect(await page.locator('[data-param-notice]').allInnerTexts()).toEqual([expect.stringContaining('"backend"')]);
    const status = await page.evaluate(() => (window as unknown as { __goDeepEngine: { status(): Promise<{ backend: string }> } }).__goDeepEngine.status());
    expect(status.backend).toBe('wasm');
    await page.context().close();
  });
});

describe('broken model files', () => {
  const answers = {
    '404': { status: 404, contentType: 'text/plain', body: 'Not found' },
    'HTML': { status: 200, contentType: 'text/html', body: '<!doctype html><html><body>Welcome to our hosting</body></html>' },
  } as const;

  for (const kind of ['404', 'HTML', 'truncated'] as const) {
    it(`shows a clear error and a Retry that works, when the model file is ${kind}`, async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const page = await context.newPage();
      let served = 0;
      await page.route(CLS_MODEL, async (route) => {
        served++;
        if (kind === 'truncated') {
          const res = await route.fetch();
          const body = (await res.body()).subarray(0, 100_000);
          return route.fulfill({ status: 200, contentType: 'application/octet-stream', body });
        }
        return route.fulfill(answers[kind]);
      });
      await page.goto(new URL('embed/classifier/', baseUrl()).href);
      const frame = page.locator('[data-widget="classifier"]');
      await page.waitForFunction(() => document.querySelector('[data-widget="classifier"]')?.getAttribute('data-state') === 'error', null, { timeout: 90_000 });
      const message = await frame.locator('.widget-error').innerText();
      expect(served).toBeGreaterThan(0);
      expect(message).toMatch(kind === '404' ? /missing|404/i : kind === 'HTML' ? /web page|not installed/i : /damaged|broke off/i);
      expect(message).toContain('model_quantized.onnx');
      await screenshot(page, `robust-model-${kind}`);
      await page.unroute(CLS_MODEL);
      await frame.getByRole('button', { name: 'Retry' }).click();
      await page.waitForFunction(() => document.querySelector('[data-widget="classifier"]')?.getAttribute('data-state') === 'ready', null, { timeout: 90_000 });
      expect(LABELS).toContain(await classify(page, 'Astronomers find water on a distant exoplanet'));
      await context.close();
    });
  }

  it('keeps the rest of the article working while one model is missing', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.route(CLS_MODEL, (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await page.goto(baseUrl());
    await page.waitForSelector('[data-chapter]');
    const cls = page.locator('[data-widget="classifier"]');
    await cls.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-widget="classifier"]')?.getAttribute('data-state') === 'error', null, { timeout: 90_000 });
    // Another widget, on another model, still answers.
    const fm = await widgetReady(page, 'fill-mask');
    await fm.locator('textarea').fill('The team won the [MASK] on Sunday.');
    await expect.poll(() => fm.locator('[data-mask]').count(), { timeout: 90_000 }).toBe(1);
    await page.unroute(CLS_MODEL);
    await cls.getByRole('button', { name: 'Retry' }).click();
    await page.waitForFunction(() => document.querySelector('[data-widget="classifier"]')?.getAttribute('data-state') === 'ready', null, { timeout: 90_000 });
    expect(LABELS).toContain(await classify(page, 'The team won the cup on Sunday'));
    await context.close();
  });
});

describe('the engine worker dies mid-request', () => {
  it('shows the failure with Retry, and a fresh engine answers after it', async () => {
    const { page } = await openPage(browser, 'embed/classifier/?debug=engine');
    const frame = await classifierOn(page);
    await classify(page, 'Oil prices climb as OPEC cuts output');
    // A call in flight when the worker dies is rejected with a clear message, not left hanging.
    const rejected = await page.evaluate(async () => {
      const w = window as unknown as { __goDeepEngine: { classify(m: string, t: string): Promise<unknown> }; __goDeepKillEngine: () => void };
      const call = w.__goDeepEngine.classify('minilm-agnews', 'Oil prices climb again');
      w.__goDeepKillEngine();
      return call.then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`);
    });
    expect(rejected).toMatch(/worker-died.*engine stopped/);
    // Start a request and kill the worker while it is in flight.
    await frame.locator('textarea').fill('Gold price jumps as investors seek safety from market turmoil');
    await page.waitForFunction(() => document.querySelector('[data-testid="classifier-output"]')?.getAttribute('data-settled') === 'false');
    await page.evaluate(() => (window as unknown as { __goDeepKillEngine: () => void }).__goDeepKillEngine());
    const settled = await page.waitForFunction(
      () => {
        const f = document.querySelector('[data-widget="classifier"]');
        const out = f?.querySelector('[data-testid="classifier-output"]');
        return f?.getAttribute('data-state') === 'error' ? 'error' : out?.getAttribute('data-settled') === 'true' ? 'answered' : false;
      },
      null,
      { timeout: 90_000 },
    );
    const outcome = await settled.jsonValue();
    if (outcome === 'error') {
      expect(await frame.locator('.widget-error').innerText()).toMatch(/engine stopped/i);
      await screenshot(page, 'robust-worker-died');
      await frame.getByRole('button', { name: 'Retry' }).click();
      await page.waitForFunction(() => document.querySelector('[data-widget="classifier"]')?.getAttribute('data-state') === 'ready', null, { timeout: 90_000 });
    }
    // Either way the page goes on working on a fresh worker.
    expect(LABELS).toContain(await classify(page, 'Gold price jumps as investors seek safety from market turmoil'));
    expect(LABELS).toContain(await classify(page, 'The striker scored twice in the final'));
    await page.context().close();
  });
});

describe('no WebGPU', () => {
  it('falls back to WASM with the default Chromium flags and reports it', async () => {
    const { page } = await openPage(browser, 'embed/resources/?debug=engine');
    await page.waitForFunction(() => '__goDeepEngine' in window, null, { timeout: 60_000 });
    const status = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      const adapter = gpu ? await gpu.requestAdapter() : null;
      const engine = (window as unknown as { __goDeepEngine: { status(): Promise<{ backend: string; fallbackReason?: string }> } }).__goDeepEngine;
      return { adapter: adapter !== null, ...(await engine.status()) };
    });
    expect(status.adapter).toBe(false);
    expect(status.backend).toBe('wasm');
    await page.context().close();
  });
});
