// Part-of-speech and entity tags of a text with wink-nlp, as character spans (shared by the widget and
// scripts/precompute-pos-impact.mjs's logic). The ~3.8 MB model is loaded on first use only.
import type { Tagged } from '../part2-data/math';

interface WinkDoc {
  tokens(): { out(f: unknown): string[] };
  entities(): { each(cb: (e: { out(f: unknown): unknown }) => void): void };
}
export interface WinkNlp {
  readDoc(text: string): WinkDoc;
  its: { value: unknown; pos: unknown; type: unknown; span: unknown };
}

let pending: Promise<WinkNlp> | null = null;

export function loadWink(): Promise<WinkNlp> {
  if (!pending) {
    pending = Promise.all([import('wink-nlp'), import('wink-eng-lite-web-model')]).then(([w, m]) => {
      const winkNLP = (w as unknown as { default: (model: unknown) => WinkNlp }).default;
      return winkNLP((m as { default: unknown }).default);
    });
    pending.catch(() => (pending = null));
  }
  return pending;
}

/** Words of `text` with their character spans, universal POS tag and entity type ('' outside entities). */
export function tagText(nlp: WinkNlp, text: string): (Tagged & { text: string })[] {
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(nlp.its.value);
  const pos = doc.tokens().out(nlp.its.pos);
  const entity = new Array<string>(values.length).fill('');
  doc.entities().each((e) => {
    const [a, b] = e.out(nlp.its.span) as number[];
    const type = e.out(nlp.its.type) as string;
    for (let i = a; i <= b; i++) entity[i] = type;
  });
  let cursor = 0;
  const out: (Tagged & { text: string })[] = [];
  values.forEach((v, i) => {
    const at = text.indexOf(v, cursor);
    const start = at >= 0 ? at : cursor;
    const end = at >= 0 ? at + v.length : cursor;
    cursor = end;
    out.push({ text: v, start, end, pos: pos[i], entity: entity[i] });
  });
  return out;
}
