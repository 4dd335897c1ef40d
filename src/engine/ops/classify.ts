// Text classification: one sentence or a padded batch; probabilities use the temperature fitted on validation data.
import { requireText } from '../errors';
import type { ClassifyResult } from '../types';
import { classification, requireClassifier, runChunked, type LoadedModel } from './common';

export async function classify(m: LoadedModel, text: string): Promise<ClassifyResult> {
  return (await classifyBatch(m, [text]))[0];
}

export async function classifyBatch(m: LoadedModel, texts: string[], chunk = 16): Promise<ClassifyResult[]> {
  requireClassifier(m);
  texts.forEach(requireText);
  const toks = texts.map((t) => m.tokenizer.tokenize(t, m.info.maxLength));
  const { data, dims } = await runChunked(m.model, toks.map((t) => t.inputIds), m.tokenizer.padId, 'logits', chunk); // (B, C)
  const C = dims[1];
  return toks.map((tok, b) => classification(m.info, tok, data.subarray(b * C, (b + 1) * C)));
}
