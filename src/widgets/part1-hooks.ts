// Shared plumbing for the part-one widgets: the engine (one channel per widget), model loading with
// progress for WidgetFrame, debounced input, and lazily fetched JSON files from models/.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { getEngine, type Engine } from '../engine/client';
import { errorMessage } from './frame/useLatest';
import { useModel, type ModelState } from './frame/useModel';
import type { Tokenization } from '../engine/types';

export type ModelId = 'minilm-news-mlm' | 'minilm-agnews';
export const MLM_MODEL: ModelId = 'minilm-news-mlm';
export const CLS_MODEL: ModelId = 'minilm-agnews';

/** The engine, through a channel per widget: while the reader types, a newer request replaces one still waiting. */
export function engine(channel?: string): Omit<Engine, 'channel'> {
  const e = getEngine();
  return channel ? e.channel(channel) : e;
}

export type ModelLoad = ModelState;

/** Loads a model in the engine worker and reports progress in WidgetFrame's terms. */
export function useModelLoad(modelId: string): ModelLoad {
  return useModel(modelId);
}

/**
 * True once the element is within `margin` of the viewport (and from then on): widgets start their model runs
 * as they approach, not all at page load (Distill's figure lifecycle, habit 10).
 */
export function useNearViewport<T extends Element>(margin = '800px'): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (near) return;
    if (!el || typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: margin });
    io.observe(el);
    return () => io.disconnect();
  }, [near, margin]);
  return [ref, near];
}

export function useDebounced<T>(value: T, ms = 250): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return current;
}

const jsonCache = new Map<string, Promise<unknown>>();

function fetchRaw(path: string): Promise<unknown> {
  let pending = jsonCache.get(path);
  if (!pending) {
    pending = fetch(`${import.meta.env.BASE_URL}models/${path}`).then(async (res) => {
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`could not fetch models/${path}: HTTP ${res.status}`);
      return res.json();
    });
    pending.catch(() => jsonCache.delete(path));
    jsonCache.set(path, pending);
  }
  return pending;
}

/**
 * Fetches `${BASE_URL}models/<path>` once per page; resolves to null when the file is not there. For a model's
 * extra files (eval.json, ...) the model's godeep.json is read first and only files it lists are requested, so a
 * file the export has not written yet costs no failed request.
 */
export async function fetchModelJson<T>(path: string): Promise<T | null> {
  const [model, ...rest] = path.split('/');
  const file = rest.join('/');
  if (model !== 'datasets' && file && file !== 'godeep.json' && file !== 'config.json') {
    const recipe = (await fetchRaw(`${model}/godeep.json`)) as { files?: { path: string }[] } | null;
    if (recipe?.files && !recipe.files.some((f) => f.path === file)) return null;
  }
  return (await fetchRaw(path)) as T | null;
}

export function useModelJson<T>(path: string): { value: T | null | undefined; error?: string } {
  const [value, setValue] = useState<T | null>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    fetchModelJson<T>(path).then(
      (v) => live && setValue(v),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return { value, error };
}

/** Display text of a word piece: '##ing' stays as is, so readers see the continuation marker. */
export const pieceText = (t: { text: string }) => t.text;

/** Index of the first non-special token whose text (without ##) equals `word`, or -1. */
export function findToken(tokens: Tokenization['tokens'], word: string): number {
  const w = word.toLowerCase();
  return tokens.findIndex((t) => !t.special && t.text.replace(/^##/, '').toLowerCase() === w);
}
