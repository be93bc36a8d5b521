import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256OfJson } from './json-sha256.js';

const reference = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest();

// Long strings (remembered from 256 characters) with escapes, non-ASCII and lone surrogates, drawn from a small
// pool so that they recur, as system prompts do.
const longPool = fc.array(fc.string({ unit: 'binary', minLength: 256, maxLength: 700 }), { minLength: 1, maxLength: 4 });

describe('sha256OfJson', () => {
  it('is the sha256 of JSON.stringify, for keys of strings (long, recurring ones included), numbers, booleans and null', () => {
    fc.assert(
      fc.property(longPool, (pool) => {
        const leaf = fc.oneof(
          fc.string({ unit: 'binary', maxLength: 20 }),
          fc.constantFrom(...pool),
          fc.integer(),
          fc.double(),
          fc.constantFrom(null, true, false, -0, undefined, Infinity, Number.NaN, 1e21, 5e-7),
        );
        const key = fc.letrec<{ tree: unknown }>((tie) => ({ tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 5 })) })).tree;
        fc.assert(
          fc.property(fc.array(key, { maxLength: 6 }), (k) => {
            expect(sha256OfJson(k)).toEqual(reference(k));
          }),
          { numRuns: 20 },
        );
      }),
      { numRuns: 50 },
    );
  });

  it('hashes keys of any size and the same key alike every time', () => {
    // Over 1 MiB of key: the scratch buffer grows past what is kept, and is let go after each hash.
    const big = 'é→'.repeat(250_000);
    const key = ['m', [['system', big, null], ['user', 'x'.repeat(300), null]], `${big}!`];
    for (let i = 0; i < 3; i++) expect(sha256OfJson(key)).toEqual(reference(key));
    expect(sha256OfJson(['short', null, 1])).toEqual(reference(['short', null, 1]));
  });
});
