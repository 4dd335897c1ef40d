import { describe, expect, it } from 'vitest';
import { aggregateByTag, alignPieces, argmax, confusionMatrix, expectedCalibrationError, padBatch, quantile, ranks, reliabilityBins, softmax, spearman } from '../../src/widgets/part2-data/math';
import { parseEval, parsePredictions, parseTrainingLog } from '../../src/widgets/part2-data/parse';
import { parseCell, retemper } from '../../src/widgets/error-analysis/ErrorAnalysis';
import { stepIndex } from '../../src/widgets/training-metrics/TrainingMetrics';

describe('calibration', () => {
  it('bins by confidence and weights the gaps by bin size', () => {
    const conf = [0.95, 0.95, 0.95, 0.95, 0.55, 0.55];
    const correct = [true, true, true, false, true, false];
    const bins = reliabilityBins(conf, correct, 10);
    expect(bins[9]).toMatchObject({ count: 4, accuracy: 0.75 });
    expect(bins[9].confidence).toBeCloseTo(0.95);
    expect(bins[5]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(Number.isNaN(bins[0].accuracy)).toBe(true);
    // (4/6)*|0.75-0.95| + (2/6)*|0.5-0.55|
    expect(expectedCalibrationError(bins)).toBeCloseTo((4 / 6) * 0.2 + (2 / 6) * 0.05, 10);
  });
  it('puts confidence 1 in the last bin and is 0 when perfectly calibrated', () => {
    const bins = reliabilityBins([1, 1], [true, true], 10);
    expect(bins[9].count).toBe(2);
    expect(expectedCalibrationError(bins)).toBe(0);
  });
  it('re-tempers probabilities like softmax(logits / T)', () => {
    const logits = [2, 0.5, -1, 0];
    const p1 = softmax(logits);
    const p2 = softmax(logits, 2);
    for (const [i, v] of retemper(p1, 1 / 2).entries()) expect(v).toBeCloseTo(p2[i], 6);
    expect(p2.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(argmax(p2)).toBe(argmax(p1));
  });
});

describe('rank correlation', () => {
  it('averages ties', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
  it('is 1 for monotone, -1 for reversed, NaN for constant', () => {
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
  it('matches the textbook formula without ties', () => {
    const a = [3, 1, 4, 1.5, 5, 9, 2.6];
    const b = [2, 7, 1, 8, 2.8, 1.8, 2.9];
    const ra = ranks(a), rb = ranks(b);
    const n = a.length;
    const d2 = ra.reduce((s, r, i) => s + (r - rb[i]) ** 2, 0);
    expect(spearman(a, b)).toBeCloseTo(1 - (6 * d2) / (n * (n * n - 1)), 10);
  });
});

describe('batch padding', () => {
  const seqs = [
    { ids: [101, 7, 8, 102], tokens: ['[CLS]', 'a', 'b', '[SEP]'] },
    { ids: [101, 9, 102], tokens: ['[CLS]', 'c', '[SEP]'] },
  ];
  it('pads to the longest row', () => {
    const b = padBatch(seqs, 'longest', 16);
    expect(b.length).toBe(4);
    expect(b.inputIds[1]).toEqual([101, 9, 102, 0]);
    expect(b.attentionMask).toEqual([[1, 1, 1, 1], [1, 1, 1, 0]]);
    expect(b.tokens[1][3]).toBe('[PAD]');
  });
  it('pads to max_length', () => {
    const b = padBatch(seqs, 'max_length', 6);
    expect(b.inputIds.every((r) => r.length === 6)).toBe(true);
    expect(b.attentionMask[0].reduce((a, c) => a + c, 0)).toBe(4);
  });
});

describe('log parsing', () => {
  it('reads train.py entries with nested per-class F1', () => {
    const raw = {
      stage: 'classify',
      entries: [
        { step: 10, epoch: 0.01, train_loss: 1.3, lr: 1e-5, wall_s: 50 },
        { step: 20, epoch: 0.02, train_loss: 0.9, lr: 2e-5, val_loss: 0.8, val_accuracy: 0.7, val_macro_f1: 0.69, val_per_class_f1: { World: 0.7, Sports: 0.9, Business: 0.5, 'Sci/Tech': 0.6 } },
      ],
    };
    const log = parseTrainingLog(raw, ['World', 'Sports', 'Business', 'Sci/Tech']);
    expect(log.train.map((p) => p.loss)).toEqual([1.3, 0.9]);
    expect(log.evals).toHaveLength(1);
    expect(log.evals[0]).toMatchObject({ step: 20, loss: 0.8, accuracy: 0.7, macroF1: 0.69, perClassF1: [0.7, 0.9, 0.5, 0.6] });
  });
  it('reads a plain array and separate train/eval lists', () => {
    expect(parseTrainingLog([{ step: 1, loss: 2 }]).train).toHaveLength(1);
    const both = parseTrainingLog({ train: [{ step: 1, loss: 2 }], eval: [{ step: 1, loss: 1.5, accuracy: 0.4 }] });
    expect(both.train).toHaveLength(1);
    expect(both.evals[0]).toMatchObject({ loss: 1.5, accuracy: 0.4 });
  });
  it('reads predictions and eval.json blocks', () => {
    const p = parsePredictions({ labels: ['a', 'b'], temperature_applied: false, rows: [[0, 1, [0.4, 0.6]], [1, 1, [0.1, 0.9]]] });
    expect(p.rows[1]).toEqual({ index: 1, trueIndex: 1, predicted: 1, probabilities: [0.1, 0.9] });
    expect(p.temperatureApplied).toBe(false);
    expect(confusionMatrix(p.rows.map((r) => [r.trueIndex, r.predicted]), 2)).toEqual([[0, 1], [0, 1]]);
    const ev = parseEval({ temperature: 1.3, onnx_int8: { accuracy: 0.9, macro_f1: 0.89, ece: 0.05, ece_temperature: 0.02, per_class: { a: { precision: 0.8, recall: 0.7, f1: 0.75, support: 10 } }, confusion_matrix: [[1, 2], [3, 4]] }, int8_vs_fp32: { argmax_agreement: 0.99 } }, ['a', 'b']);
    expect(ev).toMatchObject({ accuracy: 0.9, macroF1: 0.89, eceBefore: 0.05, eceAfter: 0.02, temperature: 1.3, int8Agreement: 0.99, confusion: [[1, 2], [3, 4]] });
    expect(ev.perClass[0]).toMatchObject({ f1: 0.75, support: 10 });
  });
});

describe('aggregation by part of speech', () => {
  it('aligns word pieces without offsets and sums |score| per tag', () => {
    const text = 'Federer wins Wimbledon';
    const pieces = [
      { text: '[CLS]', special: true },
      { text: 'federer', special: false },
      { text: 'wins', special: false },
      { text: 'wimble', special: false },
      { text: '##don', special: false },
      { text: '[SEP]', special: true },
    ];
    const spans = alignPieces(text, pieces);
    expect(spans[0]).toBeNull();
    expect(spans[3]).toEqual({ start: 13, end: 19 });
    expect(spans[4]).toEqual({ start: 19, end: 22 });
    const words = [
      { start: 0, end: 7, pos: 'PROPN', entity: '' },
      { start: 8, end: 12, pos: 'VERB', entity: '' },
      { start: 13, end: 22, pos: 'PROPN', entity: '' },
    ];
    const scores = [0, 0.5, -0.25, 0.125, 0.125, 0];
    const byPos = aggregateByTag(words, spans, scores, 'pos');
    expect(byPos[0]).toMatchObject({ group: 'PROPN', words: 2, total: 0.75, mean: 0.375 });
    expect(byPos[1]).toMatchObject({ group: 'VERB', words: 1, total: 0.25 });
    expect(byPos[0].share + byPos[1].share).toBeCloseTo(1);
    expect(aggregateByTag(words, spans, scores, 'entity')).toEqual([{ group: 'none', words: 3, total: 1, mean: 1 / 3, share: 1 }]);
  });
  it('uses real tokenizer offsets when present', () => {
    expect(alignPieces('ab cd', [{ text: 'ab', special: false, start: 0, end: 2 }, { text: 'cd', special: false, start: 3, end: 5 }])).toEqual([{ start: 0, end: 2 }, { start: 3, end: 5 }]);
  });
  it('computes quantiles for latency figures', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([10, 20], 0.95)).toBeCloseTo(19.5);
  });
});

describe('accuracy by input length (eval.json)', () => {
  it('reads the int8 block, keeps the truncated band apart, drops malformed bands', () => {
    const ev = parseEval({
      onnx_int8: {
        accuracy: 0.9,
        accuracy_by_length: [
          { min_tokens: 8, max_tokens: 15, count: 10, accuracy: 0.8 },
          { min_tokens: 16, max_tokens: 23, count: 0, accuracy: 0 },
          { min_tokens: 'x', max_tokens: 31, count: 5, accuracy: 1 },
          { min_tokens: 64, max_tokens: 64, count: 3, accuracy: 1, truncated: true },
        ],
      },
    }, ['a', 'b']);
    expect(ev.lengthBands).toEqual([
      { minTokens: 8, maxTokens: 15, count: 10, accuracy: 0.8, truncated: false },
      { minTokens: 64, maxTokens: 64, count: 3, accuracy: 1, truncated: true },
    ]);
    expect(parseEval({ onnx_int8: {} }, ['a']).lengthBands).toEqual([]);
  });
});

describe('training-metrics step parameter', () => {
  it('snaps to the last logged step at or before it; 0 means the last step', () => {
    const steps = [25, 50, 75, 100];
    expect(stepIndex(steps, 50)).toBe(1);
    expect(stepIndex(steps, 74)).toBe(1);
    expect(stepIndex(steps, 10_000)).toBe(3);
    expect(stepIndex(steps, 0)).toBe(3);
    expect(stepIndex(steps, 3)).toBe(0);
  });
});

describe('error-analysis cell parameter', () => {
  it('reads "true-predicted" indices inside the matrix and ignores anything else', () => {
    expect(parseCell('2-3', 4)).toEqual([2, 3]);
    expect(parseCell(' 0-0 ', 4)).toEqual([0, 0]);
    for (const bad of ['', '4-0', '1-4', '2', '2-3-1', '-1-2', '<b>1</b>-2', '1.5-2', 'a-b']) expect(parseCell(bad, 4)).toBeNull();
    expect(parseCell('5-1', 6)).toEqual([5, 1]);
  });
});
