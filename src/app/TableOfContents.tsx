// A sticky table of contents built from the rendered headings, so it can never drift from the chapters.
import { useEffect, useState } from 'react';

interface Entry {
  id: string;
  text: string;
  level: number;
}

export function TableOfContents() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [active, setActive] = useState<string>('');
  const [open, setOpen] = useState(false);

  useEffect(() => {
    // Footnote sections have their own (visually hidden) headings; they are not chapters' sections.
    const headings = Array.from(document.querySelectorAll<HTMLHeadingElement>('#article h1[id], #article h2[id]')).filter((h) => !h.closest('.footnotes'));
    setEntries(
      headings.map((h) => ({ id: h.id, text: h.firstChild?.textContent ?? h.textContent ?? '', level: h.tagName === 'H1' ? 1 : 2 })),
    );
    const visible = new Map<string, boolean>();
    const observer = new IntersectionObserver(
      (records) => {
        for (const r of records) visible.set(r.target.id, r.isIntersecting);
        const first = headings.find((h) => visible.get(h.id));
        if (first) setActive(first.id);
      },
      { rootMargin: '0px 0px -70% 0px' },
    );
    for (const h of headings) observer.observe(h);
    return () => observer.disconnect();
  }, []);

  return (
    <nav className={`toc${open ? ' open' : ''}`} aria-label="Table of contents">
      <button type="button" className="toc-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Contents
      </button>
      <ol>
        {entries.map((e) => (
          <li key={e.id} className={`level-${e.level}`}>
            <a href={`#${e.id}`} aria-current={active === e.id ? 'location' : undefined} onClick={() => setOpen(false)}>
              {e.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
