// Follows the reader's system setting until they choose; the choice is remembered.
import { useEffect, useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const order: Theme[] = ['system', 'light', 'dark'];

function stored(): Theme {
  try {
    const value = localStorage.getItem('go-deep-theme');
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(stored);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
    try {
      if (theme === 'system') localStorage.removeItem('go-deep-theme');
      else localStorage.setItem('go-deep-theme', theme);
    } catch {
      /* storage may be blocked; the theme still applies for this visit */
    }
  }, [theme]);
  const next = order[(order.indexOf(theme) + 1) % order.length];
  return (
    <button type="button" className="theme-toggle" onClick={() => setTheme(next)} aria-label={`Theme: ${theme}. Switch to ${next}.`} data-theme-choice={theme}>
      Theme: {theme}
    </button>
  );
}
