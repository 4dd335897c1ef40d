// An inline number read from a model's files at run time, so the prose never retypes what the export wrote:
// <ModelFact model="minilm-news-mlm" path="num_layers" />, <ModelFact model="minilm-news-mlm" file="eval.json" path="top1" format="pct" />.
import { useEffect, useState } from 'react';
import { fetchModelJson } from '../part1-hooks';
import { int, millions, pct } from '../../charts/format';

export type FactFormat = 'int' | 'pct' | 'millions' | 'text';

export function lookup(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined), obj);
}

export function formatFact(value: unknown, format: FactFormat): string {
  if (typeof value === 'number') {
    if (format === 'pct') return pct(value);
    if (format === 'millions') return millions(value);
    if (format === 'int') return int(value);
  }
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? 'n/a' : String(value);
}

export function ModelFact({ model, file = 'godeep.json', path, format = 'int' }: { model: string; file?: string; path: string; format?: FactFormat }) {
  const [text, setText] = useState('…');
  useEffect(() => {
    let live = true;
    fetchModelJson(`${model}/${file}`).then(
      (json) => live && setText(json === null ? 'n/a (not exported yet)' : formatFact(lookup(json, path), format)),
      () => live && setText('n/a'),
    );
    return () => {
      live = false;
    };
  }, [model, file, path, format]);
  return (
    <span className="model-fact" data-fact={`${model}/${file}:${path}`} title={`read from models/${model}/${file} (${path})`}>
      {text}
    </span>
  );
}
