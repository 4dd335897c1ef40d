// The frame every live widget sits in: a named root, a visible state, a progress bar while models
// download, an error panel with a retry button, and a caption.
import type { ReactNode } from 'react';
import type { ParamSpecs } from '../params';
import type { WidgetParams } from './useWidgetParams';
import { ShareTools } from './ShareTools';

export type FrameState = 'loading' | 'ready' | 'error';

export interface FrameProps {
  name: string;
  title?: string;
  state: FrameState;
  /** 0..100 while model files download; undefined when unknown. */
  progress?: number;
  progressLabel?: string;
  error?: string;
  onRetry?: () => void;
  caption?: ReactNode;
  /** The widget's shareable state: shows URL notices and the embed/share buttons. */
  params?: WidgetParams<ParamSpecs>;
  children: ReactNode;
}

export function WidgetFrame({ name, title, state, progress, progressLabel, error, onRetry, caption, params, children }: FrameProps) {
  return (
    <figure className="widget" id={`widget-${name}`} data-widget={name} data-state={state} aria-busy={state === 'loading'}>
      {title && <div className="widget-title">{title}</div>}
      {params?.notices.map((notice, i) => (
        <p key={i} className="notice" data-param-notice>
          {notice}
        </p>
      ))}
      {state === 'loading' && (
        <div className="widget-progress" role="status">
          <span>{progressLabel ?? 'Loading the model…'}</span>
          <progress max={100} value={progress} aria-label="Model download progress" />
          {progress !== undefined && <span className="percent">{Math.round(progress)} %</span>}
        </div>
      )}
      {state === 'error' && (
        <div className="widget-error" role="alert">
          <p>
            <strong>Something went wrong.</strong> {error ?? 'The widget could not run.'}
          </p>
          {onRetry && (
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          )}
        </div>
      )}
      <div className="widget-body">{children}</div>
      {params && <ShareTools name={name} title={title ?? name} params={params} />}
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
