import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each key once while it is remembered, including undefined results, and starts over past max', () => {
    const calls: string[] = [];
    const f = boundedMemo((k: string) => {
      calls.push(k);
      return k === 'none' ? undefined : k.toUpperCase();
    }, 2);
    expect([f('a'), f('a'), f('none'), f('none')]).toEqual(['A', 'A', undefined, undefined]);
    expect(calls).toEqual(['a', 'none']);
    expect(f('b')).toBe('B'); // the third key: the memo starts over with it alone
    expect(f('a')).toBe('A');
    expect(calls).toEqual(['a', 'none', 'b', 'a']);
  });
});
