// Shared e2e helpers: a fresh page per test that records console errors and failed requests, and screenshots
// under tests/artifacts/ for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.mjs';

export const baseUrl = () => inject('baseUrl');

export interface WatchedPage {
  page: Page;
  errors: string[];
}

/** A JSON file the models pipeline wrote, by its path under models/: tests read expected values from it. */
export const readModelJson = (rel: string) => JSON.parse(fs.readFileSync(path.resolve('models', rel), 'utf8'));

export async function openBrowser(options: { webgpu?: boolean } = {}): Promise<Browser> {
  return launchChromium(options);
}

export async function openPage(browser: Browser, urlPath = '', viewport = { width: 1280, height: 900 }, colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  await page.goto(new URL(urlPath, baseUrl()).href);
  return { page, errors };
}

export async function screenshot(page: Page, name: string, fullPage = false) {
  const dir = path.resolve('tests/artifacts');
  fs.mkdirSync(dir, { recursive: true });
  // A full-page shot of the whole article (over 40,000 px tall) takes 20 s or more while its widgets still compute.
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage, timeout: 90_000 });
}

/** Waits until a widget's frame reports ready (or fails the test with the widget's error text). */
export async function widgetReady(page: Page, name: string, timeout = 90_000) {
  const frame = page.locator(`[data-widget="${name}"]`).first();
  await frame.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector(`[data-widget="${n}"]`);
      return el && el.getAttribute('data-state') !== 'loading';
    },
    name,
    { timeout },
  );
  const state = await frame.getAttribute('data-state');
  if (state !== 'ready') throw new Error(`widget ${name} is ${state}: ${await frame.innerText()}`);
  return frame;
}
