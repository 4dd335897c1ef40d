// Head ablation: classification with attention heads scaled by head_mask [layer, head] (0 = off), through
// gradients.onnx, whose forward pass multiplies each head's attention probabilities by its mask value.
import { EngineError, requireText } from '../errors';
import type { AblationResult } from '../types';
import { batchFeeds, classification, requireClassifier, type LoadedModel } from './common';

export function headMaskTensor(m: LoadedModel, headMask: number[][]): Float32Array {
  const { numLayers: L, numHeads: H } = m.info;
  if (!Array.isArray(headMask) || headMask.length !== L || headMask.some((row) => !Array.isArray(row) || row.length !== H)) {
    throw new EngineError('failed', `headMask must be ${L} layers x ${H} heads.`);
  }
  return Float32Array.from(headMask.flat());
}

export async function ablate(m: LoadedModel, text: string, headMask: number[][]): Promise<AblationResult> {
  requireClassifier(m);
  requireText(text);
  const mask = headMaskTensor(m, headMask);
  const session = await m.gradients!();
  const tokenization = m.tokenizer.tokenize(text, m.info.maxLength);
  const { feeds } = batchFeeds([tokenization.inputIds], m.tokenizer.padId);
  const out = await session.run(
    { ...feeds, alphas: { data: new Float32Array([1]), dims: [1] }, target: { data: new BigInt64Array(1), dims: [1] }, head_mask: { data: mask, dims: [m.info.numLayers, m.info.numHeads] } },
    ['logits'],
  );
  return { ...classification(m.info, tokenization, out.logits.data), headMask: headMask.map((r) => [...r]) };
}
