// Loads a model through the engine and reports it in WidgetFrame's terms, so a widget feeds its frame in one line:
//   const model = useModel('minilm-agnews');
//   <WidgetFrame state={model.state} progress={model.progress} error={model.error} onRetry={model.retry} …>
import { useCallback, useEffect, useState } from 'react';
import { getEngine } from '../../engine/client';
import type { LoadOptions, ModelInfo } from '../../engine/types';
import type { FrameState } from './WidgetFrame';
import { errorMessage } from './useLatest';

export interface ModelState {
  state: FrameState;
  /** 0..100 while files download; undefined before the first progress event. */
  progress: number | undefined;
  info: ModelInfo | undefined;
  error: string | undefined;
  retry: () => void;
}

export function useModel(modelId: string, options: LoadOptions = {}): ModelState {
  const gradients = Boolean(options.gradients);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<ModelState, 'retry'>>({ state: 'loading', progress: undefined, info: undefined, error: undefined });

  useEffect(() => {
    let current = true;
    setState({ state: 'loading', progress: undefined, info: undefined, error: undefined });
    getEngine()
      .load(modelId, (p) => current && setState((s) => ({ ...s, progress: p.percent })), { gradients })
      .then(
        (info) => current && setState({ state: 'ready', progress: 100, info, error: undefined }),
        (err: unknown) => current && setState({ state: 'error', progress: undefined, info: undefined, error: errorMessage(err) }),
      );
    return () => {
      current = false;
    };
  }, [modelId, gradients, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
