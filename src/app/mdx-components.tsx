// What MDX authors can write besides Markdown: headings with deep links, figures with captions,
// the visible "in progress" marker. Widgets are imported by each chapter directly.
import type { ReactNode, ComponentPropsWithoutRef } from 'react';
import { ScrollRegion, useOverflowing } from '../widgets/frame/ScrollRegion';

function anchored(Tag: 'h1' | 'h2' | 'h3') {
  return function Heading({ id, children, ...rest }: ComponentPropsWithoutRef<'h2'>) {
    return (
      <Tag id={id} {...rest}>
        {children}
        {id && (
          <a className="anchor" href={`#${id}`} aria-label="Link to this section">
            #
          </a>
        )}
      </Tag>
    );
  };
}

export function Figure({ caption, size = 'body', children }: { caption?: ReactNode; size?: 'body' | 'page'; children: ReactNode }) {
  return (
    <figure className={`figure l-${size}`}>
      {children}
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}

export function InProgress({ children }: { children: ReactNode }) {
  return (
    <aside className="in-progress" data-in-progress="true">
      <strong>In progress.</strong> {children}
    </aside>
  );
}

/** Code blocks scroll sideways on narrow screens; while they overflow, keyboard readers can focus and scroll them. */
function Pre(props: ComponentPropsWithoutRef<'pre'>) {
  const [ref, overflowing] = useOverflowing<HTMLPreElement>();
  return <pre ref={ref} {...props} {...(overflowing ? { tabIndex: 0, role: 'region', 'aria-label': 'Code example' } : {})} />;
}

/** Markdown tables scroll sideways inside their own region on narrow screens, never the page. */
function Table(props: ComponentPropsWithoutRef<'table'>) {
  return (
    <ScrollRegion label="Table">
      <table {...props} />
    </ScrollRegion>
  );
}

export const mdxComponents = {
  pre: Pre,
  table: Table,
  h1: anchored('h1'),
  h2: anchored('h2'),
  h3: anchored('h3'),
  Figure,
  InProgress,
};
