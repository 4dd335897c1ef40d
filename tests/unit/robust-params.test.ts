// Malformed URL parameters never break a widget: each bad value falls back to its default with a notice, and the
// page-level ?backend= is checked too.
import { describe, expect, it } from 'vitest';
import { parseParams, serializeParams } from '../../src/widgets/params';
import { backendNotice } from '../../src/widgets/frame/useWidgetParams';
import { classifierSpecs } from '../../src/widgets/classifier/Classifier';

const specs = {
  text: { type: 'text', default: 'Stocks [MASK] on Monday', maxLength: 1000 },
  k: { type: 'int', default: 5, min: 1, max: 10 },
  mode: { type: 'enum', default: 'a', values: ['a', 'b'] },
  flag: { type: 'bool', default: false },
} as const;

describe('parseParams on bad input', () => {
  it('keeps defaults and explains each bad value', () => {
    const q = new URLSearchParams({ text: 'x'.repeat(1001), k: 'abc', mode: 'zzz', flag: 'maybe', unknownKey: '1' });
    const { values, notices } = parseParams(specs, q);
    expect(values).toEqual({ text: 'Stocks [MASK] on Monday', k: 5, mode: 'a', flag: false });
    expect(notices).toHaveLength(5);
    expect(notices.join(' ')).toMatch(/longer than 1000.*whole number.*one of a, b.*true or false.*unknown setting "unknownKey"/s);
  });

  it.each(['1.5', '1e3', ' 3', '0x10', '', '99999999999999999999', '-1', '11'])('rejects the int %j', (raw) => {
    const { values, notices } = parseParams(specs, new URLSearchParams({ k: raw }));
    expect(values.k).toBe(5);
    expect(notices).toHaveLength(1);
  });

  it('keeps hostile and odd text as plain text', () => {
    for (const text of ['<script>alert(1)</script>', '📈🚀 👨‍👩‍👧', 'ارتفعت أسعار النفط', '东京股市', 'cafe\u0301', 'a\u0000b\u202e']) {
      const { values, notices } = parseParams(specs, new URLSearchParams({ text }));
      expect(values.text).toBe(text);
      expect(notices).toEqual([]);
      expect(parseParams(specs, serializeParams(specs, values)).values.text).toBe(text);
    }
  });

  it('truncates unknown key names in its notice', () => {
    const { notices } = parseParams(specs, new URLSearchParams({ ['k'.repeat(500)]: '1' }));
    expect(notices[0].length).toBeLessThan(100);
  });

  it('limits the classifier text from a URL to what its textarea holds', () => {
    const { values, notices } = parseParams(classifierSpecs, new URLSearchParams({ text: 'a'.repeat(20_000) }));
    expect(values.text).toBe(classifierSpecs.text.default);
    expect(notices).toEqual([expect.stringContaining('longer than 5000')]);
  });
});

describe('?backend=', () => {
  it.each([null, 'auto', 'wasm', 'webgpu'])('accepts %j silently', (raw) => {
    expect(backendNotice(new URLSearchParams(raw === null ? '' : { backend: raw }))).toBeNull();
  });
  it.each(['bogus', 'WASM', '', 'webgl'])('flags %j', (raw) => {
    expect(backendNotice(new URLSearchParams({ backend: raw }))).toMatch(/backend.*auto, wasm, webgpu/);
  });
});
