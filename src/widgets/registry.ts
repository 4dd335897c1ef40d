// Every widget that can stand alone: as an article figure and at /embed/<name>. Lazy, so an embed ships
// only its own widget.
//
// Convention for a widget: its folder exports the component and its shareable state as ParamSpecs
// (src/widgets/params.ts); the component calls `useWidgetParams('<name>', specs)` for its initial state
// (read from the URL on its embed page or a share link) and passes the result to
// `<WidgetFrame params={...}>`, which shows URL notices and the "Copy embed code" / "Share link" buttons.
// Add one line here per widget.
import { lazy, type ComponentType } from 'react';

export const widgets = {
  'token-counter': lazy(() => import('./token-counter/TokenCounter').then((m) => ({ default: m.TokenCounter }))),
} satisfies Record<string, ComponentType>;

export type WidgetName = keyof typeof widgets;
