/**
 * Harrell–Davis quantile estimator and its paired bootstrap ratio, which quantile_ratio gates use.
 *
 * Why: the percentile bootstrap of a type-7 P95 over-covered in the operating-characteristics simulations
 * (95 % for a nominal 90 %, so it rarely PASSed a good candidate: 22 % at n = 200, 36 % at n = 400); on the
 * Harrell–Davis estimate it covers 91–92 % and PASSes 29–31 % and 43–45 %, with P(PASS | margin) still ≤ 5 %.
 *
 * The Harrell–Davis estimate of the q-quantile is a weighted mean of all order statistics,
 * Σ_k w_k·x_(k) with w_k = I_{k/n}(a, b) − I_{(k−1)/n}(a, b), a = (n + 1)q, b = (n + 1)(1 − q): a smooth
 * function of the sample, unlike the one or two order statistics a type-7 quantile reads. For a resample
 * the weights of its sorted positions are the same cumulative differences, so walking the original sorted
 * order with the resample's multiplicities gives the estimate in O(n), without sorting.
 */

import { createRng, quantile, sortIndices } from './bootstrap.js';
import type { BootstrapOptions, BootstrapRatioResult } from './bootstrap.js';
import { regularizedIncompleteBeta } from './incomplete-beta.js';

/** Cumulative Harrell–Davis weights W[k] = I_{k/n}(a, b), k = 0..n. */
function cumulativeWeights(n: number, q: number): Float64Array {
  const a = (n + 1) * q;
  const b = (n + 1) * (1 - q);
  const w = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) w[k] = k === 0 ? 0 : k === n ? 1 : regularizedIncompleteBeta(k / n, a, b);
  return w;
}

/** Below this a weight difference is dropped: the walk stops once the remaining weights are all smaller. */
const NEGLIGIBLE = 1e-15;

/**
 * Harrell–Davis estimate of the multiset {values[i] × counts[i]} (counts sum to n), walking the sorted order
 * from the end nearer the quantile and stopping once the weights left are negligible: for a P95 that reads
 * a few tenths of the sample, not all of it.
 */
function weightedEstimate(order: Uint32Array, values: readonly number[], counts: Int32Array | null, w: Float64Array, q: number): number {
  const n = order.length;
  let sum = 0;
  if (q >= 0.5) {
    let pos = n;
    for (let j = n - 1; j >= 0 && (w[pos] as number) > NEGLIGIBLE; j--) {
      const i = order[j] as number;
      const c = counts === null ? 1 : (counts[i] as number);
      if (c === 0) continue;
      sum += (values[i] as number) * ((w[pos] as number) - (w[pos - c] as number));
      pos -= c;
    }
    return sum;
  }
  let pos = 0;
  for (let j = 0; j < n && (w[pos] as number) < 1 - NEGLIGIBLE; j++) {
    const i = order[j] as number;
    const c = counts === null ? 1 : (counts[i] as number);
    if (c === 0) continue;
    sum += (values[i] as number) * ((w[pos + c] as number) - (w[pos] as number));
    pos += c;
  }
  return sum;
}

/** The Harrell–Davis estimate of the q-quantile of a sample. */
export function harrellDavisQuantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('harrellDavisQuantile: empty sample');
  if (!(q > 0 && q < 1)) throw new RangeError(`harrellDavisQuantile: q must be in (0,1), got ${q}`);
  return weightedEstimate(sortIndices(values), values, null, cumulativeWeights(values.length, q), q);
}

/** Paired percentile bootstrap of HD_q(candidate) / HD_q(baseline). */
export function pairedBootstrapHarrellDavisRatio(baseline: readonly number[], candidate: readonly number[], q: number, opts: BootstrapOptions): BootstrapRatioResult {
  const n = baseline.length;
  if (candidate.length !== n) throw new RangeError('pairedBootstrapHarrellDavisRatio: arms must have the same length');
  const method = 'paired-bootstrap-harrell-davis';
  if (n === 0) return { estimate: null, lower: null, upper: null, baseline: null, candidate: null, replicates: 0, method };
  const w = cumulativeWeights(n, q);
  const orderB = sortIndices(baseline);
  const orderC = sortIndices(candidate);
  const baseStat = weightedEstimate(orderB, baseline, null, w, q);
  const candStat = weightedEstimate(orderC, candidate, null, w, q);
  if (!(baseStat > 0)) return { estimate: null, lower: null, upper: null, baseline: baseStat, candidate: candStat, replicates: 0, method };
  const rng = createRng(opts.seed);
  if (!Number.isInteger(opts.replicates) || opts.replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${opts.replicates}`);
  const ratios = new Float64Array(opts.replicates);
  const counts = new Int32Array(n);
  let count = 0;
  for (let r = 0; r < opts.replicates; r++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[rng.int(n)]! += 1;
    const qb = weightedEstimate(orderB, baseline, counts, w, q);
    if (!(qb > 0)) continue;
    ratios[count++] = weightedEstimate(orderC, candidate, counts, w, q) / qb;
  }
  const sorted = ratios.subarray(0, count);
  sorted.sort();
  const a = (1 - opts.twoSidedLevel) / 2;
  return {
    estimate: candStat / baseStat,
    lower: count > 0 ? quantile(sorted, a) : null,
    upper: count > 0 ? quantile(sorted, 1 - a) : null,
    baseline: baseStat,
    candidate: candStat,
    replicates: count,
    method,
  };
}
