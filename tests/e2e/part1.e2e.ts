// Part 1 widgets (introduction, architecture, pretrained model), each on its own embed page with the real models,
// then in the article at phone width. Expected values are read from the model files, never typed in.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, openBrowser, readModelJson, widgetReady, type WatchedPage } from './browser';
import { metrics } from '../../src/widgets/confusion-toy/metrics';

const SHOTS = path.resolve('tests/artifacts');
let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function openEmbed(name: string, query = '', viewport = { width: 1000, height: 900 }, colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  await page.goto(new URL(`embed/${name}/${query}`, baseUrl()).href);
  return { page, errors };
}

async function shoot(page: Page, name: string) {
  await page.locator(`[data-widget="${name}"]`).first().screenshot({ path: path.join(SHOTS, `part1-${name}.png`) });
}

async function noOverflow(page: Page, scope?: string) {
  const { overflow, culprits } = await page.evaluate((scope) => {
    const w = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll(scope ? `${scope} *` : 'body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && culprits.length < 20) {
        let clipped = false;
        for (let p = el.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if ((o === 'auto' || o === 'scroll' || o === 'hidden') && p.getBoundingClientRect().right <= w + 1) {
            clipped = true;
            break;
          }
        }
        if (!clipped) culprits.push(`${el.closest('[data-widget]')?.getAttribute('data-widget') ?? el.closest('[data-chapter]')?.getAttribute('data-chapter') ?? ''} ${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} right=${Math.round(r.right)}`);
      }
    }
    return { overflow: document.documentElement.scrollWidth - w, culprits };
  }, scope);
  if (overflow > 0) console.log('overflow culprits:', culprits);
  // Scoped: only what sticks out of this part of the page counts (other chapters are not ours to check here).
  return scope ? culprits.length : overflow;
}

describe('part 1 widgets', () => {
  it('dataset-browser: loads the test split, filters, searches and paginates', async () => {
    const { page, errors } = await openEmbed('dataset-browser');
    const frame = await widgetReady(page, 'dataset-browser');
    const data = readModelJson('datasets/ag_news-test.json');
    expect((await frame.locator('[data-testid="ds-total"]').innerText()).replace(/,/g, '')).toBe(String(data.rows.length));
    await frame.getByRole('button', { name: 'Sports', exact: true }).click();
    const labels = await frame.locator('.ds-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['Sports']));
    await frame.getByRole('button', { name: 'All classes' }).click();
    await frame.locator('input[type="search"]').fill('oil');
    const expected = data.rows.filter((r: [number, string, string]) => r[1].toLowerCase().includes('oil') || r[2].toLowerCase().includes('oil')).length;
    await expect.poll(async () => (await frame.locator('[data-testid="ds-count"]').innerText()).replace(/,/g, '')).toBe(`${expected} matching`);
    expect(await frame.locator('.ds-item mark').count()).toBeGreaterThan(0);
    await frame.getByRole('button', { name: 'Next →' }).click();
    expect(await frame.locator('[data-testid="ds-page"]').innerText()).toMatch(/^page 2 of/);
    await frame.locator('input[type="search"]').fill('');
    await frame.getByRole('button', { name: 'Business', exact: true }).click();
    await shoot(page, 'dataset-browser');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('confusion-toy: recomputes the metrics after a count change', async () => {
    const { page, errors } = await openEmbed('confusion-toy');
    const frame = await widgetReady(page, 'confusion-toy');
    await frame.getByRole('button', { name: 'Imbalanced, 4 classes' }).click();
    const read = async () => {
      const m: number[][] = [];
      for (let t = 0; t < 4; t++) {
        m.push([]);
        for (let p = 0; p < 4; p++) m[t].push(Number(await frame.locator(`input[data-cell="${t}-${p}"]`).inputValue()));
      }
      return m;
    };
    const before = await frame.locator('[data-testid="cm-macro-f1"]').innerText();
    await frame.getByRole('button', { name: 'one more: true Sci/Tech, predicted Business' }).click();
    await frame.locator('input[data-cell="2-2"]').fill('5');
    const m = await read();
    const expected = metrics(m);
    const after = await frame.locator('[data-testid="cm-macro-f1"]').innerText();
    expect(after).not.toBe(before);
    expect(after).toBe(`${(expected.macroF1 * 100).toFixed(1)} %`);
    expect(await frame.locator('[data-testid="cm-micro-f1"]').innerText()).toBe(`${(expected.accuracy * 100).toFixed(1)} %`);
    expect(await frame.locator('[data-testid="cm-accuracy"]').innerText()).toBe(`${(expected.accuracy * 100).toFixed(1)} %`);
    await shoot(page, 'confusion-toy');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tokenizer: shows [CLS]/[SEP], ids, truncation, and highlights a piece’s characters', async () => {
    const { page, errors } = await openEmbed('tokenizer');
    const frame = await widgetReady(page, 'tokenizer');
    const text = 'Unbelievably, the Wildcats won.';
    await frame.locator('textarea').fill(text);
    await frame.locator('input[type="number"]').fill('16');
    await expect.poll(async () => (await frame.locator('.tok-box').allInnerTexts())[1]).toBe('un');
    const pieces = await frame.locator('.tok-box').allInnerTexts();
    expect(pieces[0]).toBe('[CLS]');
    const sep = pieces.indexOf('[SEP]');
    expect(sep).toBeGreaterThan(2);
    expect(pieces.slice(sep + 1).every((p) => p === '[PAD]')).toBe(true);
    expect(pieces).toHaveLength(16);
    await frame.locator('.tok-box').nth(1).hover();
    await expect.poll(() => frame.locator('[data-testid="tk-text"] mark').innerText()).toBe('Un');
    // a continuation piece maps back to the middle of the word
    const cont = pieces.findIndex((p) => p.startsWith('##'));
    await frame.locator('.tok-box').nth(cont).focus();
    const marked = await frame.locator('[data-testid="tk-text"] mark').innerText();
    expect(text.toLowerCase()).toContain(marked.toLowerCase());
    expect(marked.toLowerCase()).toBe(pieces[cont].slice(2));
    await frame.locator('input[type="number"]').fill('6');
    await expect.poll(() => frame.locator('[data-testid="tk-truncated"]').count()).toBe(1);
    await frame.locator('input[type="number"]').fill('24');
    await frame.locator('.tok-box').nth(2).hover();
    await shoot(page, 'tokenizer');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('architecture: shows the parameter count read from the model and live activations of a block', async () => {
    const { page, errors } = await openEmbed('architecture');
    const frame = await widgetReady(page, 'architecture');
    const recipe = readModelJson('minilm-news-mlm/godeep.json');
    expect((await frame.locator('[data-testid="arch-params"]').innerText()).replace(/,/g, '')).toBe(String(recipe.parameters.total));
    expect(await frame.locator('[data-testid="arch-check"]').innerText()).toContain('the same');
    const blocks = await frame.locator('[data-block]').count();
    expect(blocks).toBe(1 + 2 * recipe.num_layers + 1);
    await frame.locator('[data-block="layer.2.attention"]').click();
    await expect.poll(() => frame.locator('[data-testid="arch-detail"] canvas').count(), { timeout: 30_000 }).toBe(1);
    expect(await frame.locator('[data-testid="arch-detail"] .katex').count()).toBeGreaterThan(0);
    await frame.locator('[data-block="layer.3.ffn"]').click();
    await expect.poll(() => frame.locator('[data-testid="arch-detail"] .tok-box').count()).toBeGreaterThan(3);
    await frame.locator('select').first().selectOption('minilm-agnews');
    await widgetReady(page, 'architecture');
    const cls = readModelJson('minilm-agnews/godeep.json');
    await expect.poll(async () => (await frame.locator('[data-testid="arch-params"]').innerText()).replace(/,/g, '')).toBe(String(cls.parameters.total));
    await frame.locator('[data-block="layer.1.attention"]').click();
    await expect.poll(() => frame.locator('[data-testid="arch-detail"] canvas').count(), { timeout: 30_000 }).toBe(1);
    await shoot(page, 'architecture');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fill-mask: predictions appear, sorted, scores summing to at most 1', async () => {
    const { page, errors } = await openEmbed('fill-mask');
    const frame = await widgetReady(page, 'fill-mask');
    await frame.locator('textarea').fill('The Red Sox beat the Yankees to win the World [MASK].');
    await expect.poll(() => frame.locator('[data-mask] .bar-value').count(), { timeout: 30_000 }).toBe(5);
    await expect.poll(() => frame.locator('[data-testid="fm-results"]').getAttribute('data-pending')).toBe('false');
    const scores = (await frame.locator('[data-mask="0"] .bar-value').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value')))));
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(scores.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]);
    // click a word to mask it: two masks, two lists
    await frame.locator('.fm-words button', { hasText: /^Yankees$/ }).click();
    expect(await frame.locator('textarea').inputValue()).toContain('the [MASK] to win');
    await expect.poll(() => frame.locator('[data-mask]').count(), { timeout: 30_000 }).toBe(2);
    const evalPath = path.resolve('models/minilm-news-mlm/eval.json');
    if (fs.existsSync(evalPath)) {
      const ev = JSON.parse(fs.readFileSync(evalPath, 'utf8'));
      await expect.poll(() => frame.locator('[data-testid="fm-eval"]').innerText()).toContain(`${(ev.top1 * 100).toFixed(1)} %`);
    } else {
      console.log('fill-mask: models/minilm-news-mlm/eval.json not exported yet; the measured accuracy is not checked');
    }
    await shoot(page, 'fill-mask');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('word-similarity: cosine heatmap across layers and two PCA plots', async () => {
    const { page, errors } = await openEmbed('word-similarity');
    const frame = await widgetReady(page, 'word-similarity');
    await expect.poll(() => frame.locator('[data-testid="ws-output"] canvas').count(), { timeout: 60_000 }).toBe(1);
    const recipe = readModelJson('minilm-news-mlm/godeep.json');
    // 4 sentences: 6 pairs, num_layers + 1 columns; the table alternative carries the values
    const rows = await frame.locator('[data-testid="ws-output"] .visually-hidden tbody tr').count();
    expect(rows).toBe(6);
    const cells = await frame.locator('[data-testid="ws-output"] .visually-hidden tbody tr:first-child td').allInnerTexts();
    expect(cells).toHaveLength(recipe.num_layers + 1);
    expect(cells.every((c) => Math.abs(Number(c)) <= 1.0001)).toBe(true);
    expect(await frame.locator('.ws-plot svg circle').count()).toBeGreaterThan(8);
    await shoot(page, 'word-similarity');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('attention: the heatmap draws for a chosen head, the model view and the model selector work', async () => {
    const { page, errors } = await openEmbed('attention');
    const frame = await widgetReady(page, 'attention');
    await expect.poll(() => frame.locator('[data-testid="att-output"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await frame.locator('.att-svg line').count()).toBeGreaterThan(0);
    await frame.locator('.att-svg text').nth(3).hover();
    await frame.screenshot({ path: path.join(SHOTS, 'part1-attention-lines.png') });
    await frame.locator('[data-testid="att-layer"]').selectOption('3');
    await frame.locator('[data-testid="att-head"]').selectOption('5');
    await frame.getByRole('button', { name: 'Head: heatmap' }).click();
    const canvas = frame.locator('[data-testid="att-output"] canvas').first();
    await canvas.waitFor();
    const painted = await canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let nonEmpty = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) nonEmpty++;
      return nonEmpty / (d.length / 4);
    });
    expect(painted).toBeGreaterThan(0.9);
    await frame.getByRole('button', { name: 'Model view' }).click();
    const recipe = readModelJson('minilm-news-mlm/godeep.json');
    expect(await frame.locator('.att-grid canvas').count()).toBe(recipe.num_layers * recipe.num_heads);
    await frame.screenshot({ path: path.join(SHOTS, 'part1-attention-model.png') });
    await frame.getByRole('button', { name: 'layer 1, head 2' }).click();
    expect(await frame.locator('[data-testid="att-head"]').inputValue()).toBe('2');
    await frame.locator('select').first().selectOption('minilm-agnews');
    await widgetReady(page, 'attention');
    await expect.poll(() => frame.locator('[data-testid="att-output"] canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shoot(page, 'attention');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  // Every part-1 embed at 375 px (the architecture with a block open, the attention model view): tests/e2e/phone.e2e.ts.

  it('the part-1 chapters have their widgets and no in-progress markers left, at phone width too', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(baseUrl());
    await page.waitForSelector('[data-chapter]');
    for (const slug of ['introduction', 'architecture', 'pretrained-model']) {
      expect(await page.locator(`[data-chapter="${slug}"] [data-in-progress]`).count(), slug).toBe(0);
    }
    for (const name of ['dataset-browser', 'confusion-toy', 'tokenizer', 'architecture', 'attention', 'fill-mask', 'word-similarity']) {
      expect(await page.locator(`[data-widget="${name}"]`).count(), name).toBe(1);
    }
    const facts = await page.locator('[data-chapter="introduction"] .model-fact').allInnerTexts();
    const recipe = readModelJson('minilm-news-mlm/godeep.json');
    await expect.poll(() => page.locator('[data-chapter="introduction"] .model-fact').first().innerText()).toBe(String(recipe.num_layers));
    expect(facts.length).toBeGreaterThan(2);
    for (const slug of ['introduction', 'architecture', 'pretrained-model']) {
      expect(await noOverflow(page, `[data-chapter="${slug}"]`), `${slug} sticks out at 375 px`).toBe(0);
    }
    await context.close();
  });

  it('reads well in the dark theme and in the article (screenshots for a person to check)', async () => {
    for (const name of ['confusion-toy', 'word-similarity', 'attention']) {
      const { page, errors } = await openEmbed(name, name === 'attention' ? '?view=heatmap' : '', { width: 1000, height: 900 }, 'dark');
      await widgetReady(page, name);
      if (name !== 'confusion-toy') await page.locator(`[data-widget="${name}"] canvas`).first().waitFor({ timeout: 60_000 });
      await page.locator(`[data-widget="${name}"]`).screenshot({ path: path.join(SHOTS, `part1-${name}-dark.png`) });
      expect(errors).toEqual([]);
      await page.context().close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(baseUrl());
    for (const slug of ['introduction', 'architecture', 'pretrained-model']) {
      const chapter = page.locator(`[data-chapter="${slug}"]`);
      await chapter.scrollIntoViewIfNeeded();
      await page.waitForTimeout(1500);
      // viewport shots down the chapter (a full-page capture of this long page times out on 2 cores)
      const top = await chapter.evaluate((el) => el.getBoundingClientRect().top + scrollY);
      const height = await chapter.evaluate((el) => el.getBoundingClientRect().height);
      for (let part = 0; part * 900 < height && part < 8; part++) {
        await page.evaluate((y) => window.scrollTo({ top: y, behavior: 'instant' }), top + part * 900);
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(SHOTS, `part1-chapter-${slug}-${part + 1}.png`), timeout: 60_000 });
      }
    }
    await context.close();
  });
});
