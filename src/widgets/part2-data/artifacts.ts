// Fetches the pipeline's JSON files at run time (never bundled), so every number the page shows comes from
// a file the models pipeline wrote. A missing file is a normal state ("not available yet"), not an error.
import { useEffect, useState } from 'react';

export const MODEL_ID = 'minilm-agnews';

export const artifactUrl = (path: string) => `${import.meta.env.BASE_URL}models/${path}`;

export type ArtifactState<T> =
  | { status: 'loading' }
  | { status: 'missing'; path: string }
  | { status: 'error'; path: string; error: string }
  | { status: 'ready'; data: T };

const cache = new Map<string, Promise<unknown>>();

class MissingFile extends Error {}

function fetchJson(path: string): Promise<unknown> {
  let p = cache.get(path);
  if (!p) {
    p = fetch(artifactUrl(path), { cache: 'no-cache' }).then(async (res) => {
      if (res.status === 404) throw new MissingFile(path);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.json();
    });
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p;
}

/** Loads models/<path> and parses it; re-parses only when the path changes. */
export function useArtifact<T>(path: string, parse: (raw: unknown) => T): ArtifactState<T> {
  const [state, setState] = useState<ArtifactState<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    fetchJson(path).then(
      (raw) => {
        if (!live) return;
        try {
          setState({ status: 'ready', data: parse(raw) });
        } catch (err) {
          setState({ status: 'error', path, error: err instanceof Error ? err.message : String(err) });
        }
      },
      (err: unknown) => {
        if (!live) return;
        if (err instanceof MissingFile) setState({ status: 'missing', path });
        else setState({ status: 'error', path, error: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);
  return state;
}

export const MODEL_FILE = (name: string) => `${MODEL_ID}/${name}`;
export const DATASET_FILE = 'datasets/ag_news-test.json';
