import { useEffect } from 'react';
import { MDXProvider } from '@mdx-js/react';
import { chapters } from '../../content';
import { mdxComponents } from './mdx-components';
import { TableOfContents } from './TableOfContents';
import { ThemeToggle } from './ThemeToggle';
import { holdHashTarget } from './holdHashTarget';

/** Display math that is wider than the column scrolls sideways; while it does, keyboard readers can focus and
 *  scroll it too (KaTeX renders it, so it cannot be wrapped in a React ScrollRegion). Returns the cleanup. */
function focusableWhileOverflowing(selector: string, label: string): () => void {
  const elements = Array.from(document.querySelectorAll<HTMLElement>(selector));
  const update = () => {
    for (const el of elements) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', label);
      } else {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    }
  };
  const observer = new ResizeObserver(update);
  for (const el of elements) observer.observe(el);
  update();
  return () => observer.disconnect();
}

export function Article() {
  // Deep links and contents jumps: the content renders (and widgets grow) after the browser's own scroll-to-hash.
  useEffect(() => holdHashTarget(document.getElementById('article')!), []);
  useEffect(() => focusableWhileOverflowing('#article .katex-display', 'Formula'), []);
  return (
    <MDXProvider components={mdxComponents}>
      <a className="skip-link" href="#article">Skip to the article</a>
      <header className="masthead">
        <p className="series">Go Deep</p>
        <h1 className="title">Sequence classification with BERT</h1>
        <p className="dek">
          Fine-tuning a distilled BERT to sort news into World, Sports, Business and Sci/Tech, with the real models
          running in your browser: poke at every idea.
        </p>
        <ThemeToggle />
      </header>
      <div className="layout">
        <TableOfContents />
        <main id="article" className="article">
          {chapters.map(({ slug, Content }) => (
            <section key={slug} className="chapter" data-chapter={slug} aria-labelledby={slug}>
              <Content />
            </section>
          ))}
        </main>
      </div>
      <footer className="colophon">
        <p>Go Deep. Models, code and prose are ours; data and papers are cited where used.</p>
      </footer>
    </MDXProvider>
  );
}
