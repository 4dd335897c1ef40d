// Part 2 widgets (fine-tuning, inference, improvement), each on its own embed page with the real models and
// the real files the training pipeline wrote (training_log.json, resources.json, eval.json, test_predictions.json).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, openBrowser, readModelJson, widgetReady } from './browser';

const SHOTS = path.resolve('tests/artifacts');
let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(name: string, viewport = { width: 1100, height: 900 }, query = '') {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(new URL(`embed/${name}/${query}`, baseUrl()).href);
  return { page, errors };
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `part2-${name}.png`), fullPage: true });
}

const probsOf = (page: Page, scope = '[data-testid="probabilities"]') =>
  page.$$eval(`${scope} .bar-value`, (els) => els.map((e) => Number(e.getAttribute('data-value'))));

describe('part 2 widgets', () => {
  it('batch-tokenization: pads to the longest row or to max_length, shows the recipe', async () => {
    const { page, errors } = await open('batch-tokenization');
    const frame = await widgetReady(page, 'batch-tokenization', 120_000);
    await page.waitForSelector('[data-testid="batch-shape"]');
    const shapeLongest = await page.innerText('[data-testid="batch-shape"]');
    await page.selectOption('[data-testid="padding"]', 'max_length');
    await page.waitForFunction(() => document.querySelector('[data-testid="batch-shape"]')?.textContent?.includes('(4, 32)'));
    expect(shapeLongest).not.toContain('(4, 32)');
    await page.selectOption('[data-testid="max-length"]', '16');
    await page.waitForFunction(() => document.querySelector('[data-testid="batch-shape"]')?.textContent?.includes('(4, 16)'));
    expect(await frame.locator('[data-testid="recipe"] tr').count()).toBeGreaterThan(3);
    await shot(page, 'batch-tokenization');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('training-metrics: the scrubber moves the read-out', async () => {
    const { page, errors } = await open('training-metrics');
    await widgetReady(page, 'training-metrics');
    const readout = page.locator('[data-testid="metrics-readout"]');
    const before = await readout.innerText();
    const scrubber = page.locator('[data-testid="step-scrubber"]');
    await scrubber.focus();
    await page.keyboard.press('Home');
    const after = await readout.innerText();
    expect(after).not.toEqual(before);
    await page.keyboard.press('ArrowRight');
    expect(await readout.innerText()).not.toEqual(after);
    expect(await page.locator('.linechart svg path').count()).toBeGreaterThan(2);
    await shot(page, 'training-metrics');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('training-metrics: ?step= opens at that logged step and the share link follows the scrubber', async () => {
    const steps: number[] = readModelJson('minilm-agnews/training_log.json').entries.map((e: { step: number }) => e.step);
    // A step between two log lines snaps back to the earlier one.
    const target = steps[2];
    const { page, errors } = await open('training-metrics', undefined, `?step=${target + 1}`);
    await widgetReady(page, 'training-metrics');
    const readout = page.locator('[data-testid="metrics-readout"]');
    expect(await readout.innerText()).toMatch(new RegExp(`^Step ${target.toLocaleString('en-US')} `));
    await page.locator('[data-testid="step-scrubber"]').focus();
    await page.keyboard.press('Home');
    expect(await readout.innerText()).toMatch(new RegExp(`^Step ${steps[0].toLocaleString('en-US')} `));
    await page.waitForFunction((s) => document.querySelector('[data-share-href]')?.getAttribute('href')?.includes(`step=${s}`), steps[0]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('resources: shows the run and runs the in-browser benchmark', async () => {
    const { page, errors } = await open('resources');
    await widgetReady(page, 'resources');
    await page.click('[data-testid="run-benchmark"]');
    await page.waitForSelector('[data-testid="benchmark-result"]', { timeout: 120_000 });
    expect(['wasm', 'webgpu']).toContain(await page.innerText('[data-testid="bench-backend"]'));
    await shot(page, 'resources');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('classifier: probabilities sum to 1, the shown top class is the argmax, surprise reveals a label', async () => {
    const { page, errors } = await open('classifier');
    await widgetReady(page, 'classifier', 120_000);
    await page.fill('[data-testid="classifier-input"]', 'Yankees beat the Red Sox 5-3 as Jeter homers in the ninth inning');
    await page.waitForFunction(() => document.querySelector('[data-testid="top-class"]')?.closest('[aria-live]')?.getAttribute('style')?.includes('opacity: 1'));
    const probs = await probsOf(page);
    expect(probs).toHaveLength(4);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    const top = await page.getAttribute('[data-testid="top-class"]', 'data-top');
    const labels = await page.$$eval('[data-testid="probabilities"] .bar-label', (els) => els.map((e) => e.textContent!.replace(' (true)', '')));
    expect(top).toBe(labels[probs.indexOf(Math.max(...probs))]);
    await page.click('[data-testid="surprise"]');
    await page.waitForSelector('[data-testid="truth"]', { timeout: 60_000 });
    await shot(page, 'classifier');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('feature-importance: four methods and their rank correlations', async () => {
    const { page, errors } = await open('feature-importance');
    await widgetReady(page, 'feature-importance', 120_000);
    await page.waitForSelector('[data-method]', { timeout: 120_000 });
    const methods = await page.$$eval('[data-method]', (els) => els.map((e) => e.getAttribute('data-method')));
    expect(methods).toEqual(['occlusion', 'gradient-x-input', 'integrated-gradients', 'attention-rollout']);
    const diag = await page.$$eval('[data-testid="fi-correlation"] tbody tr', (rows) => rows.map((r, i) => r.querySelectorAll('td')[i].textContent));
    expect(diag).toEqual(['1.00', '1.00', '1.00', '1.00']);
    await shot(page, 'feature-importance');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('pos-ner: tags the sentence and aggregates by part of speech', async () => {
    const { page, errors } = await open('pos-ner');
    await widgetReady(page, 'pos-ner', 120_000);
    await page.waitForSelector('[data-testid="pos-words"] tbody tr', { timeout: 120_000 });
    const tags = await page.$$eval('[data-testid="pos-words"] tbody tr td:nth-child(2)', (els) => els.map((e) => e.textContent));
    expect(tags).toContain('PROPN');
    const shares = await page.$$eval('[aria-label="Share of importance by part of speech"] .bar-value', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    await shot(page, 'pos-ner');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('head-ablation: switching a layer off changes the probabilities', async () => {
    const { page, errors } = await open('head-ablation');
    await widgetReady(page, 'head-ablation', 120_000);
    await page.waitForSelector('[data-testid="ablation-edited"]', { timeout: 120_000 });
    const before = await page.getAttribute('[data-testid="ablation-edited"]', 'data-probabilities');
    await page.click('button[data-layer="0"]');
    await page.click('button[data-layer="1"]');
    await page.waitForFunction((b) => {
      const el = document.querySelector('[data-testid="ablation-edited"]');
      return el && el.getAttribute('data-probabilities') !== b && !el.textContent?.includes('updating');
    }, before, { timeout: 60_000 });
    const after = (await page.getAttribute('[data-testid="ablation-edited"]', 'data-probabilities'))!.split(',').map(Number);
    expect(after.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(await page.locator('button[data-head][aria-pressed="false"]').count()).toBeGreaterThanOrEqual(24);
    await shot(page, 'head-ablation');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('error-analysis: a clicked cell lists its rows; reliability and ECE', async () => {
    const { page, errors } = await open('error-analysis');
    await widgetReady(page, 'error-analysis');
    await page.waitForSelector('[data-cell]');
    await page.click('[data-cell="2-3"]');
    await page.waitForSelector('[data-testid="cell-rows"] li');
    expect(await page.locator('[data-testid="cell-rows"] li').count()).toBeGreaterThan(0);
    expect(await page.innerText('[data-testid="cell-summary"]')).toContain('Business');
    expect(await page.locator('svg.reliability rect').count()).toBeGreaterThan(0);
    // One bar per length band that eval.json holds, and the bands cover the whole test split.
    const bands: { count: number }[] = readModelJson('minilm-agnews/eval.json').onnx_int8.accuracy_by_length;
    expect(await page.locator('ol[aria-label="Test accuracy by input length in word pieces"] li').count()).toBe(bands.length);
    expect(bands.reduce((a, b) => a + b.count, 0)).toBe(7600);
    const note = await page.innerText('[data-testid="length-bands-note"]');
    for (const b of bands) expect(note).toContain(b.count.toLocaleString('en-US'));
    await shot(page, 'error-analysis');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('error-analysis: ?cell= and ?calibrated= open that cell and view; a click updates the share link', async () => {
    const { page, errors } = await open('error-analysis', undefined, '?cell=3-2&calibrated=false');
    await widgetReady(page, 'error-analysis');
    await page.waitForSelector('[data-testid="cell-rows"] li');
    const summary = await page.innerText('[data-testid="cell-summary"]');
    expect(summary).toMatch(/True Sci\/Tech, predicted Business/);
    // The count shown is the matrix cell's count in eval.json.
    expect(summary).toContain(String(readModelJson('minilm-agnews/eval.json').onnx_int8.confusion_matrix[3][2]));
    expect(await page.inputValue('[data-testid="calibration-toggle"]')).toBe('before');
    await page.click('[data-cell="0-1"]');
    await page.waitForFunction(() => document.querySelector('[data-share-href]')?.getAttribute('href')?.includes('cell=0-1'));
    expect(await page.innerText('[data-testid="cell-summary"]')).toMatch(/True World, predicted Sports/);
    // A malformed cell is ignored, not an error.
    const bad = await open('error-analysis', undefined, '?cell=%3Cb%3E9-9');
    await widgetReady(bad.page, 'error-analysis');
    expect(await bad.page.locator('[data-testid="cell-rows"]').count()).toBe(0);
    expect(bad.errors).toEqual([]);
    await bad.page.context().close();
    expect(errors).toEqual([]);
    await page.context().close();
  });
  // Every part-2 embed at 375 px: tests/e2e/phone.e2e.ts.
});
