// Shared plumbing for the part-one widgets: a typed view of the engine's planned API, model loading with
// progress for WidgetFrame, debounced input, and lazily fetched JSON files from models/.
import { useEffect, useState } from 'react';
import type { Remote } from 'comlink';
import { proxy } from 'comlink';
import { getEngine } from '../engine/client';
import type { CompareResult, EncodeResult, FillMaskResult, LoadProgress, ModelInfo, Tokenization } from '../engine/types';
import { errorMessage } from './frame/useLatest';
import type { FrameState } from './frame/WidgetFrame';

export type ModelId = 'minilm-news-mlm' | 'minilm-agnews';
export const MLM_MODEL: ModelId = 'minilm-news-mlm';
export const CLS_MODEL: ModelId = 'minilm-agnews';

/** The engine methods the part-one widgets call (see src/engine/types.ts). */
export interface Part1Engine {
  load(modelId: string, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo>;
  tokenize(modelId: string, text: string, maxLength?: number): Promise<Tokenization>;
  fillMask(modelId: string, text: string, topK?: number): Promise<FillMaskResult>;
  encode(modelId: string, text: string): Promise<EncodeResult>;
  compare(modelId: string, textA: string, tokenIndexA: number, textB: string, tokenIndexB: number): Promise<CompareResult>;
}

export function engine(): Remote<Part1Engine> {
  return getEngine() as unknown as Remote<Part1Engine>;
}

export interface ModelLoad {
  state: FrameState;
  progress?: number;
  info?: ModelInfo;
  error?: string;
  retry: () => void;
}

/** Loads a model in the engine worker and reports progress in WidgetFrame's terms. */
export function useModelLoad(modelId: string): ModelLoad {
  const [attempt, setAttempt] = useState(0);
  const [progress, setProgress] = useState<number>();
  const [info, setInfo] = useState<ModelInfo>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    setInfo(undefined);
    setError(undefined);
    setProgress(undefined);
    engine()
      .load(
        modelId,
        proxy((p: LoadProgress) => {
          if (live) setProgress(p.percent);
        }),
      )
      .then(
        (result) => live && setInfo(result),
        (err: unknown) => live && setError(errorMessage(err)),
      );
    return () => {
      live = false;
    };
  }, [modelId, attempt]);
  return { state: error ? 'error' : info ? 'ready' : 'loading', progress, info, error, retry: () => setAttempt((n) => n + 1) };
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

/** Fetches `${BASE_URL}models/<path>` once per page. Resolves to null on 404 (a file not written yet). */
export function fetchModelJson<T>(path: string): Promise<T | null> {
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
  return pending as Promise<T | null>;
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
