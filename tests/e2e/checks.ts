// Page checks shared by the accessibility, phone and embed sweeps: axe-core's serious findings, and content that
// sticks out sideways past the viewport.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const AXE = path.resolve('node_modules/axe-core/axe.min.js');

export interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe on the page and returns the serious and critical violations, each with its failing selectors. */
export async function seriousViolations(page: Page): Promise<Finding[]> {
  // The CSP forbids inline scripts, so inject axe's source as a page function (CDP evaluation, not a <script>).
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  }
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 8).map((n) => `${n.target.join(' ')} :: ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}`) }));
}

/** The page's horizontal overflow, and the outermost elements that stick out past the viewport (not clipped by a scrolling box). */
export async function sidewaysOverflow(page: Page, within = 'body') {
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
