// A horizontally scrolling box (wide tables, heatmaps, code) that keyboard readers can scroll too: while its
// content overflows it is a named, focusable region (Tab to it, then the arrow keys scroll), otherwise it is a
// plain box and adds no tab stop.
import { useEffect, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';

export function useOverflowing<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const check = () => setOverflowing(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    const sizes = new ResizeObserver(check);
    const observeAll = () => {
      sizes.disconnect();
      sizes.observe(el);
      for (const child of el.children) sizes.observe(child);
    };
    // React replaces the children when a widget goes from loading to ready: watch for new ones too.
    const children = new MutationObserver(() => {
      observeAll();
      check();
    });
    children.observe(el, { childList: true, subtree: true });
    observeAll();
    check();
    return () => {
      sizes.disconnect();
      children.disconnect();
    };
  }, []);
  return [ref, overflowing] as const;
}

export function ScrollRegion({ label, children, className = '', ...rest }: { label: string; children: ReactNode } & ComponentPropsWithoutRef<'div'>) {
  const [ref, overflowing] = useOverflowing<HTMLDivElement>();
  return (
    <div
      ref={ref}
      className={`scroll-region ${className}`.trim()}
      {...(overflowing ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
      {...rest}
    >
      {children}
    </div>
  );
}
