#!/usr/bin/env node
// Engine benchmark: headless Chromium on a production build, the engine driven through ?debug=engine.
// Reports p50/p95 latency of classify / fillMask / encode / attribute (occlusion, integrated gradients) at 16, 64 and
// 128 tokens on WASM (and on WebGPU when Chromium offers an adapter, with fewer runs: SwiftShader is slow), plus cold
// and cached model load times. Few runs per cell (p95 of 7 runs is close to the max): this is a smoke benchmark that
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
if (args.has('--build') || !fs.existsSync(path.join(outDir, 'index.html'))) {
  console.log('building into', path.relative(root, outDir));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: root, stdio: 'inherit', env: { ...process.env, BASE_PATH: '/' } });
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
    const cold = await timeLoad(await open());
    const page = await open();
    const cached = await timeLoad(page);
    if (cold.status.backend !== backend) return { backend, skipped: `engine reports ${cold.status.backend}: ${cold.status.fallbackReason ?? ''}` };
    const gpu = backend === 'webgpu';
    const plan = [
      { op: 'classify', runs: gpu ? 3 : 7 },
      { op: 'fillMask', runs: gpu ? 0 : 7 },
      { op: 'encode', runs: gpu ? 3 : 7 },
      { op: 'attribute:occlusion', runs: gpu ? 0 : 2 },
      { op: 'attribute:integrated-gradients', runs: gpu ? 0 : 2 }, // the gradient graph always runs on WASM
    ];
    const rows = [];
    for (const length of gpu ? [16, 64] : LENGTHS) {
      for (const { op, runs } of plan) {
        if (!runs) continue;
        const r = await page.evaluate(async ({ op, length, runs, cls, mlm }) => {
          const e = window.__goDeepEngine;
          const words = 'stocks rallied on wall street after the fed held rates and oil prices fell sharply in asia'.split(' ');
          const pieces = Array.from({ length: length - 2 }, (_, i) => words[i % words.length]);
          if (op === 'fillMask') pieces[2] = '[MASK]';
          const text = pieces.join(' ');
          const run = {
            classify: () => e.classify(cls, text),
            fillMask: () => e.fillMask(mlm, text, 5),
            encode: () => e.encode(mlm, text),
            'attribute:occlusion': () => e.attribute(cls, text, 'occlusion'),
            'attribute:integrated-gradients': () => e.attribute(cls, text, 'integrated-gradients'),
          }[op];
          const first = await run(); // warm-up
          const times = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            await run();
            times.push(performance.now() - t0);
          }
          return { tokens: first.tokenization.inputIds.length, times };
        }, { op, length, runs, cls: CLS, mlm: MLM });
        const sorted = [...r.times].sort((a, b) => a - b);
        const q = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
        rows.push({ op, tokens: r.tokens, runs, p50: q(0.5), p95: q(0.95) });
        console.log(`  ${backend.padEnd(6)} ${op.padEnd(31)} ${String(r.tokens).padStart(4)} tok  p50 ${q(0.5).toFixed(1).padStart(8)} ms  p95 ${q(0.95).toFixed(1).padStart(8)} ms`);
      }
    }
    return { backend, status: cached.status, loadMs: { cold: { [CLS]: cold[CLS], [MLM]: cold[MLM] }, cached: { [CLS]: cached[CLS], [MLM]: cached[MLM] } }, rows };
  } finally {
    await browser.close();
  }
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
const dir = path.join(root, 'bench/results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `engine-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), cpus: (await import('node:os')).cpus().length, results }, null, 1));
console.log(`\nwrote ${path.relative(root, file)}`);
stop();
process.exit(0);
