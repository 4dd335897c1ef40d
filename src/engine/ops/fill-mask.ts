// Fill-mask: the top-k word pieces at every [MASK] of the text, in text order.
import { EngineError, requireText } from '../errors';
import type { FillMaskResult, MaskPrediction } from '../types';
import { batchFeeds, type LoadedModel } from './common';

export async function fillMask(m: LoadedModel, text: string, topK = 5): Promise<FillMaskResult> {
  requireText(text);
  if (m.info.task !== 'fill-mask') throw new EngineError('unsupported', `${m.info.id} has no masked-LM head; use a fill-mask model.`);
  const tokenization = m.tokenizer.tokenize(text, m.info.maxLength);
  const positions = tokenization.inputIds.flatMap((id, i) => (id === m.tokenizer.maskId ? [i] : []));
  if (positions.length === 0) {
    throw new EngineError('no-mask', `Put ${m.tokenizer.maskToken} somewhere in the text: the model fills in masked words.`);
  }
  const { feeds } = batchFeeds([tokenization.inputIds], m.tokenizer.padId);
  const logits = (await m.model.run(feeds, ['logits'])).logits; // (1, T, V)
  const V = logits.dims[2];
  const masks = positions.map((position) => {
    const row = logits.data.subarray(position * V, (position + 1) * V);
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, row[v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(row[v] - max);
    // Partial selection of the top k without sorting the whole vocabulary.
    const best: number[] = [];
    for (let v = 0; v < V; v++) {
      let i: number;
      if (best.length < topK) i = best.push(v) - 1;
      else if (row[v] > row[best[topK - 1]]) {
        i = topK - 1;
        best[i] = v;
      } else continue;
      while (i > 0 && row[best[i - 1]] < row[best[i]]) {
        [best[i - 1], best[i]] = [best[i], best[i - 1]];
        i--;
      }
    }
    const predictions: MaskPrediction[] = best.map((tokenId) => ({ tokenId, token: m.tokenizer.idToToken(tokenId), score: Math.exp(row[tokenId] - max) / sum }));
    return { position, predictions };
  });
  return { tokenization, masks };
}
