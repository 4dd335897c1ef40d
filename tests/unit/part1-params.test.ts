import { describe, expect, it } from 'vitest';
import { BERT_BASE, bertParameterCounts, headFor } from '../../src/widgets/architecture/params';

describe('BERT parameter counts', () => {
  it('gives bert-base-uncased BertModel (with pooler) its known 109,482,240 parameters', () => {
    const c = bertParameterCounts(BERT_BASE, 'pooler');
    expect(c.total).toBe(109_482_240);
    expect(c.embeddings).toBe(23_837_184);
    expect(c.layer).toBe(7_087_872);
    expect(c.pooler).toBe(590_592);
  });

  it('sums its blocks to the total', () => {
    for (const head of ['none', 'pooler', 'mlm', 'classifier'] as const) {
      const c = bertParameterCounts(BERT_BASE, head, 4);
      expect(c.blocks.reduce((s, b) => s + b.params, 0)).toBe(c.total);
    }
  });

  it('counts a MiniLM-L6 (384 hidden) masked-LM the way the export does', () => {
    const mini = { ...BERT_BASE, hidden_size: 384, num_hidden_layers: 6, intermediate_size: 1536 };
    const c = bertParameterCounts(mini, 'mlm');
    expect(c.embeddings).toBe(11_918_592);
    expect(c.attentionPerLayer).toBe(592_128);
    expect(c.ffnPerLayer).toBe(1_182_336);
    expect(c.head).toBe(179_130);
    expect(c.total).toBe(22_744_506);
  });

  it('reads the head from config.architectures', () => {
    expect(headFor(['BertForMaskedLM'])).toBe('mlm');
    expect(headFor(['BertForSequenceClassification'])).toBe('classifier');
    expect(headFor(undefined)).toBe('pooler');
  });
});
