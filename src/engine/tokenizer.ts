// Word-piece tokenization with character offsets. transformers.js's tokenizers give ids and pieces but no offsets,
// so we align the pieces to the text ourselves, replaying BERT's normalizer (clean text, CJK spacing, lowercase,
// strip accents) and pre-tokenizer (split on whitespace and punctuation) with a map back to the original characters.
import * as transformers from '@huggingface/transformers';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { Token, Tokenization } from './types';

export interface TokenizerFiles {
  tokenizerJson: unknown;
  tokenizerConfig: Record<string, unknown>;
}

export interface TextTokenizer {
  readonly maxLength: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  readonly maskId: number;
  readonly unkId: number;
  readonly maskToken: string;
  readonly vocabSize: number;
  tokenize(text: string, maxLength?: number): Tokenization;
  idToToken(id: number): string;
}

interface NormalizerConfig {
  lowercase?: boolean;
  strip_accents?: boolean | null;
  handle_chinese_chars?: boolean;
  clean_text?: boolean;
}

export function createTokenizer({ tokenizerJson, tokenizerConfig }: TokenizerFiles, maxLength: number): TextTokenizer {
  const registry = transformers as unknown as Record<string, new (json: unknown, config: unknown) => PreTrainedTokenizer>;
  const className = String(tokenizerConfig.tokenizer_class ?? 'PreTrainedTokenizer');
  const Cls = registry[className] ?? transformers.PreTrainedTokenizer;
  const tokenizer = new Cls(tokenizerJson, tokenizerConfig);
  return wrapTokenizer(tokenizer, (tokenizerJson as { normalizer?: NormalizerConfig }).normalizer ?? {}, maxLength);
}

export function wrapTokenizer(tokenizer: PreTrainedTokenizer, normalizer: NormalizerConfig, maxLength: number): TextTokenizer {
  const vocab = tokenizer.get_vocab();
  const idToTokenMap: string[] = [];
  for (const [piece, id] of vocab) idToTokenMap[id] = piece;
  const special = new Set(tokenizer.all_special_ids);
  const specialTokens = new Set(tokenizer.all_special_tokens);
  const lowercase = normalizer.lowercase ?? true;
  const stripAccents = normalizer.strip_accents ?? lowercase; // HF: None follows lowercase
  const cjk = normalizer.handle_chinese_chars ?? true;
  const ids = {
    clsId: tokenizer.convert_tokens_to_ids('[CLS]') ?? 101,
    sepId: tokenizer.convert_tokens_to_ids('[SEP]') ?? 102,
    padId: tokenizer.pad_token_id ?? 0,
    maskId: tokenizer.mask_token_id ?? 103,
    unkId: tokenizer.unk_token_id ?? 100,
  };
  const unk = tokenizer.unk_token ?? '[UNK]';

  function tokenize(text: string, limit = maxLength): Tokenization {
    const pieceIds = text.trim() === '' ? [] : tokenizer.encode(text, { add_special_tokens: false });
    const pieces = pieceIds.map((id) => idToTokenMap[id] ?? unk);
    const spans = alignPieces(text, pieces, { lowercase, stripAccents, cjk, unk, specialTokens });
    const keep = Math.max(0, Math.min(pieceIds.length, limit - 2));
    const tokens: Token[] = [{ id: ids.clsId, text: '[CLS]', start: 0, end: 0, special: true }];
    for (let i = 0; i < keep; i++) {
      tokens.push({ id: pieceIds[i], text: pieces[i], start: spans[i][0], end: spans[i][1], special: special.has(pieceIds[i]) && pieceIds[i] !== ids.maskId && pieceIds[i] !== ids.unkId });
    }
    tokens.push({ id: ids.sepId, text: '[SEP]', start: 0, end: 0, special: true });
    const inputIds = tokens.map((t) => t.id);
    return {
      tokens,
      inputIds,
      attentionMask: inputIds.map(() => 1),
      tokenTypeIds: inputIds.map(() => 0),
      truncated: keep < pieceIds.length,
      fullLength: pieceIds.length,
      maxLength: limit,
    };
  }

  return { ...ids, maskToken: tokenizer.mask_token ?? '[MASK]', maxLength, vocabSize: idToTokenMap.length, tokenize, idToToken: (id) => idToTokenMap[id] ?? unk };
}

interface AlignOptions {
  lowercase: boolean;
  stripAccents: boolean;
  cjk: boolean;
  unk: string;
  specialTokens: Set<string>;
}

const MARK = /\p{M}/u;
const PUNCT = /\p{P}/u;

function isControl(cp: number): boolean {
  if (cp === 9 || cp === 10 || cp === 13) return false;
  return cp === 0 || cp === 0xfffd || (cp < 32) || (cp >= 0x7f && cp < 0xa0) || /\p{Cc}|\p{Cf}/u.test(String.fromCodePoint(cp));
}

function isWhitespace(ch: string): boolean {
  return /\s/u.test(ch);
}

function isPunct(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return PUNCT.test(ch);
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/**
 * For each word piece, its [start, end) in the original text (UTF-16 units). Pieces are matched against BERT's
 * normalized text word by word; a word that became [UNK] spans the whole word; trailing combining marks that the
 * normalizer dropped are included in the span of the piece they decorate.
 */
export function alignPieces(text: string, pieces: string[], opts: AlignOptions): [number, number][] {
  // 1. Normalized characters, each with the original span it came from.
  const norm: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const len = ch.length;
    if (!isControl(cp)) {
      let n = isWhitespace(ch) ? ' ' : ch;
      if (opts.lowercase) n = n.toLowerCase();
      if (opts.stripAccents) n = n.normalize('NFD').replace(/\p{Mn}/gu, '');
      if (opts.cjk && isCjk(cp)) n = ` ${n} `;
      for (const c of n) {
        norm.push(c);
        from.push(i);
        to.push(i + len);
      }
    }
    i += len;
  }
  const spans: [number, number][] = [];
  let cursor = 0; // index into norm
  let word: { start: number; end: number } | null = null; // current word in norm, [start, end)
  let pos = 0; // position inside word
  const nextWord = () => {
    while (cursor < norm.length && norm[cursor] === ' ') cursor++;
    if (cursor >= norm.length) return null;
    const start = cursor;
    if (isPunct(norm[cursor])) cursor++;
    else while (cursor < norm.length && norm[cursor] !== ' ' && !isPunct(norm[cursor])) cursor++;
    return { start, end: cursor };
  };
  const origSpan = (a: number, b: number): [number, number] => {
    if (b <= a) return a < from.length ? [from[a], from[a]] : [text.length, text.length];
    let end = to[b - 1];
    while (end < text.length && MARK.test(text[end])) end++;
    return [from[a], end];
  };
  for (const piece of pieces) {
    if (opts.specialTokens.has(piece) && piece !== opts.unk) {
      // An added token typed literally (e.g. [MASK]): find it in the original text.
      const origFrom = word ? from[Math.min(word.start + pos, from.length - 1)] ?? 0 : cursor < from.length ? from[cursor] : text.length;
      const at = text.indexOf(piece, Math.max(0, origFrom));
      if (at < 0) {
        spans.push([origFrom, origFrom]);
        continue;
      }
      spans.push([at, at + piece.length]);
      word = null;
      pos = 0;
      while (cursor < norm.length && from[cursor] < at + piece.length) cursor++;
      continue;
    }
    if (!word || pos >= word.end - word.start) {
      word = nextWord();
      pos = 0;
      if (!word) {
        spans.push([text.length, text.length]);
        continue;
      }
    }
    if (piece === opts.unk) {
      spans.push(origSpan(word.start + pos, word.end));
      pos = word.end - word.start;
      continue;
    }
    const body = piece.startsWith('##') ? piece.slice(2) : piece;
    const wordText = norm.slice(word.start, word.end).join('');
    if (wordText.startsWith(body, pos)) {
      spans.push(origSpan(word.start + pos, word.start + pos + body.length));
      pos += body.length;
    } else {
      // Unexpected normalization: search ahead, else give an empty span at the current place.
      const rest = norm.slice(word.start + pos).join('');
      const at = rest.indexOf(body);
      if (at >= 0) {
        const a: number = word.start + pos + at;
        spans.push(origSpan(a, a + body.length));
        cursor = Math.max(cursor, a + body.length);
        word = { start: a, end: Math.max(word.end, a + body.length) };
        pos = body.length;
      } else {
        spans.push(origSpan(word.start + pos, word.start + pos));
      }
    }
  }
  return spans;
}
