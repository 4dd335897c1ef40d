#!/usr/bin/env node
// Engine benchmark: headless Chromium on a production build, the engine driven through ?debug=engine.
// Reports p50/p95 latency of classify / fillMask / encode / attribute (occlusion, integrated gradients) at 16, 64 and
// 128 tokens on WASM (and on WebGPU when Chromium offers an adapter, with fewer runs: SwiftShader is slow), plus cold
// and cached model load times, and the ratio of the engine's classify / fillMask latency to a plain transformers.js
// pipeline() running the same int8 files on the same texts in the same browser (scripts/bench/pipeline-baseline.*,
// a page built only here). Few runs per cell (15; p95 is close to the max): this is a smoke benchmark that
// finishes in about three minutes on 2 cores, not a lab measurement. fill-mask/encode use the MLM, whose max_length
// (godeep.json) may be below 128: the table shows the tokens actually run. Prints a table and writes JSON to bench/results/ (git-ignored).
//
//   npm run bench                 # builds into node_modules/.cache/go-deep-bench (first time, or with --build)
//   npm run bench -- --build      # rebuild first
//   npm run bench -- --no-webgpu  # WASM only
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launchChromium } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'node_modules/.cache/go-deep-bench/dist');
const args = new Set(process.argv.slice(2));
const CLS = 'minilm-agnews';
const MLM = 'minilm-news-mlm';
const LENGTHS = [16, 64, 128];

// ---- 1. build (once) and serve
const BASELINE_PAGE = 'scripts/bench/pipeline-baseline.html';
if (args.has('--build') || !fs.existsSync(path.join(outDir, 'index.html')) || !fs.existsSync(path.join(outDir, BASELINE_PAGE))) {
  console.log('building into', path.relative(root, outDir));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, BASE_PATH: '/', GODEEP_BENCH: '1' },
  });
}
const port = await freePort();
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
  cwd: root, env: { ...process.env, BASE_PATH: '/' }, stdio: 'ignore', detached: true,
});
const stop = () => server.pid && process.kill(-server.pid, 'SIGTERM');
process.on('exit', stop);
const origin = `http://127.0.0.1:${port}/`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(origin)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 300) throw new Error('preview server did not start');
  await new Promise((r) => setTimeout(r, 200));
}

// ---- 2. one backend: load times, then each op at each length
/** A news-like text of `length` word pieces ([CLS] and [SEP] included), with a [MASK] for fill-mask. */
function benchText(length, masked) {
  const words = 'stocks rallied on wall street after the fed held rates and oil prices fell sharply in asia'.split(' ');
  const pieces = Array.from({ length: length - 2 }, (_, i) => words[i % words.length]);
  if (masked) pieces[2] = '[MASK]';
  return pieces.join(' ');
}

function quantiles(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { p50: q(0.5), p95: q(0.95) };
}

/** Tokens per second at the median latency: one text of `tokens` word pieces per call. */
const tokensPerSecond = (tokens, p50) => (tokens * 1000) / p50;

function printRow(label, { op, tokens, p50, p95 }) {
  console.log(`  ${label.padEnd(8)} ${op.padEnd(31)} ${String(tokens).padStart(4)} tok  p50 ${p50.toFixed(1).padStart(8)} ms  p95 ${p95.toFixed(1).padStart(8)} ms  ${tokensPerSecond(tokens, p50).toFixed(0).padStart(6)} tok/s`);
}
async function benchBackend(backend) {
  const browser = await launchChromium({ webgpu: backend === 'webgpu' });
  try {
    const context = await browser.newContext();
    const open = async () => {
      const page = await context.newPage();
      await page.goto(`${origin}?debug=engine&backend=${backend}`);
      await page.waitForFunction(() => '__goDeepEngine' in window);
      return page;
    };
    const timeLoad = (page) =>
      page.evaluate(async ([cls, mlm]) => {
        const t0 = performance.now();
        await window.__goDeepEngine.load(cls, undefined, { gradients: true });
        const t1 = performance.now();
        await window.__goDeepEngine.load(mlm);
        return { [cls]: t1 - t0, [mlm]: performance.now() - t1, status: await window.__goDeepEngine.status() };
      }, [CLS, MLM]);
    const coldPage = await open();
    const cold = await timeLoad(coldPage);
    await coldPage.close(); // an idle page with loaded sessions would still hold a WASM thread pool
    const page = await open();
    const cached = await timeLoad(page);
    if (cold.status.backend !== backend) return { backend, skipped: `engine reports ${cold.status.backend}: ${cold.status.fallbackReason ?? ''}` };
    const gpu = backend === 'webgpu';
    const plan = [
      { op: 'classify', runs: gpu ? 3 : 15 },
      { op: 'fillMask', runs: gpu ? 0 : 15 },
      { op: 'encode', runs: gpu ? 3 : 15 },
      { op: 'attribute:occlusion', runs: gpu ? 0 : 2 },
      { op: 'attribute:integrated-gradients', runs: gpu ? 0 : 2 }, // the gradient graph always runs on WASM
    ];
    // V8 compiles WebAssembly with a fast baseline tier first and optimises it in the background; before that is
    // done the first cells run slow (in Node, a 10-token classify went from 69 ms to 15 ms). Warm up for 5 s first.
    await page.evaluate(async ({ cls, mlm }) => {
      const e = window.__goDeepEngine;
      const until = performance.now() + 5000;
      while (performance.now() < until) {
        await e.classify(cls, 'Stocks rallied on Friday after strong earnings.');
        await e.fillMask(mlm, 'Stocks [MASK] on Friday.', 5);
      }
    }, { cls: CLS, mlm: MLM });
    const rows = [];
    for (const length of gpu ? [16, 64] : LENGTHS) {
      for (const { op, runs } of plan) {
        if (!runs) continue;
        const r = await page.evaluate(async ({ op, text, runs, cls, mlm }) => {
          const e = window.__goDeepEngine;
          const run = {
            classify: () => e.classify(cls, text),
            fillMask: () => e.fillMask(mlm, text, 5),
            encode: () => e.encode(mlm, text),
            'attribute:occlusion': () => e.attribute(cls, text, 'occlusion'),
            'attribute:integrated-gradients': () => e.attribute(cls, text, 'integrated-gradients'),
          }[op];
          const first = await run(); // warm-up (three calls: the first ones also warm the thread pool)
          await run();
          await run();
          const times = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            await run();
            times.push(performance.now() - t0);
          }
          return { tokens: first.tokenization.inputIds.length, times };
        }, { op, text: benchText(length, op === 'fillMask'), runs, cls: CLS, mlm: MLM });
        const row = { op, length, tokens: r.tokens, runs, ...quantiles(r.times) };
        row.tokensPerS = tokensPerSecond(row.tokens, row.p50);
        rows.push(row);
        printRow(backend, row);
      }
    }
    // The baseline (a plain pipeline() on the same files) runs after the engine's pages are closed: two pages'
    // WASM thread pools spinning side by side on 2 cores would slow both (an earlier interleaved run showed it).
    if (!gpu) {
      await page.close();
      const baseline = await openBaseline(context, cached.status.threads);
      await baseline.evaluate(async () => {
        const until = performance.now() + 5000;
        while (performance.now() < until) {
          await window.__pipelineBaseline.run('text-classification', 'Stocks rallied on Friday after strong earnings.', 5);
          await window.__pipelineBaseline.run('fill-mask', 'Stocks [MASK] on Friday.', 5);
        }
      });
      for (const row of rows) {
        const task = { classify: 'text-classification', fillMask: 'fill-mask' }[row.op];
        if (!task) continue;
        const times = await baseline.evaluate(async ({ task, text, runs }) => {
          const b = window.__pipelineBaseline;
          for (let i = 0; i < 3; i++) await b.run(task, text, 5); // warm-up
          const times = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            await b.run(task, text, 5);
            times.push(performance.now() - t0);
          }
          return times;
        }, { task, text: benchText(row.length, row.op === 'fillMask'), runs: row.runs });
        row.pipeline = quantiles(times);
        row.pipeline.tokensPerS = tokensPerSecond(row.tokens, row.pipeline.p50);
        row.ratioP50 = row.p50 / row.pipeline.p50;
        printRow('pipeline', { ...row, ...row.pipeline });
      }
    }
    return { backend, status: cached.status, loadMs: { cold: { [CLS]: cold[CLS], [MLM]: cold[MLM] }, cached: { [CLS]: cached[CLS], [MLM]: cached[MLM] } }, rows };
  } finally {
    await browser.close();
  }
}

/** The baseline page with both pipelines loaded from the bundled models/ folder (int8, WASM, the engine's threads). */
async function openBaseline(context, threads) {
  const page = await context.newPage();
  await page.goto(`${origin}${BASELINE_PAGE}`);
  await page.waitForFunction(() => '__pipelineBaseline' in window);
  await page.evaluate(async ({ cls, mlm, base, threads }) => {
    await window.__pipelineBaseline.load('text-classification', cls, base, threads);
    await window.__pipelineBaseline.load('fill-mask', mlm, base, threads);
  }, { cls: CLS, mlm: MLM, base: `${origin}models/`, threads });
  return page;
}

const results = [];
for (const backend of args.has('--no-webgpu') ? ['wasm'] : ['wasm', 'webgpu']) {
  console.log(`\n${backend}:`);
  results.push(await benchBackend(backend));
}

// ---- 3. report
console.log('\nload times (ms)       cold      cached');
for (const r of results) {
  if (r.skipped) {
    console.log(`  ${r.backend}: skipped (${r.skipped})`);
    continue;
  }
  for (const id of [CLS, MLM]) console.log(`  ${r.backend.padEnd(6)} ${id.padEnd(16)} ${r.loadMs.cold[id].toFixed(0).padStart(7)} ${r.loadMs.cached[id].toFixed(0).padStart(9)}`);
}
const ratios = results.flatMap((r) => (r.rows ?? []).filter((row) => row.pipeline));
if (ratios.length) {
  console.log('\nengine vs plain transformers.js pipeline(), same int8 files and texts (p50 ms; ratio < 1: engine faster)');
  for (const row of ratios) {
    console.log(`  ${row.op.padEnd(9)} ${String(row.tokens).padStart(4)} tok  engine ${row.p50.toFixed(1).padStart(7)}  pipeline ${row.pipeline.p50.toFixed(1).padStart(7)}  ratio ${row.ratioP50.toFixed(2)}`);
  }
}
const dir = path.join(root, 'bench/results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `engine-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), cpus: (await import('node:os')).cpus().length, results }, null, 1));
console.log(`\nwrote ${path.relative(root, file)}`);
stop();
process.exit(0);
