// "Copy embed code" and "Share" for a widget's current state. The snippet is built from validated
// parameter values, so nothing a reader typed can break out of the iframe's src attribute.
import { useState } from 'react';
import { serializeParams, type ParamSpecs } from '../params';
import type { WidgetParams } from './useWidgetParams';

function siteRoot(): string {
  return new URL(import.meta.env.BASE_URL, location.href).href;
}

export function embedUrl(name: string, query: URLSearchParams): string {
  const q = query.toString();
  return `${siteRoot()}embed/${name}/${q ? `?${q}` : ''}`;
}

export function shareUrl(name: string, query: URLSearchParams): string {
  const q = new URLSearchParams(query);
  q.set('widget', name);
  return `${siteRoot()}?${q.toString()}#widget-${name}`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function embedSnippet(name: string, title: string, query: URLSearchParams): string {
  const src = escapeAttribute(embedUrl(name, query));
  const host = escapeAttribute(`${siteRoot()}embed-host.js`);
  return `<iframe src="${src}" title="${escapeAttribute(title)}" loading="lazy" style="width:100%;border:0" height="420" data-go-deep-embed></iframe>\n<script src="${host}" async></script>`;
}

export function ShareTools<S extends ParamSpecs>({ name, title, params }: { name: string; title: string; params: WidgetParams<S> }) {
  const [copied, setCopied] = useState<'embed' | 'share' | null>(null);
  const [fallback, setFallback] = useState<string | null>(null);
  const query = serializeParams(params.specs, params.values);
  const copy = async (kind: 'embed' | 'share') => {
    const text = kind === 'embed' ? embedSnippet(name, title, query) : shareUrl(name, query);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(kind);
      setFallback(null);
      setTimeout(() => setCopied(null), 2000);
    } catch {
      setFallback(text); // clipboard blocked: show the text to copy by hand
    }
  };
  return (
    <div className="share-tools">
      <button type="button" className="quiet" onClick={() => copy('embed')} data-share="embed">
        {copied === 'embed' ? 'Embed code copied' : 'Copy embed code'}
      </button>
      <button type="button" className="quiet" onClick={() => copy('share')} data-share="link">
        {copied === 'share' ? 'Link copied' : 'Share link'}
      </button>
      <a className="quiet-link" href={shareUrl(name, query)} data-share-href>
        Link to this state
      </a>
      {fallback && (
        <textarea className="share-fallback" readOnly value={fallback} aria-label="Copy this text" onFocus={(e) => e.currentTarget.select()} />
      )}
    </div>
  );
}
