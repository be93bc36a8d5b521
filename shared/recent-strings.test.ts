import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentStrings } from './recent-strings.js';

describe('RecentStrings', () => {
  it('answers only for an equal string, also when another string shares its slot', () => {
    const memo = new RecentStrings<number>();
    const a = 'x'.repeat(40);
    // Same length, same sampled characters (every position but the sampled ones differs in b).
    const b = `${a.slice(0, 3)}y${a.slice(4)}`;
    memo.set(a, 1);
    expect(memo.get(a)).toBe(1);
    expect(memo.get(`${'x'.repeat(20)}${'x'.repeat(20)}`)).toBe(1);
    expect(memo.get(b)).toBeUndefined();
    // b replaces a in their shared slot.
    memo.set(b, 2);
    expect([memo.get(a), memo.get(b)]).toEqual([undefined, 2]);
  });

  it('never returns a value stored for a different string (property)', () => {
    // Strings of one length over two letters: many share a slot (same length, same sampled characters).
    const crowded = fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 24, maxLength: 24 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(crowded, fc.string({ unit: 'binary', minLength: 1, maxLength: 40 })), fc.integer()), { maxLength: 60 }), (pairs) => {
        const memo = new RecentStrings<number>(16, 400);
        const last = new Map<string, number>();
        for (const [s, v] of pairs) {
          memo.set(s, v);
          last.set(s, v);
          for (const [t, w] of last) {
            const got = memo.get(t);
            if (got !== undefined) expect(got).toBe(w);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('forgets everything when full, in entries or in characters, and never holds a string of over a quarter of its room', () => {
    const byEntries = new RecentStrings<number>(3, 1000);
    for (const s of ['aa', 'bb', 'cc']) byEntries.set(s, 1);
    expect(byEntries.size).toBe(3);
    byEntries.set('dd', 1);
    expect([byEntries.size, byEntries.get('aa'), byEntries.get('dd')]).toEqual([1, undefined, 1]);

    const byChars = new RecentStrings<number>(100, 100);
    byChars.set('a'.repeat(25), 1);
    byChars.set('b'.repeat(25), 1);
    byChars.set('c'.repeat(25), 1);
    byChars.set('d'.repeat(25), 1);
    expect(byChars.size).toBe(4);
    byChars.set('e'.repeat(25), 1);
    expect(byChars.size).toBe(1);
    byChars.set('f'.repeat(26), 1);
    expect(byChars.get('f'.repeat(26))).toBeUndefined();
  });
});
