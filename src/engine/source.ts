// Where model files come from. In the browser: fetched from <base>models/ with streaming progress, verified (size,
// sha256 from godeep.json) and kept in the Cache API; a failed or damaged download never enters the cache. The Node
// tests read the same folders from disk through `createReaderSource`.
import { EngineError, formatBytes } from './errors';
import type { ModelEntry } from './types';

export interface FileRecord {
  path: string;
  bytes?: number;
  sha256?: string;
}

export interface ModelSource {
  manifest(): Promise<ModelEntry[]>;
  /** A small JSON file (config, godeep.json), always fresh. */
  json<T>(modelId: string, path: string): Promise<T>;
  /** A large file, with progress (bytes so far), verified against its record. */
  bytes(modelId: string, file: FileRecord, onProgress?: (loadedBytes: number) => void): Promise<Uint8Array>;
}

const decoder = new TextDecoder();

function parseJson<T>(bytes: Uint8Array | string, label: string): T {
  const text = typeof bytes === 'string' ? bytes : decoder.decode(bytes);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new EngineError('damaged', `The model file ${label} is not valid JSON. Retry, or clear the site's data.`);
  }
}

export function parseJsonBytes<T>(bytes: Uint8Array, label: string): T {
  return parseJson<T>(bytes, label);
}

/** A source over any byte reader (Node: fs.readFile under the models folder). */
export function createReaderSource(read: (relPath: string) => Promise<Uint8Array>): ModelSource {
  const readOrThrow = async (rel: string) => {
    try {
      return await read(rel);
    } catch {
      throw new EngineError('not-found', `The model file ${rel} is missing.`);
    }
  };
  return {
    manifest: async () => parseJson<{ models: ModelEntry[] }>(await readOrThrow('manifest.json'), 'manifest.json').models,
    json: async (id, path) => parseJson(await readOrThrow(`${id}/${path}`), `${id}/${path}`),
    bytes: async (id, file, onProgress) => {
      const label = `${id}/${file.path}`;
      const data = await readOrThrow(label);
      verify(label, data, file);
      onProgress?.(data.length);
      return data;
    },
  };
}

function damaged(label: string, got: number, expected: number | undefined, why = ''): EngineError {
  const size = expected ? ` (got ${formatBytes(got)} of ${formatBytes(expected)})` : '';
  return new EngineError('damaged', `The model file ${label} is damaged${size}${why}. Retry, or clear the site's data.`);
}

function verify(label: string, data: Uint8Array, file: FileRecord) {
  if (file.bytes !== undefined && data.length !== file.bytes) throw damaged(label, data.length, file.bytes);
}

async function sha256Hex(data: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function looksLikeHtml(res: Response, head: Uint8Array): boolean {
  if ((res.headers.get('Content-Type') ?? '').includes('text/html')) return true;
  const start = decoder.decode(head.subarray(0, 64)).trimStart().toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html');
}

function checkStatus(res: Response, label: string) {
  if (res.status === 404) throw new EngineError('not-found', `The model file ${label} is missing on the server (HTTP 404).`);
  if (!res.ok) throw new EngineError('failed', `The model file ${label} could not be downloaded (HTTP ${res.status}). Retry in a moment.`);
}

async function fetchOrThrow(url: string, label: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new EngineError('offline', `The model file ${label} could not be downloaded (${err instanceof Error ? err.message : String(err)}). Check the connection and retry.`);
  }
}

export interface FetchSourceOptions {
  /** Absolute URL prefix of the model folders, ending with '/'. */
  baseUrl: string;
  cacheName: string;
}

export function createFetchSource({ baseUrl, cacheName }: FetchSourceOptions): ModelSource {
  const openCache = async (): Promise<Cache | null> => {
    try {
      return typeof caches === 'undefined' ? null : await caches.open(cacheName);
    } catch {
      return null; // e.g. opaque origins, private modes: just download every time
    }
  };

  async function small(label: string): Promise<Uint8Array> {
    const res = await fetchOrThrow(`${baseUrl}${label}`, label, { cache: 'no-cache' });
    checkStatus(res, label);
    const body = new Uint8Array(await res.arrayBuffer());
    if (looksLikeHtml(res, body)) throw new EngineError('not-found', `The server answered ${label} with a web page instead of the file; the model is not installed there.`);
    return body;
  }

  return {
    manifest: async () => parseJson<{ models: ModelEntry[] }>(await small('manifest.json'), 'manifest.json').models,
    json: async (id, path) => parseJson(await small(`${id}/${path}`), `${id}/${path}`),
    bytes: async (id, file, onProgress) => {
      const label = `${id}/${file.path}`;
      const url = `${baseUrl}${label}`;
      // The checksum is part of the key: a retrained model with the same name is a new entry, never a stale hit.
      const key = file.sha256 ? `${url}?sha256=${file.sha256.slice(0, 16)}` : url;
      const cache = await openCache();
      const hit = await cache?.match(key);
      if (hit) {
        const data = new Uint8Array(await hit.arrayBuffer());
        if (file.bytes === undefined || data.length === file.bytes) {
          onProgress?.(data.length);
          return data;
        }
        await cache!.delete(key);
      }
      const res = await fetchOrThrow(url, label);
      checkStatus(res, label);
      const total = file.bytes ?? (Number(res.headers.get('Content-Length')) || undefined);
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      try {
        const reader = res.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          loaded += value.length;
          onProgress?.(loaded);
        }
      } catch {
        throw damaged(label, loaded, total, ', the download broke off');
      }
      const data = new Uint8Array(loaded);
      let offset = 0;
      for (const c of chunks) {
        data.set(c, offset);
        offset += c.length;
      }
      if (looksLikeHtml(res, data)) throw new EngineError('not-found', `The server answered ${label} with a web page instead of the model file; the model is not installed there.`);
      verify(label, data, file);
      if (file.sha256) {
        const digest = await sha256Hex(data);
        if (digest && digest !== file.sha256) throw damaged(label, loaded, total, ', its checksum does not match');
      }
      if (cache) {
        try {
          for (const old of await cache.keys()) if (old.url.startsWith(`${url}?`) && old.url !== key) await cache.delete(old);
          await cache.put(key, new Response(data, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(data.length) } }));
        } catch {
          /* quota: keep working without the cache */
        }
      }
      return data;
    },
  };
}
