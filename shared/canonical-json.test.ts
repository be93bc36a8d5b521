import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sortedKeys } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys recursively and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('omits undefined members and keeps null', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
  it('writes numbers in shortest ECMAScript form', () => {
    expect(canonicalJson([1e21, 0.1, -0, 100])).toBe('[1e+21,0.1,0,100]');
  });
  it('sorts by UTF-16 code units, as RFC 8785 requires', () => {
    expect(canonicalJson({ '\u00e9': 1, z: 2, A: 3 })).toBe('{"A":3,"z":2,"\u00e9":1}');
  });
  it('rejects non-finite numbers', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non-finite number/);
  });

  it('agrees with a plain reference serializer and parses back to the same value (property)', () => {
    // Deliberately simple: arrays mapped, keys sorted and joined. Integer-like keys must sort as strings too.
    const reference = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(reference).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`).join(',')}}`
          : JSON.stringify(v);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(text).toBe(reference(JSON.parse(JSON.stringify(v))));
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys as Array#sort does, by insertion up to 16 keys and by sort past them (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), fc.constant(0), { maxKeys: 40 }), (obj) => {
        expect(sortedKeys(obj)).toEqual(Object.keys(obj).sort());
      }),
      { numRuns: 500 },
    );
    expect(sortedKeys({ b: 1, a: 2, 10: 3, 9: 4, Z: 5, é: 6, '\uD83D': 7, '\uFFFF': 8 })).toEqual(['10', '9', 'Z', 'a', 'b', '\uD83D', 'é', '\uFFFF'].sort());
  });
});
