#!/usr/bin/env node
// Engine benchmark: headless Chromium on a production build, the engine driven through ?debug=engine on a page of its
// own (scripts/bench/engine-page.*, no article widgets competing for the cores).
// Reports p50/p95 latency of classify / fillMask / encode / attribute (occlusion, integrated gradients) at 16, 64 and
// 128 tokens on WASM (and on WebGPU when Chromium offers an adapter, with fewer runs: SwiftShader is slow), plus cold
// and cached model load times, and the ratio of the engine's classify / fillMask latency to a plain transformers.js
// pipeline() running the same int8 files on the same texts in the same browser (scripts/bench/pipeline-baseline.*).
// Both pages are built only here. Engine and pipeline calls alternate within each cell, so the ratio is not skewed
// by the machine's speed drifting between two blocks of runs. 25 runs per paired cell: a smoke benchmark that
// finishes in a few minutes on 2 cores, not a lab measurement. Lengths above the models' max_length (64) run as a
// classifyBatch of 64-token texts (one longer text would be truncated by the engine, not by the pipeline). Prints a table and writes JSON to bench/results/ (git-ignored).
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
const ENGINE_PAGE = 'scripts/bench/engine-page.html';
if (args.has('--build') || ![BASELINE_PAGE, ENGINE_PAGE].every((p) => fs.existsSync(path.join(outDir, p)))) {
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
/** One timed call in `page` (after 20 ms idle, so the other page's thread pool has stopped spinning). */
function timeCall(page, call) {
  return page.evaluate(async ({ kind, op, text, texts, cls, mlm }) => {
    await new Promise((r) => setTimeout(r, 20));
    let run;
    if (kind === 'engine') {
      const e = window.__goDeepEngine;
      run = {
        classify: () => e.classify(cls, text),
        fillMask: () => e.fillMask(mlm, text, 5),
        encode: () => e.encode(mlm, text),
        'attribute:occlusion': () => e.attribute(cls, text, 'occlusion'),
        'attribute:integrated-gradients': () => e.attribute(cls, text, 'integrated-gradients'),
        classifyBatch: () => e.classifyBatch(cls, texts),
      }[op];
    } else {
      const task = { classify: 'text-classification', classifyBatch: 'text-classification', fillMask: 'fill-mask' }[op];
      run = () => window.__pipelineBaseline.run(task, op === 'classifyBatch' ? texts : text, 5);
    }
    const t0 = performance.now();
    const result = await run();
    const results = Array.isArray(result) && op === 'classifyBatch' ? result : [result];
    return { ms: performance.now() - t0, tokens: results.reduce((n, r) => n + (r?.tokenization?.inputIds.length ?? 0), 0) };
  }, { ...call, cls: CLS, mlm: MLM });
}

async function benchBackend(backend) {
  const browser = await launchChromium({ webgpu: backend === 'webgpu' });
  try {
    const context = await browser.newContext();
    const open = async () => {
      const page = await context.newPage();
      await page.goto(`${origin}${ENGINE_PAGE}?debug=engine&backend=${backend}`);
      await page.waitForFunction(() => '__goDeepEngine' in window);
      return page;
    };
    const timeLoad = (page) =>
      page.evaluate(async ([cls, mlm]) => {
        const t0 = performance.now();
        const info = await window.__goDeepEngine.load(cls, undefined, { gradients: true });
        const t1 = performance.now();
        const mlmInfo = await window.__goDeepEngine.load(mlm);
        return { [cls]: t1 - t0, [mlm]: performance.now() - t1, maxLength: Math.min(info.maxLength, mlmInfo.maxLength), status: await window.__goDeepEngine.status() };
      }, [CLS, MLM]);
    const coldPage = await open();
    const cold = await timeLoad(coldPage);
    await coldPage.close(); // an idle page with loaded sessions would still hold a WASM thread pool
    const page = await open();
    const cached = await timeLoad(page);
    if (cold.status.backend !== backend) return { backend, skipped: `engine reports ${cold.status.backend}: ${cold.status.fallbackReason ?? ''}` };
    const gpu = backend === 'webgpu';
    // The baseline (a plain pipeline() on the same files, same threads) only on WASM: transformers.js would run it on
    // the same SwiftShader adapter, which measures the software rasteriser, not the code around the session.
    const baseline = gpu ? null : await openBaseline(context, cached.status.threads);
    const plan = [
      { op: 'classify', runs: gpu ? 3 : 25, paired: true },
      { op: 'fillMask', runs: gpu ? 0 : 25, paired: true },
      { op: 'encode', runs: gpu ? 3 : 15 },
      { op: 'attribute:occlusion', runs: gpu ? 0 : 2 },
      { op: 'attribute:integrated-gradients', runs: gpu ? 0 : 2 }, // the gradient graph always runs on WASM
    ];
    // V8 compiles WebAssembly with a fast baseline tier first and optimises it in the background; before that is
    // done the first cells run slow (in Node, a 10-token classify went from 69 ms to 15 ms). Warm up for 5 s first.
    for (const [kind, target] of [['engine', page], ['pipeline', baseline]]) {
      if (!target) continue;
      const until = Date.now() + 5000;
      while (Date.now() < until) {
        await timeCall(target, { kind, op: 'classify', text: 'Stocks rallied on Friday after strong earnings.' });
        await timeCall(target, { kind, op: 'fillMask', text: 'Stocks [MASK] on Friday.' });
      }
    }
    const rows = [];
    const batchedLengths = [];
    for (const length of gpu ? [16, 64] : LENGTHS) {
      // Every bundled model has max_length 64 (godeep.json): the engine truncates longer text, with a notice, while
      // the pipeline (tokenizer max 512) would run it whole, so one 128-token text would time unequal work. Longer
      // cells run as a batch of max_length texts instead (classifyBatch; the pipeline given the same array).
      const batch = Math.ceil(length / cached.maxLength);
      if (batch > 1) batchedLengths.push(length);
      for (const { op, runs, paired } of batch > 1 ? [{ op: 'classifyBatch', runs: gpu ? 3 : 25, paired: true }] : plan) {
        if (!runs) continue;
        const text = benchText(length, op === 'fillMask');
        const texts = Array(batch).fill(benchText(cached.maxLength, false));
        const both = paired && baseline;
        // Engine and pipeline calls alternate, in alternating order, so that drift in the machine's speed (other
        // tenants, clocks) falls on both alike; each side gets three untimed calls first.
        const sides = both ? [['engine', page], ['pipeline', baseline]] : [['engine', page]];
        const times = { engine: [], pipeline: [] };
        let tokens;
        for (let i = -3; i < runs; i++) {
          for (const [kind, target] of i % 2 ? sides : [...sides].reverse()) {
            const r = await timeCall(target, { kind, op, text, texts });
            if (kind === 'engine') tokens = r.tokens;
            if (i >= 0) times[kind].push(r.ms);
          }
        }
        const row = { op, length, tokens, runs, ...quantiles(times.engine) };
        row.tokensPerS = tokensPerSecond(row.tokens, row.p50);
        printRow(backend, row);
        if (both) {
          row.pipeline = quantiles(times.pipeline);
          row.pipeline.tokensPerS = tokensPerSecond(row.tokens, row.pipeline.p50);
          row.ratioP50 = row.p50 / row.pipeline.p50;
          printRow('pipeline', { ...row, ...row.pipeline });
        }
        rows.push(row);
      }
    }
    if (batchedLengths.length) console.log(`  (${batchedLengths.join(', ')} tokens: run as a classifyBatch of ${cached.maxLength}-token texts, the models' max_length; one longer text is truncated to it)`);
    return { backend, status: cached.status, maxLength: cached.maxLength, batchedLengths, loadMs: { cold: { [CLS]: cold[CLS], [MLM]: cold[MLM] }, cached: { [CLS]: cached[CLS], [MLM]: cached[MLM] } }, rows };
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
