// Engine errors carry a code in their name ("EngineError:damaged"), because Comlink re-creates thrown errors on the
// main thread from their name and message only.
import type { EngineErrorCode } from './types';

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = `EngineError:${code}`;
  }
}

/** The engine error code of any thrown value (also after it crossed the worker boundary), else 'failed'. */
export function errorCode(err: unknown): EngineErrorCode {
  const name = err instanceof Error ? err.name : typeof err === 'object' && err && 'name' in err ? String((err as { name: unknown }).name) : '';
  const m = /^EngineError:([a-z-]+)$/.exec(name);
  return (m ? m[1] : 'failed') as EngineErrorCode;
}

export const EMPTY_TEXT = 'Type some text first.';

export function requireText(text: string): void {
  if (typeof text !== 'string' || text.trim() === '') throw new EngineError('empty-text', EMPTY_TEXT);
}

export function formatBytes(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
