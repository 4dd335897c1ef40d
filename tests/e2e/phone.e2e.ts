// Phone widths: at 375 px nothing on the article (chapter by chapter, widgets loaded) or on any embed page
// overflows horizontally. Wide tables and heatmaps must scroll inside their own box (.scroll-region) or adapt.
// The embed sweep also runs axe on each page and wants no console errors: one visit per embed serves every check
// (each visit loads a real model).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chapterList } from '../../content/chapters';
import { registeredWidgets } from '../../vite/embed-pages-plugin';
import { openBrowser, openPage, screenshot } from './browser';
import { type Finding, seriousViolations, sidewaysOverflow } from './checks';

const PHONE = { width: 375, height: 740 };
const widgetNames = registeredWidgets(path.resolve('src/widgets/registry.ts'));
let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('375 px', () => {
  it('no chapter of the article overflows sideways', async () => {
    const { page } = await openPage(browser, '', PHONE);
    await page.waitForSelector('[data-chapter]');
    const problems: Record<string, unknown> = {};
    for (const { slug } of chapterList) {
      const section = page.locator(`[data-chapter="${slug}"]`);
      // Scroll through the chapter so its widgets mount, then wait for them to finish loading.
      const box = await section.boundingBox();
      const top = await page.evaluate(() => window.scrollY);
      for (let y = 0; y < (box?.height ?? 0); y += 600) {
        await page.evaluate((t) => window.scrollTo(0, t), top + (box?.y ?? 0) + y);
        await page.waitForTimeout(40);
      }
      await page.waitForFunction((s) => [...document.querySelectorAll(`[data-chapter="${s}"] [data-widget]`)].every((w) => w.getAttribute('data-state') !== 'loading'), slug, { timeout: 150_000 });
      const o = await sidewaysOverflow(page, `[data-chapter="${slug}"]`);
      if (o.culprits.length) {
        problems[slug] = o.culprits;
        await section.scrollIntoViewIfNeeded();
        await screenshot(page, `phone-chapter-${slug}`);
      }
    }
    const whole = await sidewaysOverflow(page);
    expect({ problems, scrollWidth: whole.scrollWidth }).toEqual({ problems: {}, scrollWidth: whole.innerWidth });
    await page.context().close();
  });

  it('no embed page overflows sideways or has a serious axe violation', async () => {
    const problems: Record<string, unknown> = {};
    const violations: Record<string, Finding[]> = {};
    const consoleErrors: Record<string, string[]> = {};
    for (const name of widgetNames) {
      const { page, errors } = await openPage(browser, `embed/${name}/${EMBED_STATE[name]?.query ?? ''}`, PHONE);
      await page.waitForSelector(`[data-widget="${name}"]`);
      await page.waitForFunction((n) => document.querySelector(`[data-widget="${n}"]`)?.getAttribute('data-state') !== 'loading', name, { timeout: 120_000 });
      await EMBED_STATE[name]?.prepare?.(page);
      await page.waitForTimeout(200);
      const o = await sidewaysOverflow(page);
      if (o.scrollWidth > o.innerWidth || o.culprits.length) problems[name] = o;
      const found = await seriousViolations(page);
      if (found.length) violations[name] = found;
      if (errors.length) consoleErrors[name] = errors;
      // Every embed at phone width, for a person to look at.
      await screenshot(page, `phone-embed-${name}`, true);
      await page.context().close();
    }
    expect({ problems, violations, consoleErrors }).toEqual({ problems: {}, violations: {}, consoleErrors: {} });
    // Every embed page with its real model, one after the other: about 10 s a page on 2 cores, more under load.
  }, 420_000);
});

/** Embeds checked in a state other than their default, where that state is the wider one. */
const EMBED_STATE: Record<string, { query?: string; prepare?: (page: Page) => Promise<void> }> = {
  attention: { query: '?view=model' },
  architecture: {
    prepare: async (page) => {
      await page.locator('[data-block="layer.0.attention"]').click();
      await page.waitForTimeout(1500); // the block's live activations run on the model
    },
  },
};
