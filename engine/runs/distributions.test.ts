import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import type { Store } from '../store/index.js';
import { OVERVIEW_INFRA_CASE, OVERVIEW_UNREPLAYABLE_CASE, overviewLatency, seedOverviewRun } from '../../test-support/overview-run.js';
import { armQuantile, distributionOf, HISTOGRAM_BINS, histogramCounts, histogramEdges, runDistributions } from './distributions.js';

const asc = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('quantiles', () => {
  // Reference values: scipy.stats.mstats.hdquantiles (scipy 1.17.1), and numpy.quantile (type 7) above the HD limit.
  it('Harrell–Davis for small arms, as scipy computes it', () => {
    const ten = asc([3.1, 1.2, 8.4, 2.2, 5.5, 13.0, 0.7, 4.4, 9.9, 6.1]);
    const expected10 = [4.902494650361234, 11.50402686599268, 12.426508474828529, 12.92137818273694];
    [0.5, 0.9, 0.95, 0.99].forEach((q, i) => expect(armQuantile(ten, q)).toBeCloseTo(expected10[i]!, 9));
    const sixty = asc(Array.from({ length: 60 }, (_, k) => (((k + 1) * 37) % 101) * 1.5 + 10));
    const expected60 = [86.7506750609367, 147.29782404294522, 154.67647526735814, 159.4761774019841];
    [0.5, 0.9, 0.95, 0.99].forEach((q, i) => expect(armQuantile(sixty, q)).toBeCloseTo(expected60[i]!, 9));
  });

  it('type 7 for large arms (numpy.quantile)', () => {
    const xs = Array.from({ length: 2000 }, (_, k) => k + 1);
    expect([0.5, 0.9, 0.95, 0.99].map((q) => armQuantile(xs, q))).toEqual([1000.5, expect.closeTo(1800.1, 9), expect.closeTo(1900.05, 9), expect.closeTo(1980.01, 9)]);
    expect(armQuantile([], 0.5)).toBeNull();
  });
});

describe('histograms', () => {
  it('log-spaced edges from min to max, equal ratios between them', () => {
    const edges = histogramEdges(10, 10_000, 'log', 3);
    expect(edges).toEqual([10, expect.closeTo(100, 9), expect.closeTo(1000, 9), 10_000]);
  });

  it('a bin of its own for zeros on a log scale; linear edges; one bin when every value is equal; none without values', () => {
    expect(histogramEdges(0, 1000, 'log', 3, 10)).toEqual([0, 10, expect.closeTo(100, 9), 1000]);
    expect(histogramEdges(0, 3, 'linear', 3)).toEqual([0, 1, 2, 3]);
    expect(histogramEdges(5, 5, 'log')).toEqual([5, 5.05]);
    expect(histogramEdges(Infinity, -Infinity, 'log')).toEqual([]);
  });

  it('counts each value once, the maximum in the last bin', () => {
    const edges = [0, 1, 2, 3];
    expect(histogramCounts([0, 0.5, 1, 1.5, 2.9, 3], edges)).toEqual([2, 2, 2]);
    expect(histogramCounts([], edges)).toEqual([0, 0, 0]);
  });

  it('both arms over shared edges; counts sum to n; mean and total', () => {
    const baseline = asc(Array.from({ length: 500 }, (_, k) => 100 + ((k * 7919) % 900)));
    const candidate = asc(Array.from({ length: 480 }, (_, k) => 150 + ((k * 104729) % 1300)));
    const d = distributionOf('ms', 'log', { baseline, candidate });
    expect(d.edges).toHaveLength(HISTOGRAM_BINS + 1);
    expect(d.edges[0]).toBe(100);
    expect(d.edges.at(-1)).toBe(Math.max(...candidate));
    expect(d.baseline.counts.reduce((a, b) => a + b, 0)).toBe(500);
    expect(d.candidate.counts.reduce((a, b) => a + b, 0)).toBe(480);
    expect(d.baseline.total).toBeCloseTo(baseline.reduce((a, b) => a + b, 0), 6);
    expect(d.baseline.mean).toBeCloseTo(d.baseline.total! / 500, 9);
    for (let i = 1; i < d.edges.length; i++) expect(d.edges[i]! / d.edges[i - 1]!).toBeCloseTo(d.edges[1]! / d.edges[0]!, 9);
  });
});

describe('runDistributions', () => {
  let dir: string;
  let store: Store;
  let runId: string;
  const CASES = 90;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cg-dist-'));
    ({ store, runId } = seedOverviewRun(dir, CASES));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('latency and cost of the answered attempts of each arm (no infra error, no unreplayable tool call)', () => {
    const d = runDistributions(store, runId);
    const skipped = new Set([OVERVIEW_INFRA_CASE, OVERVIEW_UNREPLAYABLE_CASE]);
    const base = asc(Array.from({ length: CASES }, (_, i) => overviewLatency(i, 'baseline')));
    const cand = asc(Array.from({ length: CASES }, (_, i) => i).filter((i) => !skipped.has(i)).map((i) => overviewLatency(i, 'candidate')));
    expect(d.latency.unit).toBe('ms');
    expect(d.latency.baseline.n).toBe(CASES);
    expect(d.latency.candidate.n).toBe(CASES - 2);
    expect(d.latency.baseline.counts.reduce((a, b) => a + b, 0)).toBe(CASES);
    expect(d.latency.candidate.counts.reduce((a, b) => a + b, 0)).toBe(CASES - 2);
    expect(d.latency.candidate.p95).toBeCloseTo(armQuantile(cand, 0.95)!, 9);
    expect(d.latency.baseline.p50).toBeCloseTo(armQuantile(base, 0.5)!, 9);
    expect(d.latency.edges[0]).toBe(base[0]);
    expect(d.latency.edges.at(-1)).toBe(Math.max(base.at(-1)!, cand.at(-1)!));
    // Costs: baseline 0.001 × (1 + i mod 5) over 90 cases = 0.001 × 18 × 15.
    expect(d.cost.unit).toBe('usd');
    expect(d.cost.baseline.total).toBeCloseTo(0.27, 12);
    expect(d.cost.baseline.mean).toBeCloseTo(0.003, 12);
    expect(d.cost.candidate.n).toBe(CASES - 2);
  });

  it('an unknown run is not found', () => {
    expect(() => runDistributions(store, 'run-nope')).toThrow(NotFoundError);
  });
});
