// Encode: attention probabilities [layer, head, from, to] and hidden states [layer + 1, token, hidden] of one text.
import { requireText } from '../errors';
import type { EncodeResult, Tokenization } from '../types';
import { batchFeeds, type LoadedModel } from './common';

export async function encode(m: LoadedModel, text: string): Promise<EncodeResult> {
  requireText(text);
  return encodeTokens(m, m.tokenizer.tokenize(text, m.info.maxLength), false);
}

export async function encodeTokens(m: LoadedModel, tokenization: Tokenization, withLogits: boolean): Promise<EncodeResult & { logits?: Float32Array }> {
  const { feeds } = batchFeeds([tokenization.inputIds], m.tokenizer.padId);
  const out = await m.model.run(feeds, withLogits ? ['logits', 'attentions', 'hidden_states'] : ['attentions', 'hidden_states']);
  const [L, , H, T] = out.attentions.dims; // (L, 1, H, T, T): with B = 1 the buffer is already [L, H, T, T]
  const [L1, , , D] = out.hidden_states.dims; // (L + 1, 1, T, D)
  return {
    tokenization,
    attentions: out.attentions.data,
    attentionShape: [L, H, T, T],
    hiddenStates: out.hidden_states.data,
    hiddenShape: [L1, T, D],
    ...(withLogits ? { logits: out.logits.data } : {}),
  };
}
