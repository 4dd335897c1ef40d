// Compare: cosine similarity, layer by layer (0 = embeddings), of one token's hidden state in text A and one in text B.
import { EngineError } from '../errors';
import type { CompareResult } from '../types';
import type { LoadedModel } from './common';
import { encode } from './encode';

export async function compare(m: LoadedModel, textA: string, tokenIndexA: number, textB: string, tokenIndexB: number): Promise<CompareResult> {
  const a = await encode(m, textA);
  const b = await encode(m, textB);
  for (const [enc, index, name] of [[a, tokenIndexA, 'A'], [b, tokenIndexB, 'B']] as const) {
    if (!Number.isInteger(index) || index < 0 || index >= enc.hiddenShape[1]) {
      throw new EngineError('failed', `Token ${index} of text ${name} does not exist (it has ${enc.hiddenShape[1]} tokens).`);
    }
  }
  const [L1, Ta, D] = a.hiddenShape;
  const Tb = b.hiddenShape[1];
  const similarityByLayer = Array.from({ length: L1 }, (_, l) => {
    const x = a.hiddenStates.subarray((l * Ta + tokenIndexA) * D, (l * Ta + tokenIndexA + 1) * D);
    const y = b.hiddenStates.subarray((l * Tb + tokenIndexB) * D, (l * Tb + tokenIndexB + 1) * D);
    let dot = 0, nx = 0, ny = 0;
    for (let h = 0; h < D; h++) {
      dot += x[h] * y[h];
      nx += x[h] * x[h];
      ny += y[h] * y[h];
    }
    return dot / Math.max(Math.sqrt(nx * ny), 1e-12);
  });
  return { a: a.tokenization, b: b.tokenization, similarityByLayer };
}
