import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFact, lookup } from '../../src/widgets/model-fact/ModelFact';
import { moduleTree } from '../../src/widgets/model-fact/ModuleTree';
import { headMatrix, layerMean, tokenNorms } from '../../src/widgets/attention/attentionData';

const config = (id: string) => JSON.parse(fs.readFileSync(path.resolve('models', id, 'config.json'), 'utf8'));

describe('model facts', () => {
  it('looks up dotted paths and formats them', () => {
    const obj = { parameters: { total: 22744506 }, top1: 0.1234, labels: ['a', 'b'] };
    expect(formatFact(lookup(obj, 'parameters.total'), 'int')).toBe('22,744,506');
    expect(formatFact(lookup(obj, 'parameters.total'), 'millions')).toBe('22.7 M');
    expect(formatFact(lookup(obj, 'top1'), 'pct')).toBe('12.3 %');
    expect(formatFact(lookup(obj, 'labels'), 'text')).toBe('a, b');
    expect(formatFact(lookup(obj, 'nope.deeper'), 'int')).toBe('n/a');
  });

  it('prints the module tree of the bundled models from their config.json', () => {
    const cls = config('minilm-agnews');
    const tree = moduleTree(cls);
    expect(tree.split('\n')[0]).toBe(cls.architectures[0]);
    expect(tree).toContain(`Embedding(${cls.vocab_size}, ${cls.hidden_size})`);
    expect(tree).toContain(`${cls.num_hidden_layers} × BertLayer`);
    expect(tree).toContain(`classifier: Linear(${cls.hidden_size}, ${Object.keys(cls.id2label).length})`);
    const mlm = moduleTree(config('minilm-news-mlm'));
    expect(mlm).toContain('BertOnlyMLMHead');
    expect(mlm).not.toContain('pooler');
  });
});

describe('attention and hidden-state slicing', () => {
  // 2 layers, 2 heads, 3 tokens: value = layer*100 + head*10 + from*3 + to
  const shape: [number, number, number, number] = [2, 2, 3, 3];
  const att = Float32Array.from({ length: 36 }, (_, i) => {
    const l = Math.floor(i / 18), h = Math.floor((i % 18) / 9), r = i % 9;
    return l * 100 + h * 10 + r;
  });
  it('takes one head and the mean over heads', () => {
    expect(Array.from(headMatrix(att, shape, 1, 1))).toEqual([110, 111, 112, 113, 114, 115, 116, 117, 118]);
    expect(layerMean(att, shape, 0)[4]).toBeCloseTo((4 + 14) / 2, 5);
  });
  it('computes per-token norms of one layer', () => {
    // hidden [layer+1=2, T=2, D=2]
    const hidden = Float32Array.from([3, 4, 0, 1, 6, 8, 0, 0]);
    expect(tokenNorms(hidden, [2, 2, 2], 0)).toEqual([5, 1]);
    expect(tokenNorms(hidden, [2, 2, 2], 1)).toEqual([10, 0]);
  });
});
