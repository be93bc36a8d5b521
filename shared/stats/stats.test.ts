import { describe, it, expect } from 'vitest';
import {
  binomialCdf,
  binomialPmf,
  binomialSf,
  clusteredStandardError,
  createRng,
  mcnemarExact,
  newcombePairedInterval,
  normalCdf,
  normalQuantile,
  pairedBootstrapRatio,
  pairedDifference,
  quantile,
  ruleOfThreeUpper,
  sampleSizeDiscordant,
  sampleSizeForVariance,
  sampleSizePairedCorrelated,
  sampleSizeUnpairedProportions,
  unpairedBootstrapRatio,
  wilsonInterval,
} from './index.js';

describe('normal', () => {
  it('inverts itself and handles the ends', () => {
    for (const p of [1e-12, 0.01, 0.3, 0.5, 0.8, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
  });
});

describe('binomial', () => {
  it('handles degenerate p and out-of-range k', () => {
    expect(binomialPmf(0, 5, 0)).toBe(1);
    expect(binomialPmf(5, 5, 1)).toBe(1);
    expect(binomialPmf(6, 5, 0.5)).toBe(0);
    expect(binomialCdf(-1, 5, 0.5)).toBe(0);
    expect(binomialCdf(5, 5, 0.5)).toBe(1);
    expect(binomialSf(5, 5, 0.5)).toBe(0);
    expect(binomialCdf(2, 4, 0.5)).toBeCloseTo(11 / 16, 15);
    expect(binomialSf(2, 4, 0.5)).toBeCloseTo(5 / 16, 15);
  });
  it('sums to one for a large n', () => {
    const n = 1_000_000;
    expect(binomialCdf(300_200, n, 0.3) + binomialSf(300_200, n, 0.3)).toBeCloseTo(1, 12);
  });
  it('gives exact McNemar p-values for small tables', () => {
    expect(mcnemarExact(0, 0)).toEqual({ pOneSidedGreater: 1, pTwoSided: 1 });
    // b = 5, c = 0: P(B ≥ 5 | n = 5) = 1/32; two-sided doubles it.
    expect(mcnemarExact(5, 0).pOneSidedGreater).toBeCloseTo(1 / 32, 15);
    expect(mcnemarExact(5, 0).pTwoSided).toBeCloseTo(2 / 32, 15);
    expect(mcnemarExact(0, 5).pOneSidedGreater).toBe(1);
  });
});

describe('proportions', () => {
  it('Wilson stays in [0,1] and validates input', () => {
    const zero = wilsonInterval(0, 20, 0.95);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeCloseTo(0.16112515, 7);
    expect(() => wilsonInterval(1, 0, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(3, 2, 0.95)).toThrow(RangeError);
  });
  it('rule of three', () => {
    expect(ruleOfThreeUpper(300)).toBe(0.01);
    expect(ruleOfThreeUpper(2)).toBe(1);
    expect(ruleOfThreeUpper(0)).toBe(1);
  });
});

describe('pairedDifference', () => {
  it('Newcombe paired gives a non-degenerate interval without discordant pairs (Wald would not)', () => {
    const r = pairedDifference(Array.from({ length: 30 }, () => ({ baseline: 0, candidate: 0 })), 0.9);
    expect(r.method).toBe('newcombe-paired');
    expect(r.estimate).toBe(0);
    expect(r.se).toBe(0);
    expect(r.upper as number).toBeGreaterThan(0.01);
    expect(r.lower as number).toBeLessThan(-0.01);
  });
  it('with clusters of one case each stays Newcombe', () => {
    const rows = [0, 1, 0, 0].map((v, i) => ({ baseline: 0, candidate: v, cluster: `k${i}` }));
    expect(pairedDifference(rows, 0.9).method).toBe('newcombe-paired');
  });
  it('reports no interval for one cluster or one fractional case', () => {
    const one = pairedDifference([{ baseline: 0, candidate: 1, cluster: 'a' }, { baseline: 0, candidate: 0, cluster: 'a' }], 0.9);
    expect(one.method).toBe('newcombe-design-effect');
    expect([one.lower, one.upper, one.se]).toEqual([null, null, null]);
    expect(one.estimate).toBe(0.5);
    const single = pairedDifference([{ baseline: 0.5, candidate: 1 }], 0.9);
    expect(single.method).toBe('newcombe-design-effect');
    expect(single.upper).toBeNull();
  });
  it('treats cases without a cluster as their own cluster', () => {
    const r = clusteredStandardError([1, 1, 0, 0], ['a', 'a', undefined, undefined]);
    // d̄ = ½; cluster a sums to +1, the singletons to −½ each: SE = √(1 + ¼ + ¼)/4.
    expect(r.clusters).toBe(3);
    expect(r.se).toBeCloseTo(Math.sqrt(1.5) / 4, 15);
  });
  it('matches the table form and rejects values outside [0,1]', () => {
    const nc = newcombePairedInterval(36, 12, 2, 0, 0.95);
    expect(nc.lower).toBeCloseTo(0.0569, 4);
    expect(nc.upper).toBeCloseTo(0.3404, 4);
    expect(() => pairedDifference([{ baseline: 2, candidate: 0 }], 0.9)).toThrow(RangeError);
    expect(() => pairedDifference([], 0.9)).toThrow(RangeError);
  });
});

describe('rng and quantile', () => {
  it('createRng is deterministic, in range and roughly uniform', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(createRng(43).next()).not.toBe(xs[0]);
    // Seeds that differ only above 32 bits still differ.
    expect(createRng(2 ** 32 + 5).next()).not.toBe(createRng(5).next());
    const rng = createRng(1);
    const counts = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const k = rng.int(10);
      if (!(Number.isInteger(k) && k >= 0 && k < 10)) outOfRange++;
      else counts[k] = (counts[k] as number) + 1;
    }
    expect(outOfRange).toBe(0);
    // 100k draws: each bucket within ±5 SD (SD ≈ 95) of 10k.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += rng.next();
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
  it('quantile interpolates linearly and rejects an empty sample', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.95)).toBeCloseTo(19.5, 12);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });
});

describe('bootstrap', () => {
  const opts = { replicates: 500, seed: 3, twoSidedLevel: 0.9 };
  it('returns nulls, never NaN or Infinity, when the baseline statistic is 0 or a sample is empty', () => {
    const zero = pairedBootstrapRatio([0, 0, 0], [1, 2, 3], 'mean', opts);
    expect([zero.estimate, zero.lower, zero.upper]).toEqual([null, null, null]);
    expect(zero.candidate).toBe(2);
    const empty = unpairedBootstrapRatio([], [1], { quantile: 0.5 }, opts);
    expect([empty.estimate, empty.lower, empty.upper, empty.baseline]).toEqual([null, null, null, null]);
    expect(pairedBootstrapRatio([], [], 'mean', opts).estimate).toBeNull();
  });
  it('gives null (unbounded) bounds when resamples hit a zero baseline', () => {
    // Most resamples of the baseline mean are 0 with a positive candidate: ratio +∞.
    const r = pairedBootstrapRatio([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 'mean', opts);
    expect(r.estimate).toBe(10);
    expect(r.upper).toBeNull();
    expect(r.lower === null || Number.isFinite(r.lower)).toBe(true);
  });
  it('identical arms give a degenerate paired interval at 1 but a wide unpaired one', () => {
    const xs = Array.from({ length: 200 }, (_, i) => 50 + ((i * 37) % 101));
    const paired = pairedBootstrapRatio(xs, xs, { quantile: 0.95 }, opts);
    expect([paired.estimate, paired.lower, paired.upper]).toEqual([1, 1, 1]);
    const unpaired = unpairedBootstrapRatio(xs, xs, { quantile: 0.95 }, opts);
    expect(unpaired.lower as number).toBeLessThan(1);
    expect(unpaired.upper as number).toBeGreaterThan(1);
  });
  it('paired quantile walk equals sorting each resample (same random indices)', () => {
    const base = Array.from({ length: 97 }, (_, i) => 100 + ((i * 53) % 89) + (i % 3) * 0.5);
    const cand = base.map((x, i) => x * (1 + 0.05 * Math.sin(i)));
    for (const q of [0.1, 0.5, 0.95, 0.99]) {
      const o = { replicates: 300, seed: 5, twoSidedLevel: 0.8 };
      const fast = pairedBootstrapRatio(base, cand, { quantile: q }, o);
      const rng = createRng(o.seed);
      const ratios: number[] = [];
      for (let r = 0; r < o.replicates; r++) {
        const idx = Array.from({ length: base.length }, () => rng.int(base.length));
        const sb = idx.map((i) => base[i] as number).sort((x, y) => x - y);
        const sc = idx.map((i) => cand[i] as number).sort((x, y) => x - y);
        ratios.push(quantile(sc, q) / quantile(sb, q));
      }
      ratios.sort((x, y) => x - y);
      expect(fast.lower).toBeCloseTo(quantile(ratios, 0.1), 12);
      expect(fast.upper).toBeCloseTo(quantile(ratios, 0.9), 12);
    }
  });
  it('the O(1) order-statistic draw matches brute-force resampling in distribution', () => {
    const xs = Array.from({ length: 150 }, (_, i) => Math.exp(Math.sin(i * 1.7) * 1.5));
    const ys = xs.map((x, i) => x * (1 + 0.1 * Math.cos(i)));
    const fast = unpairedBootstrapRatio(xs, ys, { quantile: 0.9 }, { replicates: 20_000, seed: 9, twoSidedLevel: 0.9 });
    // Brute force: resample each arm, sort, take the type-7 quantile.
    const rng = createRng(10);
    const ratios: number[] = [];
    const draw = (v: number[]): number => quantile(Float64Array.from(v, () => v[rng.int(v.length)] as number).sort(), 0.9);
    for (let r = 0; r < 20_000; r++) ratios.push(draw(ys) / draw(xs));
    ratios.sort((a, b) => a - b);
    expect(fast.lower as number).toBeCloseTo(quantile(ratios, 0.05), 2);
    expect(fast.upper as number).toBeCloseTo(quantile(ratios, 0.95), 2);
  });
});

describe('power', () => {
  it('validates input', () => {
    expect(() => sampleSizeForVariance(0.1, 0, 0.05, 0.8)).toThrow(RangeError);
    expect(() => sampleSizeUnpairedProportions(0.005, 0.01, 0.05, 0.8, 2)).toThrow(RangeError);
    expect(() => sampleSizeDiscordant(0.01, 0.02, 0.05, 0.8)).toThrow(RangeError);
  });
  it('higher correlation needs fewer paired cases, and one-sided fewer than two-sided', () => {
    const r0 = sampleSizePairedCorrelated(0.9, 0.01, 0, 0.05, 0.8, 2);
    const r8 = sampleSizePairedCorrelated(0.9, 0.01, 0.8, 0.05, 0.8, 2);
    expect(r8).toBeLessThan(r0);
    expect(r0).toBe(sampleSizeUnpairedProportions(0.9, 0.01, 0.05, 0.8, 2));
    expect(sampleSizeForVariance(0.09, 0.01, 0.05, 0.8, 1)).toBeLessThan(sampleSizeForVariance(0.09, 0.01, 0.05, 0.8, 2));
  });
});
