import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, openBrowser, openPage, screenshot, widgetReady } from './browser';
import { serveFolder } from './static-server';
import { registeredWidgets } from '../../vite/embed-pages-plugin';

let browser: Browser;
let blog: Awaited<ReturnType<typeof serveFolder>>;
const widgetNames = registeredWidgets(path.resolve('src/widgets/registry.ts'));

beforeAll(async () => {
  browser = await openBrowser();
  blog = await serveFolder(path.resolve('examples/blog'));
});
afterAll(async () => {
  await browser?.close();
  await blog?.close();
});

describe('embeds', () => {
  it('gives every registered widget its own embed page', async () => {
    expect(widgetNames.length).toBeGreaterThan(0);
    for (const name of widgetNames) {
      const res = await fetch(new URL(`embed/${name}/`, baseUrl()));
      expect(res.status, name).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('takes its state from the URL, as text, and flags bad parameters', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">Stocks & <b>bonds</b>';
    const query = new URLSearchParams({ text: hostile, bogus: '1' });
    const { page, errors } = await openPage(browser, `embed/token-counter/?${query}`);
    const frame = await widgetReady(page, 'token-counter');
    expect(await frame.locator('textarea').inputValue()).toBe(hostile);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-param-notice]').allInnerTexts()).toEqual([expect.stringContaining('bogus')]);
    await screenshot(page, 'embed-token-counter');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says so when the widget does not exist', async () => {
    // A static host answers an unknown embed/<name>/ folder with its own 404; the embed page itself, asked for
    // an unknown widget by name, says which ones exist.
    const missing = await fetch(new URL('embed/no-such-widget/', baseUrl()));
    expect(missing.status).toBe(404);
    const { page } = await openPage(browser, 'embed.html?widget=no-such-widget');
    await expect.poll(() => page.locator('[role="alert"]').innerText()).toContain('no widget called');
    await page.context().close();
  });

  it('runs inside a blog on another origin and resizes each iframe', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${blog.origin}/?site=${encodeURIComponent(baseUrl())}`);
    const frames = page.locator('iframe[data-go-deep-embed]');
    const count = await frames.count();
    expect(count).toBe(3);
    for (let i = 0; i < count; i++) {
      const iframe = frames.nth(i);
      await iframe.scrollIntoViewIfNeeded();
      const widgetPath = (await iframe.getAttribute('data-widget-path'))!;
      const name = widgetPath.split('/')[1];
      const expectedText = new URL(widgetPath, 'http://x/').searchParams.get('text')!;
      const inner = iframe.contentFrame();
      await inner.locator(`[data-widget="${name}"][data-state="ready"]`).waitFor({ timeout: 120_000 });
      // The state set in the URL is what the widget shows.
      const field = inner.locator(`[data-widget="${name}"] textarea, [data-widget="${name}"] input[type="text"]`).first();
      expect(await field.inputValue()).toBe(expectedText);
      // The host script applied the height the widget reported (the snippet's default is 420 px).
      await expect.poll(async () => (await iframe.boundingBox())!.height, { timeout: 15_000 }).not.toBe(420);
    }
    await screenshot(page, 'embed-blog', true);
    // Three frames fetch the 14 MB ONNX Runtime .wasm at once; Chromium sometimes aborts one streaming compile,
    // and ORT says so and recovers by compiling from an ArrayBuffer (every widget above answered). Anything
    // else is an error.
    const recovered = /^(wasm streaming compile failed: .*Response body loading was aborted|falling back to ArrayBuffer instantiation)$/;
    expect(errors.filter((e) => !recovered.test(e))).toEqual([]);
    await context.close();
  });
});
