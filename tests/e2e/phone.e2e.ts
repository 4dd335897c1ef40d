// Phone widths: at 375 px nothing on the article (chapter by chapter, widgets loaded) or on any embed page
// overflows horizontally. Wide tables and heatmaps must scroll inside their own box (.scroll-region) or adapt.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chapterList } from '../../content/chapters';
import { registeredWidgets } from '../../vite/embed-pages-plugin';
import { openBrowser, openPage, screenshot } from './browser';

const PHONE = { width: 375, height: 740 };
const widgetNames = registeredWidgets(path.resolve('src/widgets/registry.ts'));
let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The page's horizontal overflow, and the outermost elements that stick out past the viewport (not clipped by a scrolling box). */
async function overflow(page: Page, within = 'body') {
  return page.evaluate((sel) => {
    const vw = window.innerWidth;
    const culprits: string[] = [];
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll(`${sel} *`)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 1 || clipped(el)) continue;
      if (el.parentElement && el.parentElement.getBoundingClientRect().right > vw + 1 && !clipped(el.parentElement)) continue; // report the outermost only
      const name = el.closest('[data-widget]')?.getAttribute('data-widget') ?? el.closest('[data-chapter]')?.getAttribute('data-chapter') ?? '';
      culprits.push(`${name}: <${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> right edge ${Math.round(r.right)} px`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, culprits: [...new Set(culprits)].slice(0, 12) };
  }, within);
}

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
      const o = await overflow(page, `[data-chapter="${slug}"]`);
      if (o.culprits.length) {
        problems[slug] = o.culprits;
        await section.scrollIntoViewIfNeeded();
        await screenshot(page, `phone-chapter-${slug}`);
      }
    }
    const whole = await overflow(page);
    expect({ problems, scrollWidth: whole.scrollWidth }).toEqual({ problems: {}, scrollWidth: whole.innerWidth });
    await page.context().close();
  });

  it('no embed page overflows sideways', async () => {
    const problems: Record<string, unknown> = {};
    for (const name of widgetNames) {
      const { page } = await openPage(browser, `embed/${name}/`, PHONE);
      await page.waitForSelector(`[data-widget="${name}"]`);
      await page.waitForFunction((n) => document.querySelector(`[data-widget="${n}"]`)?.getAttribute('data-state') !== 'loading', name, { timeout: 120_000 });
      await page.waitForTimeout(200);
      const o = await overflow(page);
      if (o.scrollWidth > o.innerWidth || o.culprits.length) {
        problems[name] = o;
        await screenshot(page, `phone-embed-${name}`, true);
      }
      await page.context().close();
    }
    expect(problems).toEqual({});
    // Every embed page with its real model, one after the other: about 7 s a page on 2 cores, more under load.
  }, 360_000);
});
