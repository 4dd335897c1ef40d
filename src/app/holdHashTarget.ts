// Deep links and table-of-contents jumps land while widgets above the target are still loading and growing,
// which would push the heading out of view. For a few seconds after a jump, each time the article's height
// changes, the target is scrolled back to the top, until the reader scrolls, types or taps themselves.
const HOLD_MS = 15_000;

export function holdHashTarget(root: HTMLElement): () => void {
  let release: (() => void) | null = null;

  const hold = () => {
    release?.();
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    target.scrollIntoView();
    const observer = new ResizeObserver(() => target.scrollIntoView());
    observer.observe(root);
    const stop = () => release?.();
    const timer = window.setTimeout(stop, HOLD_MS);
    const readerEvents = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
    for (const e of readerEvents) window.addEventListener(e, stop, { passive: true, once: true });
    release = () => {
      observer.disconnect();
      window.clearTimeout(timer);
      for (const e of readerEvents) window.removeEventListener(e, stop);
      release = null;
    };
  };

  hold();
  window.addEventListener('hashchange', hold);
  return () => {
    window.removeEventListener('hashchange', hold);
    release?.();
  };
}
