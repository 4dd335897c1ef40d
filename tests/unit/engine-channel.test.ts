// Request channels: one request runs, one waits; a newer request supersedes the waiting one.
import { describe, expect, it } from 'vitest';
import { createChannel } from '../../src/engine/coalesce';
import { errorCode } from '../../src/engine/errors';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('createChannel', () => {
  it('runs the first, drops the stale middle ones, runs the newest', async () => {
    const channel = createChannel();
    const gate = deferred<string>();
    const started: string[] = [];
    const job = (name: string, wait?: Promise<string>) => () => {
      started.push(name);
      return wait ?? Promise.resolve(name);
    };
    const first = channel(job('a', gate.promise));
    const stale = Array.from({ length: 20 }, (_, i) => channel(job(`stale${i}`)).catch((e) => errorCode(e)));
    const last = channel(job('z'));
    gate.resolve('a');
    expect(await first).toBe('a');
    expect(await last).toBe('z');
    expect(await Promise.all(stale)).toEqual(Array(20).fill('superseded'));
    expect(started).toEqual(['a', 'z']);
  });

  it('a failure does not block the channel', async () => {
    const channel = createChannel();
    await expect(channel(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await channel(async () => 1)).toBe(1);
  });
});
