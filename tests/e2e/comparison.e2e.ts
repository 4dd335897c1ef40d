// Issue 9: one sentence through the three fine-tuned classifiers (AG News, MR, TREC) and the pretrained encoder,
// on the widget's embed page with the real models and the real models/comparison.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openBrowser, openPage, screenshot, widgetReady } from './browser';

const LABELS: Record<string, string[]> = {
  'minilm-agnews': ['World', 'Sports', 'Business', 'Sci/Tech'],
  'minilm-mr': ['negative', 'positive'],
  'minilm-trec': ['ABBR', 'DESC', 'ENTY', 'HUM', 'LOC', 'NUM'],
};

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Waits until all three classifiers have answered for `text` (their token strips contain `word`). */
async function outputsFor(page: Page, text: string, word: string) {
  await page.waitForFunction(
    ([t, w]) => {
      const cards = [...document.querySelectorAll('[data-testid="mc-classifier"]')];
      const input = document.querySelector('[data-testid="mc-input"]') as HTMLTextAreaElement;
      return (
        input.value === t &&
        document.querySelector('[data-testid="mc-outputs"]')?.getAttribute('aria-busy') === 'false' &&
        cards.length === 3 &&
        cards.every((c) => c.querySelector('[data-testid="mc-label"]') && [...c.querySelectorAll('.tokenstrip .tok-box')].some((e) => e.textContent === w))
      );
    },
    [text, word] as const,
    { timeout: 120_000 },
  );
  return page.$$eval('[data-testid="mc-classifier"]', (cards) =>
    cards.map((c) => ({
      model: c.getAttribute('data-model')!,
      label: c.querySelector('[data-testid="mc-label"]')!.getAttribute('data-label')!,
      probs: [...c.querySelectorAll('.bar-value')].map((e) => Number(e.getAttribute('data-value'))),
      barLabels: [...c.querySelectorAll('.bar-label')].map((e) => e.textContent!),
      tokens: [...c.querySelectorAll('.tokenstrip .tok-box')].map((e) => ({ text: e.textContent!, bg: (e as HTMLElement).style.background })),
    })),
  );
}

describe('model comparison', () => {
  it('shows every model side by side, with its own labels, probabilities, importance and the CKA chart', async () => {
    const start = 'Who won the match?';
    const { page, errors } = await openPage(browser, `embed/model-comparison/?text=${encodeURIComponent(start)}`);
    await widgetReady(page, 'model-comparison', 180_000).catch(async (e) => {
      await screenshot(page, 'comparison-failed', true);
      throw e;
    });
    expect(await page.inputValue('[data-testid="mc-input"]')).toBe(start);

    const sentence = 'What a gorgeous, witty film about the Wildcats and their coach';
    await page.fill('[data-testid="mc-input"]', sentence);
    const out = await outputsFor(page, sentence, 'gorgeous').catch(async (e) => {
      await screenshot(page, 'comparison-failed', true);
      throw e;
    });
    expect(out.map((o) => o.model)).toEqual(['minilm-agnews', 'minilm-mr', 'minilm-trec']);
    for (const o of out) {
      expect(LABELS[o.model], o.model).toContain(o.label);
      expect(o.barLabels).toEqual(LABELS[o.model]);
      expect(o.probs.reduce((a, b) => a + b, 0), o.model).toBeCloseTo(1, 3);
      expect(o.label).toBe(LABELS[o.model][o.probs.indexOf(Math.max(...o.probs))]);
      expect(o.tokens.map((t) => t.text)).toContain('gorgeous');
      expect(o.tokens.filter((t) => t.bg).length).toBeGreaterThan(5);
    }

    // attention: one heatmap per model (3 classifiers + pretrained), the layer/head selectors drive them
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="mc-attention"] canvas').length === 4, null, { timeout: 60_000 });
    await page.selectOption('[data-testid="mc-layer"]', '2');
    await page.selectOption('[data-testid="mc-head"]', '3');
    await expect.poll(() => page.locator('[data-testid="mc-attention"] canvas').first().getAttribute('aria-label')).toContain('layer 2, head 3');
    expect(await page.locator('[data-testid="mc-att-distance"]').count()).toBe(4);

    // the CKA chart from models/comparison.json: three series of 7 points (layers 0..6)
    await page.waitForSelector('[data-testid="cka-chart"] svg', { timeout: 30_000 });
    const series = await page.$$eval('[data-testid="cka-chart"] [data-series]', (gs) => gs.map((g) => ({ id: g.getAttribute('data-series'), dots: g.querySelectorAll('circle').length })));
    expect(series).toEqual([
      { id: 'minilm-agnews', dots: 7 },
      { id: 'minilm-mr', dots: 7 },
      { id: 'minilm-trec', dots: 7 },
    ]);
    expect(await page.getAttribute('[data-testid="cka-chart"] svg', 'aria-label')).toMatch(/AG News: \d\.\d\d at the embeddings/);

    await page.locator('[data-testid="cka-chart"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'comparison', true);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 360_000);

  it('fits a 375 px phone without horizontal overflow', async () => {
    const { page, errors } = await openPage(browser, 'embed/model-comparison/', { width: 375, height: 800 });
    await widgetReady(page, 'model-comparison', 180_000);
    await page.getByRole('button', { name: 'Question', exact: true }).click();
    await outputsFor(page, 'Who scored the winning goal in the 1998 World Cup final?', '1998');
    await page.waitForSelector('[data-testid="cka-chart"] svg', { timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, 'comparison-375', true);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 360_000);
});
