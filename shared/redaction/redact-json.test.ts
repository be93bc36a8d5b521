import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './create-redactor.js';
import { PlaceholderScope } from './placeholder-scope.js';
import { looksLikeJson, redactJsonTokens } from './redact-json.js';

const r = createRedactor();

function redactJson(text: string): string | null {
  const scope = new PlaceholderScope();
  const plain = (s: string): string => r.redactText(s, scope);
  return redactJsonTokens(text, plain, plain);
}

describe('redactJsonTokens', () => {
  it('redacts inside string values and keys, keeps every other byte', () => {
    const text = '{ "to": "jane@x.com",\n  "n": 12345678901234567890, "ok": true, "jane@x.com": null }';
    const out = redactJson(text)!;
    expect(out).toBe('{ "to": "<EMAIL_1>",\n  "n": 12345678901234567890, "ok": true, "<EMAIL_1>": null }');
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it('decodes escapes before detecting, so escaped PII is found and the result stays valid JSON', () => {
    const text = JSON.stringify({ note: 'call me\n+1 415 555 0134 or \u006aane\u0040x.com', path: 'C:\\dir' });
    const escaped = text.replace('jane@x.com', '\\u006aane\\u0040x.com');
    const out = redactJson(escaped)!;
    expect(JSON.parse(out)).toEqual({ note: 'call me\n<PHONE_1> or <EMAIL_1>', path: 'C:\\dir' });
  });

  it('turns a card number stored as a JSON number into a string placeholder', () => {
    const out = redactJson('{"card": 4111111111111111, "qty": 2}')!;
    expect(JSON.parse(out)).toEqual({ card: '<CARD_1>', qty: 2 });
  });

  it('returns the same string when nothing changes', () => {
    const text = '{"a": [1, 2.5e3, -4, "plain", {"b": false}]}';
    expect(redactJson(text)).toBe(text);
  });

  it('still redacts a truncated document', () => {
    expect(redactJson('{"email": "jane@x.com", "note": "ask bob@x.com to')).toBe('{"email": "<EMAIL_1>", "note": "ask <EMAIL_2> to');
  });

  it('gives up (null) when free text sits outside strings', () => {
    expect(redactJson('[1] see jane@x.com')).toBeNull();
    expect(redactJson('{a: "b"}')).toBeNull();
  });
});

/** The model of token-wise redaction: transform every string, keys included, in the parsed value. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [f(k), mapStrings(x, f)]));
  return v;
}

describe('redactJsonTokens on any JSON', () => {
  // Strings of any code points, so quotes, backslashes, control characters and escapes all occur.
  const document = fc.tuple(fc.jsonValue({ stringUnit: 'binary' }), fc.constantFrom(undefined, 1, 2, '\t')).map(([v, indent]) => ({ text: JSON.stringify(v, null, indent) }));

  it('returns the very same text when nothing is redacted', () => {
    fc.assert(
      fc.property(document, ({ text }) => {
        expect(redactJsonTokens(text, (s) => s, (s) => s)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('changes exactly the strings, and the result parses to the transformed value', () => {
    const tag = (s: string): string => `${s}«x»`;
    fc.assert(
      fc.property(document, ({ text }) => {
        const out = redactJsonTokens(text, tag, (s) => s);
        expect(JSON.parse(out!)).toEqual(mapStrings(JSON.parse(text), tag));
      }),
      { numRuns: 500 },
    );
  });
});

describe('looksLikeJson', () => {
  it('checks the first non-blank character', () => {
    expect(looksLikeJson('  {"a":1}')).toBe(true);
    expect(looksLikeJson('\n[1]')).toBe(true);
    expect(looksLikeJson('hello {')).toBe(false);
    expect(looksLikeJson('   ')).toBe(false);
  });
});
