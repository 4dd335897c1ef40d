// Request channels: per widget, at most one request runs and one waits. A newer request replaces the waiting one,
// which is rejected as superseded, so a reader typing quickly never queues twenty stale runs.
import { EngineError } from './errors';

export const SUPERSEDED = 'Superseded by a newer request.';

export type Channel = <T>(run: () => Promise<T>) => Promise<T>;

export function createChannel(): Channel {
  let running = false;
  let waiting: { run: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void } | null = null;
  const start = (job: NonNullable<typeof waiting>) => {
    running = true;
    job.run().then(job.resolve, job.reject).finally(() => {
      running = false;
      const next = waiting;
      waiting = null;
      if (next) start(next);
    });
  };
  return <T>(run: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const job = { run, resolve: resolve as (v: unknown) => void, reject };
      if (!running) return start(job);
      waiting?.reject(new EngineError('superseded', SUPERSEDED));
      waiting = job;
    });
}
