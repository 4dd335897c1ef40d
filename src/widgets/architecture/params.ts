// Parameter counts of a BERT encoder, block by block, from its config.json, as Hugging Face's BertModel
// builds it: embeddings (word + position + token type + LayerNorm), each layer's self-attention
// (query, key, value, output dense + LayerNorm) and feed-forward (intermediate + output dense + LayerNorm),
// then the pooler and an optional head.

export interface BertConfig {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
  type_vocab_size: number;
}

export type HeadKind = 'none' | 'pooler' | 'mlm' | 'classifier';

export interface ParamBlock {
  key: string;
  label: string;
  params: number;
  /** A human-readable shape list, e.g. "word 30522×384". */
  shapes: string[];
}

export interface ParamCounts {
  embeddings: number;
  attentionPerLayer: number;
  ffnPerLayer: number;
  layer: number;
  encoder: number;
  pooler: number;
  head: number;
  total: number;
  blocks: ParamBlock[];
}

const dense = (inp: number, out: number) => inp * out + out;
const layerNorm = (h: number) => 2 * h;

/**
 * head: 'pooler' = BertModel (encoder + pooler), 'mlm' = BertForMaskedLM (no pooler; transform + LayerNorm + decoder
 * bias, decoder weight tied to the word embeddings), 'classifier' = BertForSequenceClassification (pooler + a
 * hidden→numLabels linear layer), 'none' = encoder only.
 */
export function bertParameterCounts(config: BertConfig, head: HeadKind = 'pooler', numLabels = 2): ParamCounts {
  const h = config.hidden_size;
  const inter = config.intermediate_size;
  const word = config.vocab_size * h;
  const position = config.max_position_embeddings * h;
  const segment = config.type_vocab_size * h;
  const embeddings = word + position + segment + layerNorm(h);
  const attentionPerLayer = 4 * dense(h, h) + layerNorm(h);
  const ffnPerLayer = dense(h, inter) + dense(inter, h) + layerNorm(h);
  const layer = attentionPerLayer + ffnPerLayer;
  const encoder = config.num_hidden_layers * layer;
  const pooler = head === 'pooler' || head === 'classifier' ? dense(h, h) : 0;
  const headParams = head === 'mlm' ? dense(h, h) + layerNorm(h) + config.vocab_size : head === 'classifier' ? dense(h, numLabels) : 0;
  const blocks: ParamBlock[] = [
    { key: 'embeddings', label: 'Embeddings', params: embeddings, shapes: [`word ${config.vocab_size}×${h}`, `position ${config.max_position_embeddings}×${h}`, `token type ${config.type_vocab_size}×${h}`, `LayerNorm 2×${h}`] },
  ];
  for (let i = 0; i < config.num_hidden_layers; i++) {
    blocks.push({ key: `layer.${i}.attention`, label: `Layer ${i} · self-attention`, params: attentionPerLayer, shapes: [`query, key, value, output ${h}×${h} + ${h}`, `${config.num_attention_heads} heads × ${h / config.num_attention_heads}`, `LayerNorm 2×${h}`] });
    blocks.push({ key: `layer.${i}.ffn`, label: `Layer ${i} · feed-forward`, params: ffnPerLayer, shapes: [`intermediate ${h}×${inter} + ${inter}`, `output ${inter}×${h} + ${h}`, `LayerNorm 2×${h}`] });
  }
  if (pooler) blocks.push({ key: 'pooler', label: 'Pooler', params: pooler, shapes: [`dense ${h}×${h} + ${h}`, 'tanh'] });
  if (head === 'mlm') blocks.push({ key: 'head', label: 'Masked-LM head', params: headParams, shapes: [`transform ${h}×${h} + ${h}`, `LayerNorm 2×${h}`, `decoder ${h}×${config.vocab_size} (tied to word embeddings) + bias ${config.vocab_size}`] });
  if (head === 'classifier') blocks.push({ key: 'head', label: 'Classifier', params: headParams, shapes: [`linear ${h}×${numLabels} + ${numLabels}`] });
  return { embeddings, attentionPerLayer, ffnPerLayer, layer, encoder, pooler, head: headParams, total: embeddings + encoder + pooler + headParams, blocks };
}

/** BERT-base (bert-base-uncased), as published with the paper. */
export const BERT_BASE: BertConfig = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  max_position_embeddings: 512,
  type_vocab_size: 2,
};

/** Which head a config.json's architectures entry implies. */
export function headFor(architectures: string[] | undefined): HeadKind {
  const a = architectures?.[0] ?? '';
  if (a.includes('MaskedLM')) return 'mlm';
  if (a.includes('SequenceClassification')) return 'classifier';
  return 'pooler';
}
