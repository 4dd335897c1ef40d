// A single widget alone on a page, for iframes in other people's posts: <base>embed/<name>/?<state>.
// It reports its height to the host page (postMessage) so the iframe can fit its content.
import { Suspense, useEffect } from 'react';
import { widgets, type WidgetName } from '../widgets/registry';
import { embeddedWidgetName } from '../widgets/frame/useWidgetParams';

export const RESIZE_MESSAGE = 'go-deep:resize';

function useReportHeight(name: string) {
  useEffect(() => {
    if (window.parent === window) return;
    // The content's own height: documentElement.scrollHeight never reports less than the iframe's current
    // height, so a frame could grow but never shrink to fit.
    const report = () => {
      const style = getComputedStyle(document.body);
      const height = document.body.getBoundingClientRect().height + Number.parseFloat(style.marginTop) + Number.parseFloat(style.marginBottom);
      window.parent.postMessage({ type: RESIZE_MESSAGE, widget: name, height: Math.ceil(height) }, '*');
    };
    const observer = new ResizeObserver(report);
    observer.observe(document.body);
    report();
    return () => observer.disconnect();
  }, [name]);
}

export function EmbedPage() {
  const requested = embeddedWidgetName() ?? '';
  const known = Object.hasOwn(widgets, requested);
  useReportHeight(requested);
  const articleUrl = new URL(import.meta.env.BASE_URL, location.href).href;
  if (!known) {
    return (
      <main className="embed-page">
        <p className="notice" role="alert">
          There is no widget called “{requested.slice(0, 60)}”. Available: {Object.keys(widgets).join(', ')}.
        </p>
      </main>
    );
  }
  const Widget = widgets[requested as WidgetName];
  return (
    <main className="embed-page">
      <Suspense fallback={<p>Loading widget…</p>}>
        <Widget />
      </Suspense>
      <p className="embed-credit">
        From <a href={`${articleUrl}#widget-${requested}`} target="_blank" rel="noopener">Go Deep: Sequence classification with BERT</a>
      </p>
    </main>
  );
}
