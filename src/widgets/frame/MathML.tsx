// Author-written TeX rendered by KaTeX as MathML (no KaTeX fonts or CSS needed). A display formula is a block that
// scrolls sideways when it is wider than the column; while it overflows it is a named, focusable region so keyboard
// readers can scroll it too (as ScrollRegion does). An inline formula is a plain span.
import { useMemo } from 'react';
import katex from 'katex';
import { useOverflowing } from './ScrollRegion';

export function MathML({ children, display = false, label = 'Formula' }: { children: string; display?: boolean; label?: string }) {
  const html = useMemo(() => katex.renderToString(children, { displayMode: display, throwOnError: false, output: 'mathml' }), [children, display]);
  const [ref, overflowing] = useOverflowing<HTMLDivElement>();
  if (!display) {
    // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's MathML for TeX written by the authors in the source, never reader input.
    return <span dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return (
    <div
      ref={ref}
      className="p1-math"
      {...(overflowing ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's MathML for TeX written by the authors in the source, never reader input.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
