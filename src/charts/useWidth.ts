// The width of a chart's container, followed with a ResizeObserver, so charts draw at the size they are given.
import { useEffect, useRef, useState } from 'react';

export function useWidth<T extends HTMLElement>(fallback = 600, min = 200) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => setWidth(Math.max(min, Math.floor(entries[0].contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [fallback, min]);
  return [ref, width] as const;
}
