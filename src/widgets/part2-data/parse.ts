// Tolerant readers for the files the models pipeline writes (models/<id>/*.json). The pipeline is written
// concurrently, so each reader accepts the field names it may use and drops what it cannot read.
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** First finite number among the given keys (dots walk into nested objects). */
export function pick(o: unknown, ...keys: string[]): number | undefined {
  for (const k of keys) {
    let cur: unknown = o;
    for (const part of k.split('.')) cur = isObj(cur) ? cur[part] : undefined;
    const n = num(cur);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** A per-class array from an array, or from an object keyed by label name or index. */
export function perClass(v: unknown, labels: string[]): number[] | undefined {
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'number')) return v as number[];
    // [{label, f1}] or [{f1}] in label order
    const out = v.map((x) => pick(x, 'f1', 'f1-score', 'value'));
    return out.every((x) => x !== undefined) ? (out as number[]) : undefined;
  }
  if (isObj(v)) {
    const out = labels.map((l, i) => {
      const e = v[l] ?? v[String(i)] ?? v[l.toLowerCase()];
      return typeof e === 'number' ? e : pick(e, 'f1', 'f1-score');
    });
    return out.every((x) => x !== undefined) ? (out as number[]) : undefined;
  }
  return undefined;
}

export interface TrainPoint {
  step: number;
  epoch?: number;
  loss: number;
  lr?: number;
  /** Total gradient norm before clipping, averaged over the steps since the previous log line. */
  gradNorm?: number;
}
export interface EvalPoint {
  step: number;
  epoch?: number;
  loss?: number;
  accuracy?: number;
  macroF1?: number;
  perClassF1?: number[];
}
export interface TrainingLog {
  train: TrainPoint[];
  evals: EvalPoint[];
  labels: string[];
}

function entriesOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (isObj(raw)) {
    for (const k of ['entries', 'log', 'history', 'log_history', 'steps', 'records']) if (Array.isArray(raw[k])) return raw[k] as unknown[];
    const parts: unknown[] = [];
    for (const k of ['train', 'training']) if (Array.isArray(raw[k])) parts.push(...(raw[k] as unknown[]));
    for (const k of ['eval', 'evals', 'validation', 'val']) if (Array.isArray(raw[k])) parts.push(...(raw[k] as unknown[]).map((e) => (isObj(e) ? { ...e, __eval: true } : e)));
    return parts;
  }
  return [];
}

export function parseTrainingLog(raw: unknown, fallbackLabels: string[] = []): TrainingLog {
  const labels = isObj(raw) && Array.isArray(raw.labels) ? (raw.labels as string[]) : fallbackLabels;
  const train: TrainPoint[] = [];
  const evals: EvalPoint[] = [];
  for (const e of entriesOf(raw)) {
    if (!isObj(e)) continue;
    const step = pick(e, 'step', 'global_step', 'iteration');
    if (step === undefined) continue;
    const epoch = pick(e, 'epoch');
    const trainLoss = pick(e, 'train_loss', 'loss', 'training_loss');
    const nested = isObj(e.eval) ? e.eval : isObj(e.validation) ? e.validation : isObj(e.val) ? e.val : undefined;
    const src: Json = nested ?? e;
    const prefix = nested ? [''] : ['val_', 'eval_', 'validation_'];
    const keys = (names: string[]) => prefix.flatMap((p) => names.map((n) => p + n));
    const vLoss = pick(src, ...keys(['loss']));
    const vAcc = pick(src, ...keys(['accuracy', 'acc']));
    const vF1 = pick(src, ...keys(['macro_f1', 'f1_macro', 'macroF1', 'f1']));
    const vPer = perClass(keys(['per_class_f1', 'f1_per_class', 'class_f1', 'per_class']).map((k) => src[k]).find((v) => v !== undefined), labels);
    const isEval = e.__eval === true || nested !== undefined || vLoss !== undefined || vAcc !== undefined || vF1 !== undefined;
    if (isEval) {
      evals.push({ step, epoch, loss: vLoss ?? (e.__eval ? pick(e, 'loss') : undefined), accuracy: vAcc ?? (e.__eval ? pick(e, 'accuracy') : undefined), macroF1: vF1 ?? (e.__eval ? pick(e, 'macro_f1', 'f1') : undefined), perClassF1: vPer });
    }
    if (trainLoss !== undefined && !(e.__eval === true)) train.push({ step, epoch, loss: trainLoss, lr: pick(e, 'lr', 'learning_rate'), gradNorm: pick(e, 'grad_norm') });
  }
  train.sort((a, b) => a.step - b.step);
  evals.sort((a, b) => a.step - b.step);
  return { train, evals, labels };
}

export interface Prediction {
  index: number;
  trueIndex: number;
  predicted: number;
  probabilities: number[];
}
export interface TestPredictions {
  labels: string[];
  rows: Prediction[];
  /** Whether the stored probabilities are softmax(logits / T) (true) or softmax(logits) (false). */
  temperatureApplied: boolean;
}

export function parsePredictions(raw: unknown): TestPredictions {
  const labels = isObj(raw) && Array.isArray(raw.labels) ? (raw.labels as string[]) : [];
  const rows = isObj(raw) && Array.isArray(raw.rows) ? raw.rows : [];
  const out: Prediction[] = [];
  rows.forEach((r, index) => {
    if (Array.isArray(r) && r.length >= 3 && Array.isArray(r[2])) out.push({ index, trueIndex: Number(r[0]), predicted: Number(r[1]), probabilities: (r[2] as unknown[]).map(Number) });
  });
  return { labels, rows: out, temperatureApplied: isObj(raw) && raw.temperature_applied === true };
}

export interface TestSplit {
  labels: string[];
  rows: { label: number; title: string; description: string }[];
}

export function parseDataset(raw: unknown): TestSplit {
  const labels = isObj(raw) && Array.isArray(raw.labels) ? (raw.labels as string[]) : [];
  const columns = isObj(raw) && Array.isArray(raw.columns) ? (raw.columns as string[]) : ['label', 'title', 'description'];
  const li = columns.indexOf('label'), ti = columns.indexOf('title'), di = columns.indexOf('description');
  const rows = isObj(raw) && Array.isArray(raw.rows) ? raw.rows : [];
  return {
    labels,
    rows: rows.filter(Array.isArray).map((r) => ({ label: Number(r[li]), title: String(r[ti] ?? ''), description: String(r[di] ?? '') })),
  };
}

/** The text the classifier was trained on: title + " " + description (models/pipeline/data.py). */
export const rowText = (r: { title: string; description: string }) => `${r.title} ${r.description}`;

export interface EvalSummary {
  accuracy?: number;
  macroF1?: number;
  microF1?: number;
  perClass: { label: string; precision?: number; recall?: number; f1?: number; support?: number }[];
  confusion?: number[][];
  eceBefore?: number;
  eceAfter?: number;
  temperature?: number;
  int8Agreement?: number;
  /** Test accuracy per band of input length in word pieces (eval.json accuracy_by_length); empty when absent. */
  lengthBands: LengthBand[];
  raw: Json;
}

export interface LengthBand {
  minTokens: number;
  maxTokens: number;
  count: number;
  accuracy: number;
  /** The band of texts that reached max_length: the model saw only their first max_length pieces. */
  truncated: boolean;
}

function parseLengthBands(v: unknown): LengthBand[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).flatMap((b) => {
    const [minTokens, maxTokens, count, accuracy] = [b.min_tokens, b.max_tokens, b.count, b.accuracy].map(Number);
    return [minTokens, maxTokens, count, accuracy].every(Number.isFinite) && count > 0
      ? [{ minTokens, maxTokens, count, accuracy, truncated: b.truncated === true }]
      : [];
  });
}

export function parseEval(raw: unknown, labels: string[]): EvalSummary {
  const o: Json = isObj(raw) ? raw : {};
  // train.py writes one block per model: onnx_int8 is the model this page runs (and test_predictions.json).
  const block = [o.onnx_int8, o.pytorch_fp32, o.test].find(isObj) as Json | undefined;
  const t: Json = block ?? o;
  const pc = t.per_class ?? t.per_class_metrics ?? t.classes ?? t.report;
  const perClassRows = labels.map((label, i) => {
    const e = Array.isArray(pc) ? pc[i] : isObj(pc) ? pc[label] ?? pc[String(i)] : undefined;
    return { label, precision: pick(e, 'precision', 'p'), recall: pick(e, 'recall', 'r'), f1: pick(e, 'f1', 'f1-score', 'f1_score'), support: pick(e, 'support', 'n', 'count') };
  });
  const cm = t.confusion_matrix ?? t.confusion ?? o.confusion_matrix;
  const confusion = Array.isArray(cm) && cm.every((r) => Array.isArray(r)) ? (cm as number[][]) : isObj(cm) && Array.isArray(cm.matrix) ? (cm.matrix as number[][]) : undefined;
  return {
    accuracy: pick(t, 'accuracy', 'acc', 'test_accuracy'),
    macroF1: pick(t, 'macro_f1', 'f1_macro', 'macro.f1', 'macro_avg.f1'),
    microF1: pick(t, 'micro_f1', 'f1_micro', 'micro.f1', 'micro_avg.f1'),
    perClass: perClassRows,
    confusion,
    eceBefore: pick(t, 'ece') ?? pick(o, 'ece_before', 'ece.before', 'ece.uncalibrated', 'calibration.ece_before', 'calibration.before.ece', 'calibration.ece_uncalibrated', 'ece_uncalibrated', 'calibration.ece.before'),
    eceAfter: pick(t, 'ece_temperature') ?? pick(o, 'ece_after', 'ece.after', 'ece.calibrated', 'calibration.ece_after', 'calibration.after.ece', 'calibration.ece_calibrated', 'ece_calibrated', 'calibration.ece.after'),
    temperature: pick(o, 'temperature', 'calibration.temperature') ?? pick(t, 'temperature'),
    lengthBands: parseLengthBands(t.accuracy_by_length),
    int8Agreement: pick(o, 'int8_vs_fp32_agreement', 'int8_agreement', 'int8_vs_fp32.agreement', 'int8_vs_fp32.argmax_agreement', 'quantization.agreement', 'int8_vs_fp32_argmax_agreement'),
    raw: o,
  };
}

export interface FlatRow {
  key: string;
  value: string | number | boolean;
}

/** Every scalar leaf of an object as dotted key = value, for readable tables of recipes and resources. */
export function flatten(o: unknown, prefix = '', out: FlatRow[] = [], depth = 0): FlatRow[] {
  if (depth > 4) return out;
  if (isObj(o)) {
    for (const [k, v] of Object.entries(o)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (v === null || v === undefined) continue;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push({ key, value: v });
      else if (Array.isArray(v)) {
        if (v.length <= 8 && v.every((x) => typeof x === 'string' || typeof x === 'number')) out.push({ key, value: v.join(', ') });
      } else flatten(v, key, out, depth + 1);
    }
  }
  return out;
}

/** Numeric time series found in an object: arrays of objects sharing numeric fields (e.g. resource samples). */
export function findSeries(o: unknown, prefix = ''): { key: string; points: Json[]; fields: string[] }[] {
  const out: { key: string; points: Json[]; fields: string[] }[] = [];
  if (!isObj(o)) return out;
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v) && v.length >= 2 && v.every(isObj)) {
      const fields = Object.keys(v[0] as Json).filter((f) => (v as Json[]).every((p) => typeof p[f] === 'number'));
      if (fields.length >= 2) out.push({ key, points: v as Json[], fields });
    } else if (isObj(v)) out.push(...findSeries(v, key));
  }
  return out;
}
