import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chapterList } from '../../content/chapters';
import { openBrowser, openPage, screenshot, widgetReady } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the article shell', () => {
  it('renders every chapter in order with no console errors', async () => {
    const { page, errors } = await openPage(browser, '', { width: 1440, height: 900 });
    await page.waitForSelector('[data-chapter]');
    const slugs = await page.$$eval('[data-chapter]', (els) => els.map((e) => e.getAttribute('data-chapter')));
    expect(slugs).toEqual(chapterList.map((c) => c.slug));
    for (const chapter of chapterList) {
      const heading = page.locator(`[data-chapter="${chapter.slug}"] h1#${chapter.slug}`);
      expect((await heading.innerText()).replace('#', '').trim()).toBe(chapter.title);
    }
    await page.waitForTimeout(500);
    await screenshot(page, 'article-1440');
    await screenshot(page, 'article-1440-full', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('has a table of contents that navigates and tracks the reading position', async () => {
    const { page } = await openPage(browser);
    const entry = page.locator('nav.toc a[href="#fine-tuning"]');
    await entry.click();
    await page.waitForFunction(() => location.hash === '#fine-tuning');
    await page.waitForFunction(() => {
      const top = document.getElementById('fine-tuning')!.getBoundingClientRect().top;
      return top >= -5 && top < window.innerHeight / 2;
    });
    await page.waitForFunction(() => document.querySelector('nav.toc a[aria-current]')?.getAttribute('href') === '#fine-tuning');
    const tocCount = await page.locator('nav.toc li').count();
    expect(tocCount).toBeGreaterThan(chapterList.length);
    await page.context().close();
  });

  it('opens deep links at their heading', async () => {
    const { page } = await openPage(browser, '#word-similarity');
    // The heading must be scrolled into the upper half of the view (widgets above it may still grow).
    await page.waitForFunction(() => {
      const el = document.getElementById('word-similarity');
      if (!el || window.scrollY === 0) return false;
      const top = el.getBoundingClientRect().top;
      return top >= -5 && top < window.innerHeight / 2;
    });
    const anchors = await page.locator('#article h2 a.anchor').count();
    expect(anchors).toBeGreaterThan(10);
    await page.context().close();
  });

  it('follows the system dark theme and switches on demand', async () => {
    const { page } = await openPage(browser, '', { width: 1280, height: 900 }, 'dark');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const luminance = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    expect(luminance(await bg())).toBeLessThan(60);
    await screenshot(page, 'article-dark');
    const toggle = page.locator('button.theme-toggle');
    await toggle.click(); // system -> light
    expect(await toggle.getAttribute('data-theme-choice')).toBe('light');
    expect(luminance(await bg())).toBeGreaterThan(200);
    await toggle.click(); // light -> dark
    expect(luminance(await bg())).toBeLessThan(60);
    await page.context().close();
  });

  it('fits a 375 px phone without horizontal overflow', async () => {
    const { page } = await openPage(browser, '', { width: 375, height: 740 });
    await page.waitForSelector('[data-chapter]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'article-375');
    await screenshot(page, 'article-375-full', true);
    await page.locator('.toc-toggle').click();
    await page.locator('nav.toc a[href="#pretrained-model"]').click();
    await page.waitForFunction(() => location.hash === '#pretrained-model');
    await page.context().close();
  });

  it('runs the live token counter on the real tokenizer', async () => {
    const { page, errors } = await openPage(browser);
    const frame = await widgetReady(page, 'token-counter');
    const count = frame.locator('[data-testid="token-count"]');
    await frame.locator('textarea').fill('Unbelievably, the Wildcats won.');
    await page.waitForFunction(() => document.querySelector('[data-testid="token-count"]')?.textContent !== '0');
    // "unbelievably" is not one word piece in the bert-base-uncased vocabulary, so there must be more pieces than words.
    await expect.poll(async () => (await frame.locator('.token').allInnerTexts())[0], { timeout: 30_000 }).toBe('un');
    expect(Number(await count.innerText())).toBeGreaterThan(5);
    await frame.screenshot({ path: 'tests/artifacts/widget-token-counter.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
