import { describe, expect, it } from 'vitest';
import { cohensKappa, cohensKappaFromTable, fleissKappa, fleissKappaFromCounts } from './agreement.js';

describe("Cohen's kappa", () => {
  it('is 1 with an SE of 0 when two reviewers agree on every case across choices', () => {
    const k = cohensKappa(['tie', 'baseline', 'candidate', 'tie'], ['tie', 'baseline', 'candidate', 'tie']);
    expect(k).toMatchObject({ estimate: 1, se: 0, lower: 1, upper: 1, reason: null, items: 4, observedAgreement: 1 });
  });

  it('is negative when the reviewers systematically disagree, and its interval stays within [-1, 1]', () => {
    const k = cohensKappaFromTable([[0, 6], [4, 0]]);
    expect(k.estimate).toBeCloseTo(-0.923076923076923, 12);
    expect(k.lower).toBeGreaterThanOrEqual(-1);
    expect(k.upper).toBeLessThan(0);
  });

  it('gives a null estimate with a reason, never NaN, when both chose one and the same category throughout', () => {
    const k = cohensKappa(['tie', 'tie', 'tie'], ['tie', 'tie', 'tie']);
    expect(k.estimate).toBeNull();
    expect(k.lower).toBeNull();
    expect(k.reason).toMatch(/chance agreement is 1/);
    expect(k.observedAgreement).toBe(1);
  });

  it('gives a null estimate for one case or none', () => {
    expect(cohensKappa(['tie'], ['candidate']).reason).toBe('only one case rated by both reviewers');
    expect(cohensKappa([], []).reason).toBe('no case rated by both reviewers');
  });

  it('refuses mismatched input', () => {
    expect(() => cohensKappa(['tie'], [])).toThrow(RangeError);
    expect(() => cohensKappaFromTable([[1, 2], [3]])).toThrow(/square/);
    expect(() => cohensKappaFromTable([[1, -2], [3, 4]])).toThrow(/≥ 0/);
  });

  it('a wider level gives a wider interval around the same estimate', () => {
    const table = [[20, 5, 1], [4, 15, 2], [1, 3, 9]];
    const k95 = cohensKappaFromTable(table, 0.95);
    const k80 = cohensKappaFromTable(table, 0.8);
    expect(k95.estimate).toBe(k80.estimate);
    expect(k95.lower!).toBeLessThan(k80.lower!);
    expect(k95.upper!).toBeGreaterThan(k80.upper!);
  });
});

describe("Fleiss' kappa", () => {
  const ratings = [
    ['candidate', 'candidate', 'candidate'],
    ['baseline', 'baseline', 'tie'],
    ['tie', 'tie', 'tie'],
    ['both_bad', 'both_bad', 'baseline'],
    ['candidate', 'candidate', 'baseline'],
    ['baseline', 'baseline', 'baseline'],
    ['candidate', 'tie', 'candidate'],
    ['tie', 'tie', 'both_bad'],
  ];

  it('is deterministic for a seed and changes with another seed (the interval, not the estimate)', () => {
    const a = fleissKappa(ratings);
    const b = fleissKappa(ratings);
    const c = fleissKappa(ratings, { seed: 99 });
    expect(a).toEqual(b);
    expect(c.estimate).toBe(a.estimate);
    expect([c.lower, c.upper]).not.toEqual([a.lower, a.upper]);
    expect(a.lower!).toBeLessThan(a.estimate!);
    expect(a.upper!).toBeGreaterThan(a.estimate!);
    expect(a.method).toBe('percentile bootstrap over cases (2000 replicates, seed 1971)');
  });

  it("with two ratings per case is Scott's pi: chance agreement from the pooled shares", () => {
    const k = fleissKappa([['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']]);
    const po = (1 + 0 + 1 + 1) / 4;
    const pe = (3 / 8) ** 2 + (5 / 8) ** 2;
    expect(k.estimate).toBeCloseTo((po - pe) / (1 - pe), 14);
  });

  it('leaves out cases with fewer than two ratings', () => {
    const withSingles = fleissKappa([...ratings, ['tie'], []]);
    expect(withSingles.items).toBe(ratings.length);
    expect(withSingles.estimate).toBe(fleissKappa(ratings).estimate);
  });

  it('gives null with a reason, never NaN, when every rating is one choice, or with one case', () => {
    const same = fleissKappa([['tie', 'tie', 'tie'], ['tie', 'tie']]);
    expect(same.estimate).toBeNull();
    expect(same.reason).toMatch(/chance agreement is 1/);
    expect(fleissKappa([['tie', 'candidate', 'tie']]).reason).toBe('only one case rated by two or more reviewers');
    expect(fleissKappaFromCounts([]).reason).toBe('no case rated by two or more reviewers');
  });

  it('keeps the estimate but gives no interval when over a fifth of the resamples hold one choice only', () => {
    // Two unanimous cases on different choices: half the resamples repeat one case and have no kappa.
    const two = fleissKappaFromCounts([[2, 0], [0, 2]]);
    expect(two.estimate).toBe(1);
    expect(two.lower).toBeNull();
    expect(two.reason).toMatch(/^too few cases for an interval: \d+ of 2000 resamples hold one choice only$/);
    // Nine unanimous cases and one split one: (9/10)^10 ≈ 35 % of resamples miss the split case.
    const oneSplit = fleissKappaFromCounts([...Array.from({ length: 9 }, () => [0, 2]), [1, 1]]);
    expect(oneSplit.estimate).not.toBeNull();
    expect(oneSplit.lower).toBeNull();
    // Two split cases among ten: (8/10)^10 ≈ 11 %, so the interval stands.
    const twoSplit = fleissKappaFromCounts([...Array.from({ length: 8 }, () => [0, 2]), [1, 1], [1, 1]]);
    expect(twoSplit.reason).toBeNull();
    expect(twoSplit.lower!).toBeLessThanOrEqual(twoSplit.estimate!);
  });

  it('refuses bad counts and options', () => {
    expect(() => fleissKappaFromCounts([[1, 1], [1]])).toThrow(/same categories/);
    expect(() => fleissKappaFromCounts([[1.5, 1]])).toThrow(/integers/);
    expect(() => fleissKappaFromCounts([[1, 1]], { replicates: 10 })).toThrow(/replicates/);
    expect(() => fleissKappaFromCounts([[1, 1]], { twoSidedLevel: 1 })).toThrow(/twoSidedLevel/);
  });
});
