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
  /** Why the preferred backend was not used (e.g. WebGPU session creation failed), if it was not. */
  fallbackReason?: string;
  /** 'local': bundled folder from models/manifest.json; 'hub': a remote Hugging Face Hub id via transformers.js. */
  source: 'local' | 'hub';
  /** Whether onnx/gradients.onnx is loaded (needed by ablate and the gradient attributions). */
  hasGradients: boolean;
  maskToken: string;
  maskTokenId: number;
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

/** Options for load(): the gradient graph is large and only needed by ablate/attribute. */
export interface LoadOptions {
  gradients?: boolean;
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
  /** One score per token (special tokens included, usually 0). Signed where the method is signed.
   * occlusion: logit[target](x) - logit[target](x without token); gradient-x-input / integrated-gradients: sum over
   * the hidden dimension of input x gradient (logit units); attention-rollout: the [CLS] row of the rollout (sums to 1). */
  scores: number[];
  classification: ClassifyResult;
  /** Integrated gradients only: sum(scores) vs logit[target](x) - logit[target](baseline). */
  completeness?: Completeness;
  /** Integrated gradients only: number of interpolation steps (trapezoid rule over steps + 1 alphas). */
  steps?: number;
}

export interface Completeness {
  sum: number;
  expected: number;
  /** |sum - expected| */
  error: number;
  /** |sum - expected| / max(|expected|, 1e-6) */
  relativeError: number;
  logitInput: number;
  logitBaseline: number;
}

export interface AttributeOptions {
  /** Class index to explain; default: the predicted class. */
  target?: number;
  /** Integrated gradients: interpolation steps (default 20). */
  steps?: number;
}

/** Classification with some attention heads switched off (head_mask 0) via gradients.onnx. */
export interface AblationResult extends ClassifyResult {
  /** [layer][head], 1 = on, 0 = off (values in between scale the head). */
  headMask: number[][];
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
  /** Why WebGPU is not used although asked for or detected, if so. */
  fallbackReason?: string;
  /** Ids of the models loaded in this worker. */
  loaded: string[];
}

/** The engine's error codes, so widgets can word messages or offer retry. */
export type EngineErrorCode = 'empty-text' | 'no-mask' | 'not-found' | 'damaged' | 'offline' | 'superseded' | 'worker-died' | 'unsupported' | 'failed';
