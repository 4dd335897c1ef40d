// The benchmark's baseline: the same bundled models run through a plain transformers.js pipeline(), in a Web Worker
// as the engine is, so that scripts/bench-engine.mjs can report the engine's latency as a ratio to it.
import * as Comlink from 'comlink';
import type { PipelineBaseline } from './pipeline-baseline.worker';

const worker = new Worker(new URL('./pipeline-baseline.worker.ts', import.meta.url), { type: 'module' });
Object.defineProperty(window, '__pipelineBaseline', { value: Comlink.wrap<PipelineBaseline>(worker) });
