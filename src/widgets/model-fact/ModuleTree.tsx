// The module tree `print(model)` shows for a BERT checkpoint, with the sizes filled in from its config.json at run
// time (so the code block always matches the bundled model).
import { useEffect, useState } from 'react';
import { fetchModelJson } from '../part1-hooks';
import { useOverflowing } from '../frame/ScrollRegion';

interface Config {
  architectures?: string[];
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  intermediate_size: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  hidden_act?: string;
  id2label?: Record<string, string>;
}

export function moduleTree(c: Config): string {
  const h = c.hidden_size;
  const arch = c.architectures?.[0] ?? 'BertModel';
  const classifier = arch.includes('SequenceClassification');
  const mlm = arch.includes('MaskedLM');
  const act = (c.hidden_act ?? 'gelu').toUpperCase();
  const lines = [
    arch,
    `├── bert: BertModel`,
    `│   ├── embeddings: BertEmbeddings`,
    `│   │   ├── word_embeddings        Embedding(${c.vocab_size}, ${h})   # token embeddings`,
    `│   │   ├── position_embeddings    Embedding(${c.max_position_embeddings}, ${h})   # learned positions`,
    `│   │   ├── token_type_embeddings  Embedding(${c.type_vocab_size}, ${h})   # segments A / B`,
    `│   │   └── LayerNorm, dropout`,
    `│   ├── encoder: BertEncoder`,
    `│   │   └── layer: ${c.num_hidden_layers} × BertLayer`,
    `│   │       ├── attention: BertAttention`,
    `│   │       │   ├── self: BertSelfAttention   query, key, value: Linear(${h}, ${h})`,
    `│   │       │   └── output: BertSelfOutput    dense: Linear(${h}, ${h}) + dropout, residual, LayerNorm`,
    `│   │       ├── intermediate: BertIntermediate  dense: Linear(${h}, ${c.intermediate_size}) + ${act}`,
    `│   │       └── output: BertOutput              dense: Linear(${c.intermediate_size}, ${h}) + dropout, residual, LayerNorm`,
  ];
  if (mlm) {
    lines.push(`└── cls: BertOnlyMLMHead`, `    └── predictions: dense Linear(${h}, ${h}) + ${act} + LayerNorm, decoder Linear(${h}, ${c.vocab_size}) tied to word_embeddings`);
  } else {
    lines.push(`│   └── pooler: BertPooler          dense: Linear(${h}, ${h}) + tanh, on [CLS] only`);
    if (classifier) lines.push(`├── dropout`, `└── classifier: Linear(${h}, ${Object.keys(c.id2label ?? { 0: '', 1: '' }).length})`);
  }
  return lines.join('\n');
}

export function ModuleTree({ model }: { model: string }) {
  const [text, setText] = useState<string>('Reading config.json…');
  const [ref, overflowing] = useOverflowing<HTMLPreElement>();
  useEffect(() => {
    let live = true;
    fetchModelJson<Config>(`${model}/config.json`).then(
      (c) => live && setText(c ? moduleTree(c) : `models/${model}/config.json is not there yet.`),
      () => live && setText(`Could not read models/${model}/config.json.`),
    );
    return () => {
      live = false;
    };
  }, [model]);
  return (
    // While the tree is wider than the column it is a named, focusable region, so keyboard readers can scroll it.
    <pre ref={ref} className="module-tree" data-model={model} {...(overflowing ? { tabIndex: 0, role: 'region', 'aria-label': `Module tree of ${model}` } : {})}>
      <code>{text}</code>
    </pre>
  );
}
