#!/usr/bin/env node
// Page performance budgets: builds the production site (NODE_ENV=production, BASE_PATH=/go-deep/) into its own
// folder, serves it with `vite preview`, and measures in headless Chromium (Debian's, via scripts/chromium.mjs):
//   - first contentful paint
//   - time until the first widget is ready, cold and cached (second visit in the same browser context)
//   - JavaScript transferred before the first widget is ready (gzip; models and ORT's .wasm excluded)
//   - long tasks (> 50 ms) on the main thread while typing 30 keys into the classifier
//   - keystroke -> updated classifier output, p50 / p95 (WASM)
// Prints a table and writes bench/results/page-<timestamp>.json. Budgets are reported, not enforced (exit 0),
// unless --strict is given.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { freePort, launchChromium } from './chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASE = '/go-deep/';
const OUT = path.join(ROOT, 'node_modules/.cache/go-deep-bench-page/dist');
const RESULTS = path.join(ROOT, 'bench/results');
const strict = process.argv.includes('--strict');
const skipBuild = process.argv.includes('--no-build');
const started = Date.now();

const BUDGETS = { fcpMs: 1800, firstWidgetColdMs: 8000, firstWidgetCachedMs: 4000, jsBeforeWidgetKB: 350, longTasksOver50: 0, keyP50Ms: 100, keyP95Ms: 100 };

function log(msg) {
  process.stderr.write(`[bench:page ${((Date.now() - started) / 1000).toFixed(0)} s] ${msg}\n`);
}

async function waitFor(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview did not answer at ${url}`);
}

const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

if (!skipBuild) {
  log('building');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', OUT, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', BASE_PATH: BASE } });
}
const port = await freePort();
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', OUT, '--bypass-lock'], {
  cwd: ROOT, env: { ...process.env, BASE_PATH: BASE }, stdio: 'ignore', detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', stop);
const origin = `http://127.0.0.1:${port}`;
const url = `${origin}${BASE}`;
await waitFor(url, 60_000);

/** gzip size of a built file (preview serves uncompressed; a static host would gzip). */
const gzCache = new Map();
function gzipBytes(urlPath) {
  if (!gzCache.has(urlPath)) {
    const rel = decodeURIComponent(new URL(urlPath).pathname).slice(BASE.length);
    const file = path.join(OUT, rel);
    gzCache.set(urlPath, fs.existsSync(file) ? zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length : 0);
  }
  return gzCache.get(urlPath);
}

const isScript = (u, type) => type === 'script' || /\.(m?js)(\?|$)/.test(u);
const excluded = (u) => /\/models\//.test(u) || /\.wasm(\?|$)/.test(u);

const browser = await launchChromium();
const results = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

  /** Opens the classifier's embed page (the article's first live model widget) and times it. */
  async function visit(label, pagePath) {
    const page = await context.newPage();
    const scripts = [];
    let ready = false;
    page.on('requestfinished', (req) => {
      if (ready) return;
      const u = req.url();
      if (isScript(u, req.resourceType()) && !excluded(u)) scripts.push(u);
    });
    const t0 = Date.now();
    await page.goto(`${url}${pagePath}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-widget]')?.getAttribute('data-state') === 'ready' && document.querySelector('[data-testid="classifier-output"][data-settled="true"]'), null, { timeout: 120_000, polling: 20 });
    ready = true;
    const wall = Date.now() - t0;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { fcp: fcp?.startTime ?? NaN, sinceNav: performance.now() - (nav?.startTime ?? 0) };
    });
    const unique = [...new Set(scripts)];
    const jsKB = unique.reduce((a, u) => a + gzipBytes(u), 0) / 1024;
    log(`${label}: FCP ${timing.fcp.toFixed(0)} ms, widget ready ${timing.sinceNav.toFixed(0)} ms (wall ${wall} ms), ${unique.length} scripts, ${jsKB.toFixed(0)} kB gz`);
    return { page, fcp: timing.fcp, ready: timing.sinceNav, jsKB, scripts: unique.map((u) => new URL(u).pathname) };
  }

  // The article itself: first contentful paint, and the first widget (in reading order) to become ready.
  {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-widget][data-state="ready"]'), null, { timeout: 120_000 });
    const t = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      ready: performance.now(),
      widget: document.querySelector('[data-widget][data-state="ready"]')?.getAttribute('data-widget'),
    }));
    results.article = t;
    log(`article: FCP ${t.fcp.toFixed(0)} ms, first widget (${t.widget}) ready at ${t.ready.toFixed(0)} ms`);
    await page.close();
  }

  const cold = await visit('classifier cold', 'embed/classifier/');
  await cold.page.close();
  const cached = await visit('classifier cached', 'embed/classifier/?debug=engine');
  results.classifierCold = { fcp: cold.fcp, ready: cold.ready, jsKB: cold.jsKB, scripts: cold.scripts };
  results.classifierCached = { fcp: cached.fcp, ready: cached.ready, jsKB: cached.jsKB };

  // Typing: 30 keys into the classifier, one at a time; each waits for the output for exactly that text.
  const page = cached.page;
  // Typing is measured on a settled page: the test split (for the row picker) has arrived and been parsed.
  await page.waitForSelector('[data-testid="row-picker"]:not([disabled])', { timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const input = page.locator('[data-testid="classifier-input"]');
  const keys = ' the chip maker rose sharply o';
  const latencies = [];
  let text;
  await input.fill('Shares of');
  await page.waitForFunction(() => document.querySelector('[data-testid="classifier-output"]')?.getAttribute('data-for') === 'Shares of', null, { timeout: 60_000 });
  await page.evaluate(() => (window.__longTasks = []));
  await input.focus();
  await page.keyboard.press('End');
  text = 'Shares of';
  for (const k of keys) {
    text += k;
    const want = text.trim();
    await page.evaluate(() => {
      window.__keyT0 = null;
      document.querySelector('[data-testid="classifier-input"]').addEventListener('keydown', () => (window.__keyT0 = performance.now()), { once: true });
    });
    await page.keyboard.press(k === ' ' ? 'Space' : k);
    const ms = await page.evaluate(
      (want) =>
        new Promise((resolve) => {
          const check = () => {
            const out = document.querySelector('[data-testid="classifier-output"]');
            if (out?.getAttribute('data-for') === want && out.getAttribute('data-settled') === 'true') resolve(performance.now() - window.__keyT0);
            else requestAnimationFrame(check);
          };
          check();
        }),
      want,
    );
    latencies.push(ms);
  }
  const longTasks = await page.evaluate(() => window.__longTasks);
  results.typing = {
    keys: keys.length,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    max: Math.max(...latencies),
    longTasksOver50: longTasks.filter((d) => d > 50).length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    backend: await page.evaluate(async () => (await window.__goDeepEngine?.status())?.backend ?? 'unknown'),
  };
  await page.close();
  await context.close();
} finally {
  await browser.close();
  stop();
}

const rows = [
  ['first contentful paint (article)', results.article.fcp, BUDGETS.fcpMs, 'ms'],
  [`first widget ready (article: ${results.article.widget})`, results.article.ready, BUDGETS.firstWidgetColdMs, 'ms'],
  ['classifier embed ready, cold', results.classifierCold.ready, BUDGETS.firstWidgetColdMs, 'ms'],
  ['classifier embed ready, cached', results.classifierCached.ready, BUDGETS.firstWidgetCachedMs, 'ms'],
  ['JS before classifier ready (gzip)', results.classifierCold.jsKB, BUDGETS.jsBeforeWidgetKB, 'kB'],
  ['long tasks > 50 ms while typing 30 keys', results.typing.longTasksOver50, BUDGETS.longTasksOver50, ''],
  ['longest main-thread task while typing', results.typing.longestTaskMs, 50, 'ms'],
  ['keystroke -> classifier output p50', results.typing.p50, BUDGETS.keyP50Ms, 'ms'],
  ['keystroke -> classifier output p95', results.typing.p95, BUDGETS.keyP95Ms, 'ms'],
];
const over = [];
console.log(`\n${'measure'.padEnd(48)} ${'value'.padStart(10)} ${'budget'.padStart(10)}  ok`);
for (const [name, value, budget, unit] of rows) {
  const ok = value <= budget;
  if (!ok) over.push(name);
  console.log(`${name.padEnd(48)} ${`${Number(value).toFixed(unit === 'kB' ? 1 : 0)} ${unit}`.padStart(10)} ${`${budget} ${unit}`.padStart(10)}  ${ok ? 'yes' : 'NO'}`);
}
fs.mkdirSync(RESULTS, { recursive: true });
const file = path.join(RESULTS, `page-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), budgets: BUDGETS, results, overBudget: over, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
console.log(`\nwrote ${path.relative(ROOT, file)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(strict && over.length ? 1 : 0);
