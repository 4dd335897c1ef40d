// The main-thread handle on the engine worker. One worker per page, created on first use.
import * as Comlink from 'comlink';
import { defaultSettings } from './config';
import type { EngineWorkerApi } from './worker';

let remote: Comlink.Remote<EngineWorkerApi> | null = null;

export function getEngine(): Comlink.Remote<EngineWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'go-deep-engine' });
    remote = Comlink.wrap<EngineWorkerApi>(worker);
    void remote.configure(defaultSettings());
  }
  return remote;
}
