// The engine's contract: every operation a widget may ask of a model, with plain-data results.
// Nothing here refers to React, tensors, sessions or tokenizers; results cross the worker boundary as-is
// (typed arrays are transferred).

export type Backend = 'webgpu' | 'wasm';
export type BackendChoice = Backend | 'auto';

export interface ModelEntry {
  id: string;
  task: 'fill-mask' | 'text-classification';
  title: string;
  description?: string;
}

/** Facts about a loaded model, read from its config.json and godeep.json. */
export interface ModelInfo {
  id: string;
  task: ModelEntry['task'];
  labels: string[];
  temperature: number;
  numLayers: number;
  numHeads: number;
  hiddenSize: number;
  intermediateSize: number;
  vocabSize: number;
  maxLength: number;
  backend: Backend;
  threads: number;
  /** The parsed godeep.json (parameter counts, metrics, files), passed through for display. */
  recipe: Record<string, unknown>;
}

export interface LoadProgress {
  modelId: string;
  file: string;
  loadedBytes: number;
  totalBytes: number;
  /** 0..100 over all files of the model. */
  percent: number;
}

export interface Token {
  id: number;
  text: string;
  /** Character offsets into the original text; [0, 0] for special tokens. */
  start: number;
  end: number;
  special: boolean;
}

export interface Tokenization {
  tokens: Token[];
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  /** True when the text was cut to maxLength tokens. */
  truncated: boolean;
  /** Number of word pieces before truncation (without special tokens). */
  fullLength: number;
  maxLength: number;
}

export interface MaskPrediction {
  tokenId: number;
  token: string;
  score: number;
}

export interface FillMaskResult {
  tokenization: Tokenization;
  /** One list per [MASK], in text order. */
  masks: { position: number; predictions: MaskPrediction[] }[];
}

export interface ClassifyResult {
  tokenization: Tokenization;
  labels: string[];
  logits: number[];
  /** softmax(logits / temperature) */
  probabilities: number[];
  predicted: number;
  temperature: number;
}

export interface EncodeResult {
  tokenization: Tokenization;
  /** [layer, head, from, to], row-major */
  attentions: Float32Array;
  attentionShape: [number, number, number, number];
  /** [layer + 1, token, hidden], index 0 = embedding output */
  hiddenStates: Float32Array;
  hiddenShape: [number, number, number];
}

export type AttributionMethod = 'occlusion' | 'gradient-x-input' | 'integrated-gradients' | 'attention-rollout';

export interface AttributionResult {
  tokenization: Tokenization;
  method: AttributionMethod;
  target: number;
  /** One score per token (special tokens included, usually 0). Signed where the method is signed. */
  scores: number[];
  classification: ClassifyResult;
}

export interface CompareResult {
  a: Tokenization;
  b: Tokenization;
  /** Cosine similarity per layer (0 = embeddings) of the two chosen tokens' hidden states. */
  similarityByLayer: number[];
}

export interface EngineStatus {
  backend: Backend;
  threads: number;
  crossOriginIsolated: boolean;
  webgpuAdapter: boolean;
}
