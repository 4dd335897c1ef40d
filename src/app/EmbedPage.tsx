// A single widget alone on a page, for iframes in other people's posts: /embed.html?widget=<name>&...
import { Suspense } from 'react';
import { widgets, type WidgetName } from '../widgets/registry';

export function EmbedPage() {
  const params = new URLSearchParams(location.search);
  const requested = params.get('widget') ?? '';
  const known = Object.prototype.hasOwnProperty.call(widgets, requested);
  const articleUrl = `${import.meta.env.BASE_URL}`;
  if (!known) {
    return (
      <main className="embed-page">
        <p className="notice" role="alert">
          Unknown widget. Available: {Object.keys(widgets).join(', ')}.
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
        <a href={articleUrl} target="_blank" rel="noopener">Go Deep: Sequence classification with BERT</a>
      </p>
    </main>
  );
}
