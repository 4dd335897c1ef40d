// Accessibility: axe-core on the whole article (light and dark, after every widget has loaded; every embed page
// is checked in tests/e2e/phone.e2e.ts); keyboard reachability and operation of the main widget controls; a visible focus indicator;
// prefers-reduced-motion; text alternatives for charts and heatmaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, openBrowser, screenshot, widgetReady } from './browser';
import { type Finding, seriousViolations } from './checks';

let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh page with the given theme and motion preference. */
async function openPage(_b: Browser, urlPath = '', viewport = { width: 1280, height: 900 }, colorScheme: 'light' | 'dark' = 'light', reducedMotion: 'reduce' | 'no-preference' = 'no-preference') {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion });
  const page = await context.newPage();
  await page.goto(new URL(urlPath, baseUrl()).href);
  return { page };
}

/** Scrolls the article top to bottom so every widget mounts, then waits until none is still loading. */
async function loadEverything(page: Page) {
  await page.waitForSelector('[data-chapter]');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 700) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-widget][data-state="loading"]').length === 0, null, { timeout: 150_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
}

describe('axe-core', () => {
  it('finds no serious or critical violations in the whole article, light and dark', async () => {
    const { page } = await openPage(browser, '', { width: 1280, height: 900 }, 'light');
    await loadEverything(page);
    const widgets = await page.locator('[data-widget]').count();
    expect(widgets).toBeGreaterThanOrEqual(10);
    // The theme is CSS only (prefers-color-scheme, custom properties the charts use), so switching the emulated
    // scheme re-themes the loaded page: one load of every widget serves both checks.
    const found: Record<string, Finding[]> = {};
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
      found[scheme] = await seriousViolations(page);
      if (found[scheme].length) await screenshot(page, `a11y-article-${scheme}`);
    }
    expect(found).toEqual({ light: [], dark: [] });
    await page.context().close();
  });
  // Every embed page is checked by the phone sweep (tests/e2e/phone.e2e.ts), which visits each one anyway.
});

describe('keyboard', () => {
  it('reaches the main widget controls with Tab and shows a visible focus ring', async () => {
    const { page } = await openPage(browser, '', { width: 1280, height: 900 });
    await loadEverything(page);
    const wanted = ['classifier-input', 'step-scrubber', 'head-0.0'];
    const reached = new Set<string>();
    const noRing: string[] = [];
    await page.locator('body').focus();
    for (let i = 0; i < 1500 && reached.size < wanted.length; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow !== 'none' && cs.boxShadow !== '');
        const id = el.dataset.testid ?? (el.dataset.head ? `head-${el.dataset.head}` : el.tagName.toLowerCase() + (el.className ? `.${String(el.className).split(' ')[0]}` : ''));
        return { id, ring, visible: el.matches(':focus-visible') };
      });
      if (!info) continue;
      if (wanted.includes(info.id)) reached.add(info.id);
      if (!info.ring || !info.visible) noRing.push(info.id);
    }
    expect([...reached].sort()).toEqual([...wanted].sort());
    expect([...new Set(noRing)]).toEqual([]);
    await screenshot(page, 'a11y-focus-ring');
    await page.context().close();
  });

  it('operates the classifier, the training scrubber and the head switches from the keyboard', async () => {
    const { page } = await openPage(browser, '', { width: 1280, height: 900 });
    // Classifier: type into the textarea, the answer follows.
    const classifier = await widgetReady(page, 'classifier');
    const input = classifier.locator('[data-testid="classifier-input"]');
    await input.focus();
    await page.keyboard.press('Control+A');
    const typed = 'The central bank raised interest rates as inflation hit a record';
    await page.keyboard.type(typed);
    await expect.poll(() => classifier.locator('[data-testid="classifier-output"]').getAttribute('data-for'), { timeout: 60_000 }).toBe(typed);
    expect(['World', 'Sports', 'Business', 'Sci/Tech']).toContain(await classifier.locator('[data-testid="top-class"]').getAttribute('data-top'));
    // Tab moves on from the textarea to the row picker (no keyboard trap), which the arrow keys operate.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe('row-picker');

    // Training metrics: Home / End / arrows move the scrubber, and the readout follows.
    const metrics = await widgetReady(page, 'training-metrics');
    const scrubber = metrics.locator('[data-testid="step-scrubber"]');
    {
      await scrubber.focus();
      await page.keyboard.press('Home');
      expect(await scrubber.inputValue()).toBe('0');
      const first = await metrics.locator('[data-testid="metrics-readout"]').innerText();
      await page.keyboard.press('ArrowRight');
      expect(await scrubber.inputValue()).toBe('1');
      await page.keyboard.press('End');
      expect(Number(await scrubber.inputValue())).toBeGreaterThan(1);
      expect(await metrics.locator('[data-testid="metrics-readout"]').innerText()).not.toBe(first);
    }

    // Head ablation: Space on a head switch turns it off (aria-pressed), Enter turns it back on.
    const ablation = await widgetReady(page, 'head-ablation');
    const head = ablation.locator('[data-head="0.0"]');
    await head.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => head.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => ablation.locator('[data-testid="ablation-edited"] .p2-h').textContent(), { timeout: 60_000 }).toContain('1 off');
    await page.keyboard.press('Enter');
    await expect.poll(() => head.getAttribute('aria-pressed')).toBe('true');
    await page.context().close();
  });
});

describe('reduced motion', () => {
  it('runs no CSS animation or transition when the reader asks for reduced motion', async () => {
    const { page } = await openPage(browser, '', { width: 1280, height: 900 }, 'light', 'reduce');
    const context = page.context();
    await loadEverything(page);
    // Change something that would animate (the classifier's bars) and look at everything that is running.
    const classifier = await widgetReady(page, 'classifier');
    const text = 'Astronomers find water on a distant exoplanet with a new telescope';
    await classifier.locator('[data-testid="classifier-input"]').fill(text);
    await expect.poll(() => classifier.locator('[data-testid="classifier-output"]').getAttribute('data-for'), { timeout: 60_000 }).toBe(text);
    const moving = await page.evaluate(() => {
      const running = document.getAnimations().map((a) => `${a.constructor.name}:${(a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? ''}`);
      const declared: string[] = [];
      for (const el of document.querySelectorAll('*')) {
        const cs = getComputedStyle(el);
        const tr = cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
        const an = cs.animationName !== 'none' && cs.animationDuration.split(',').some((d) => parseFloat(d) > 0);
        if (tr || an) declared.push(`${el.tagName.toLowerCase()}.${String((el as HTMLElement).className).split(' ')[0]}`);
      }
      const smooth = getComputedStyle(document.documentElement).scrollBehavior;
      return { running, declared: [...new Set(declared)].slice(0, 20), smooth };
    });
    expect(moving).toEqual({ running: [], declared: [], smooth: 'auto' });
    await context.close();
  });
});

describe('text alternatives', () => {
  it('gives every chart, heatmap and canvas a name or an adjacent table', async () => {
    const { page } = await openPage(browser, '', { width: 1280, height: 900 });
    await loadEverything(page);
    const unnamed = await page.evaluate(() => {
      const out: string[] = [];
      const named = (el: Element) =>
        Boolean(el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby') || el.querySelector(':scope > title')?.textContent?.trim()) ||
        el.getAttribute('aria-hidden') === 'true' ||
        el.getAttribute('role') === 'presentation' ||
        el.getAttribute('role') === 'none';
      // Every top-level svg and canvas in a widget (an svg nested in a named one is part of it).
      for (const el of document.querySelectorAll('[data-widget] svg, [data-widget] canvas')) {
        if (el.parentElement?.closest('svg')) continue;
        if (named(el)) {
          const role = el.getAttribute('role');
          if (el.getAttribute('aria-hidden') !== 'true' && role !== 'presentation' && role !== 'none' && !role && el.tagName.toLowerCase() === 'svg') out.push(`${el.closest('[data-widget]')!.getAttribute('data-widget')}: svg named but without role="img"/"figure"/"group"`);
          continue;
        }
        // A decorative copy next to a table or a text summary is fine too.
        const figure = el.closest('[data-widget]')!;
        const hasTable = figure.querySelector('table, details');
        if (hasTable) continue;
        out.push(`${figure.getAttribute('data-widget')}: <${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> has no text alternative`);
      }
      return [...new Set(out)];
    });
    expect(unnamed).toEqual([]);
    await page.context().close();
  });
});
