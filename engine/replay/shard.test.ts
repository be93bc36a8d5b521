import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { assignShards, casesOfShard, parseShard } from './shard.js';

const caseKeys = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 24 }), { minLength: 0, maxLength: 120 });

describe('shard assignment', () => {
  it('is a partition: every case in exactly one shard, shards within one case of each other in size', () => {
    fc.assert(
      fc.property(caseKeys, fc.integer({ min: 1, max: 12 }), (keys, count) => {
        const cases = keys.map((key, id) => ({ id, key }));
        const shards = Array.from({ length: count }, (_, i) => casesOfShard(cases, { index: i + 1, count }));
        const all = shards.flat().map((c) => c.key);
        expect(all).toHaveLength(keys.length);
        expect(new Set(all)).toEqual(new Set(keys));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('depends only on the case keys: the same under any row ids and storage order', () => {
    fc.assert(
      fc.property(
        caseKeys.chain((keys) => fc.tuple(fc.constant(keys), fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }), fc.array(fc.integer(), { minLength: keys.length, maxLength: keys.length }))),
        fc.integer({ min: 1, max: 8 }),
        ([keys, permuted, rowIds], count) => {
          const a = assignShards(keys, count);
          const b = assignShards(permuted, count);
          expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
          // Cases stored under other row ids (another database) land in the same shards, in their stored order.
          const here = keys.map((key, i) => ({ id: i + 1, key }));
          const there = permuted.map((key, i) => ({ id: rowIds[i]!, key }));
          for (let index = 1; index <= count; index++) {
            const mine = casesOfShard(here, { index, count }).map((c) => c.key);
            const theirs = casesOfShard(there, { index, count }).map((c) => c.key);
            expect(new Set(theirs)).toEqual(new Set(mine));
            expect(mine).toEqual(keys.filter((k) => mine.includes(k)));
          }
        },
      ),
    );
  });

  // Values computed independently (Python hashlib: sort by sha256 hex of the key, deal out in turn).
  it('is pinned: a known suite splits the same way in every version (runners of different builds must agree)', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `case-${i}`);
    const byShard = (index: number) => casesOfShard(keys.map((key) => ({ key })), { index, count: 3 }).map((c) => c.key);
    expect([byShard(1), byShard(2), byShard(3)]).toEqual([
      ['case-1', 'case-3', 'case-7', 'case-8'],
      ['case-0', 'case-2', 'case-9'],
      ['case-4', 'case-5', 'case-6'],
    ]);
  });

  it('one shard is the whole suite; no shard is the whole suite too', () => {
    const cases = ['a', 'b', 'c'].map((key) => ({ key }));
    expect(casesOfShard(cases, { index: 1, count: 1 })).toEqual(cases);
    expect(casesOfShard(cases, null)).toEqual(cases);
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/4', '5/4', '2', '2/0', 'a/b', '-1/3', '1.5/3', '', '2/4/6'])('refuses %j naming --shard', (text) => {
    expect(() => parseShard(text)).toThrow(InputError);
    try {
      parseShard(text);
    } catch (err) {
      expect((err as InputError).describe()).toBe(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${text}"`);
    }
  });
});
