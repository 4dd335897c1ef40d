import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attentionDistance, ckaFloor, ckaSeries, heatmapCell, lowestLayer, mostChangedHead, parseComparison, topTokens, type Comparison,
} from '../../src/widgets/model-comparison/comparisonData';

const model = (id: string, name: string, pooled: number[], perHead: number[][]) => ({
  id, dataset: id, name, task: '', labels: ['a', 'b'],
  cka_vs_pretrained: { pooled, ci95: pooled.map((v) => [v - 0.01, v + 0.01] as [number, number]), cls: pooled, by_subset: {} },
  attention_change: { per_layer: perHead.map((r) => r.reduce((a, b) => a + b, 0) / r.length), per_head: perHead, most_changed: { layer: 0, head: 0, value: 0 } },
  eval: { accuracy: 0.9 },
});

const fixture = (): Comparison =>
  parseComparison({
    num_layers: 2,
    sample: { texts: 6, per_dataset: 2, seed: 0, max_length: 64 },
    pretrained: { id: 'minilm-news-mlm' },
    models: [
      model('m1', 'One', [0.99, 0.9, 0.62], [[0.1, 0.2], [0.3, 0.1]]),
      model('m2', 'Two', [0.98, 0.95, 0.8], [[0.1, 0.1], [0.5, 0.0]]),
    ],
    pairwise: [{ a: 'm1', b: 'm2', per_layer: [0.99, 0.9, 0.5], last_layer: 0.5 }],
    datasets: {},
  });

describe('comparison.json helpers', () => {
  it('parses a valid file and rejects broken ones with a reason', () => {
    const c = fixture();
    expect(c.models).toHaveLength(2);
    expect(() => parseComparison(null)).toThrow(/not an object/);
    expect(() => parseComparison({ num_layers: 2, models: [] })).toThrow(/no models/);
    expect(() => parseComparison({ ...c, models: [{ ...c.models[0], cka_vs_pretrained: { pooled: [1, 0.9] } }] })).toThrow(/3 CKA values/);
    expect(() => parseComparison({ ...c, pairwise: undefined })).toThrow(/pairwise/);
  });

  it('builds one series per model over layers 0..L and a y floor under the smallest value', () => {
    const s = ckaSeries(fixture());
    expect(s.map((x) => x.id)).toEqual(['m1', 'm2']);
    expect(s[0].points).toEqual([{ x: 0, y: 0.99 }, { x: 1, y: 0.9 }, { x: 2, y: 0.62 }]);
    expect(ckaFloor(fixture())).toBe(0.6);
  });

  it('finds the head that moved most on average and the layer that moved most per model', () => {
    expect(mostChangedHead(fixture())).toEqual({ layer: 1, head: 0, value: 0.4 });
    expect(lowestLayer(fixture().models[0])).toEqual({ layer: 2, value: 0.62 });
  });

  it('measures attention movement as a mean total-variation distance in [0, 1]', () => {
    const id = [1, 0, 0, 1];
    const swap = [0, 1, 1, 0];
    const half = [0.5, 0.5, 0.5, 0.5];
    expect(attentionDistance(id, id, 2)).toBe(0);
    expect(attentionDistance(id, swap, 2)).toBe(1);
    expect(attentionDistance(id, half, 2)).toBeCloseTo(0.5, 12);
    expect(attentionDistance(half, id, 2)).toBeCloseTo(attentionDistance(id, half, 2), 12);
    expect(() => attentionDistance(id, [1, 0], 2)).toThrow();
  });

  it('lists the strongest positive word pieces, skipping special tokens', () => {
    const toks = [{ text: '[CLS]', special: true }, { text: 'great', special: false }, { text: 'film', special: false }, { text: 'bad', special: false }, { text: '[SEP]', special: true }];
    expect(topTokens(toks, [9, 2, 0.5, -1, 9], 2)).toEqual([{ text: 'great', score: 2 }, { text: 'film', score: 0.5 }]);
  });

  it('fits heatmap cells between 6 and 16 px', () => {
    expect(heatmapCell(10, 200)).toBe(16);
    expect(heatmapCell(20, 200)).toBe(10);
    expect(heatmapCell(64, 200)).toBe(6);
  });

  it('reads the committed models/comparison.json when there is one', () => {
    const p = path.resolve('models/comparison.json');
    if (!fs.existsSync(p)) return;
    const c = parseComparison(JSON.parse(fs.readFileSync(p, 'utf8')));
    expect(c.models.map((m) => m.id)).toEqual(['minilm-agnews', 'minilm-mr', 'minilm-trec']);
    for (const s of ckaSeries(c)) expect(s.points).toHaveLength(c.num_layers + 1);
    const h = mostChangedHead(c)!;
    expect(h.layer).toBeGreaterThanOrEqual(0);
    expect(h.layer).toBeLessThan(c.num_layers);
  });
});
