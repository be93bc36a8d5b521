import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, StratifiedSampler } from './stratified-sample.js';

describe('allocate', () => {
  it('is proportional with a guaranteed minimum per stratum', () => {
    expect(allocate({ a: 900, b: 90, c: 10 }, 100, 0)).toEqual({ a: 90, b: 9, c: 1 });
    expect(allocate({ a: 900, b: 90, c: 10 }, 100, 5)).toEqual({ a: 86, b: 9, c: 5 });
    expect(allocate({ a: 900, b: 90, c: 2 }, 100, 5)).toEqual({ a: 89, b: 9, c: 2 });
  });
  it('takes everything when there is less than n', () => {
    expect(allocate({ a: 3, b: 4 }, 100, 10)).toEqual({ a: 3, b: 4 });
  });
  it('never exceeds a stratum, sums to n, and respects the minimum (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 500 }), { minKeys: 1, maxKeys: 6 }), fc.integer({ min: 1, max: 800 }), fc.integer({ min: 0, max: 20 }), (counts, n, min) => {
        const a = allocate(counts, n, min);
        const total = Object.values(counts).reduce((x, y) => x + y, 0);
        const mins = Object.values(counts).reduce((x, c) => x + Math.min(c, min), 0);
        expect(Object.values(a).reduce((x, y) => x + y, 0)).toBe(Math.min(total, Math.max(n, mins)));
        for (const [s, c] of Object.entries(counts)) {
          expect(a[s]).toBeLessThanOrEqual(c);
          expect(a[s]).toBeGreaterThanOrEqual(Math.min(c, min));
        }
      }),
    );
  });
});

describe('StratifiedSampler', () => {
  const run = (seed: number) => {
    const s = new StratifiedSampler<number>(50, seed);
    for (let i = 0; i < 1000; i++) s.offer(i % 10 === 0 ? 'rare' : 'common', i);
    return s.select(10);
  };
  it('is reproducible for a seed and differs between seeds', () => {
    expect(run(7).items).toEqual(run(7).items);
    expect(run(7).items).not.toEqual(run(8).items);
  });
  it('keeps the allocation and draws each stratum uniformly', () => {
    const { items, allocation } = run(1);
    expect(allocation).toEqual({ common: 40, rare: 10 });
    expect(items).toHaveLength(50);
    expect(items.filter((i) => i % 10 === 0)).toHaveLength(10);
    // Uniformity: over many seeds, items from the first and second half of the stream are equally likely.
    let early = 0;
    let all = 0;
    for (let seed = 0; seed < 200; seed++) {
      for (const i of run(seed).items) {
        if (i % 10 === 0) continue;
        all++;
        if (i < 500) early++;
      }
    }
    expect(early / all).toBeGreaterThan(0.45);
    expect(early / all).toBeLessThan(0.55);
  });
});
