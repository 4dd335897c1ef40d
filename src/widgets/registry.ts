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
  // Part 2 (fine-tuning, inference, improvement)
  'batch-tokenization': lazy(() => import('./batch-tokenization/BatchTokenization').then((m) => ({ default: m.BatchTokenization }))),
  'training-metrics': lazy(() => import('./training-metrics/TrainingMetrics').then((m) => ({ default: m.TrainingMetrics }))),
  'resources': lazy(() => import('./resources/Resources').then((m) => ({ default: m.Resources }))),
  'classifier': lazy(() => import('./classifier/Classifier').then((m) => ({ default: m.Classifier }))),
  'feature-importance': lazy(() => import('./feature-importance/FeatureImportance').then((m) => ({ default: m.FeatureImportance }))),
  'pos-ner': lazy(() => import('./pos-ner/PosNer').then((m) => ({ default: m.PosNer }))),
  'head-ablation': lazy(() => import('./head-ablation/HeadAblation').then((m) => ({ default: m.HeadAblation }))),
  'error-analysis': lazy(() => import('./error-analysis/ErrorAnalysis').then((m) => ({ default: m.ErrorAnalysis }))),
  'model-comparison': lazy(() => import('./model-comparison/ModelComparison').then((m) => ({ default: m.ModelComparison }))),
  // Part 1 (introduction, architecture, pretrained model)
  'dataset-browser': lazy(() => import('./dataset-browser/DatasetBrowser').then((m) => ({ default: m.DatasetBrowser }))),
  'confusion-toy': lazy(() => import('./confusion-toy/ConfusionToy').then((m) => ({ default: m.ConfusionToy }))),
  'tokenizer': lazy(() => import('./tokenizer/TokenizerWidget').then((m) => ({ default: m.TokenizerWidget }))),
  'architecture': lazy(() => import('./architecture/Architecture').then((m) => ({ default: m.Architecture }))),
  'fill-mask': lazy(() => import('./fill-mask/FillMask').then((m) => ({ default: m.FillMask }))),
  'word-similarity': lazy(() => import('./word-similarity/WordSimilarity').then((m) => ({ default: m.WordSimilarity }))),
  'attention': lazy(() => import('./attention/AttentionView').then((m) => ({ default: m.AttentionView }))),
} satisfies Record<string, ComponentType>;

export type WidgetName = keyof typeof widgets;
