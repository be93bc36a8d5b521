import type { Database } from 'better-sqlite3';
import type { Arm } from '../../shared/domain/run.js';
import type { Distribution, RunDistributions } from '../../shared/domain/run-overview.js';
import { quantile } from '../../shared/stats/bootstrap.js';
import { harrellDavisQuantile } from '../../shared/stats/harrell-davis.js';
import { RunDistributionRepository } from '../store/run-distribution-repository.js';
import type { Store } from '../store/index.js';
import { unknownRunError } from './unknown-run.js';

/** Bins of each histogram. */
export const HISTOGRAM_BINS = 30;

/**
 * Up to this many values an arm's quantiles are Harrell–Davis estimates, the estimator the quantile_ratio gates use
 * (shared/stats/harrell-davis). Its weights cost one incomplete beta per value per quantile (about 0.3 s per quantile
 * on 100,000 values); above this size it and the type-7 quantile (shared/stats quantile, linear interpolation between
 * order statistics) agree far closer than a histogram bin — within 0.02 % at 100,000 — so type 7 is used there.
 */
export const HARRELL_DAVIS_MAX_N = 1000;

const QUANTILES = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

/** The q-quantile of ascending values: Harrell–Davis up to HARRELL_DAVIS_MAX_N values, type 7 above; null when empty. */
export function armQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted.length <= HARRELL_DAVIS_MAX_N ? harrellDavisQuantile(sorted, q) : quantile(sorted, q);
}

/**
 * Shared bin edges for values from min to max: log-spaced (latency, where a tail is several times the median) or
 * linear. A log scale starts at the smallest positive value; values of 0 (a cached answer) get a bin of their own
 * from 0. All values equal: one bin around them. No values: no bins.
 */
export function histogramEdges(min: number, max: number, scale: 'log' | 'linear', bins = HISTOGRAM_BINS, minPositive = min): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min, min === 0 ? 1 : min + Math.abs(min) * 0.01];
  if (scale === 'linear' || !(minPositive > 0 && minPositive < max)) {
    const step = (max - min) / bins;
    return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * step));
  }
  const zeroBin = min <= 0;
  const logBins = zeroBin ? bins - 1 : bins;
  const lo = Math.log(minPositive);
  const step = (Math.log(max) - lo) / logBins;
  const log = Array.from({ length: logBins + 1 }, (_, i) => (i === 0 ? minPositive : i === logBins ? max : Math.exp(lo + i * step)));
  return zeroBin ? [min, ...log] : log;
}

/** How many ascending values fall in each bin [edges[i], edges[i+1]); the maximum counts in the last bin. */
export function histogramCounts(sorted: readonly number[], edges: readonly number[]): number[] {
  const bins = Math.max(0, edges.length - 1);
  const counts = new Array<number>(bins).fill(0);
  let bin = 0;
  for (const v of sorted) {
    while (bin < bins - 1 && v >= edges[bin + 1]!) bin++;
    counts[bin]! += 1;
  }
  return counts;
}

/** One arm's histogram and summary over the shared edges. */
function armDistribution(sorted: readonly number[], edges: readonly number[]): Distribution['baseline'] {
  let total = 0;
  for (const v of sorted) total += v;
  const n = sorted.length;
  const q = Object.fromEntries(QUANTILES.map(([name, p]) => [name, armQuantile(sorted, p)])) as Record<(typeof QUANTILES)[number][0], number | null>;
  return { n, counts: histogramCounts(sorted, edges), ...q, mean: n ? total / n : null, total: n ? total : null };
}

/** Both arms of one measure over shared edges (ascending values in). */
export function distributionOf(unit: 'ms' | 'usd', scale: 'log' | 'linear', arms: Record<Arm, readonly number[]>): Distribution {
  const both = [arms.baseline, arms.candidate].filter((a) => a.length > 0);
  const min = Math.min(...both.map((a) => a[0]!));
  const max = Math.max(...both.map((a) => a[a.length - 1]!));
  const firstPositive = (a: readonly number[]) => a.find((v) => v > 0) ?? Number.POSITIVE_INFINITY;
  const minPositive = Math.min(...both.map(firstPositive));
  const edges = both.length ? histogramEdges(min, max, scale, HISTOGRAM_BINS, minPositive) : [];
  return { unit, edges, baseline: armDistribution(arms.baseline, edges), candidate: armDistribution(arms.candidate, edges) };
}

const repositories = new WeakMap<Database, RunDistributionRepository>();

/**
 * Latency (log-spaced bins) and cost (linear bins) of both arms of a run, over the attempts that answered (infra
 * errors and unreplayable tool calls have neither), with quantiles, mean and total per arm.
 */
export function runDistributions(store: Store, runId: string): RunDistributions {
  if (!store.runs.get(runId)) throw unknownRunError(store, runId);
  let repo = repositories.get(store.db);
  if (!repo) repositories.set(store.db, (repo = new RunDistributionRepository(store.db)));
  return {
    latency: distributionOf('ms', 'log', { baseline: repo.sortedLatencies(runId, 'baseline'), candidate: repo.sortedLatencies(runId, 'candidate') }),
    cost: distributionOf('usd', 'linear', { baseline: repo.sortedCosts(runId, 'baseline'), candidate: repo.sortedCosts(runId, 'candidate') }),
  };
}
