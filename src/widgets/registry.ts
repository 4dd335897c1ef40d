// Every widget that can stand alone (article figure or /embed). Lazy so an embed ships only its widget.
import { lazy, type ComponentType } from 'react';

export const widgets = {
  'token-counter': lazy(() => import('./token-counter/TokenCounter').then((m) => ({ default: m.TokenCounter }))),
} satisfies Record<string, ComponentType>;

export type WidgetName = keyof typeof widgets;
