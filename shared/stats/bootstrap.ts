/**
 * Seeded bootstrap of a ratio of statistics (candidate / baseline), e.g. P95 latency or mean cost.
 *
 * Percentile intervals use numpy's default (linear, type 7) quantile on the replicates, as
 * scipy.stats.bootstrap(method='percentile') does. A zero baseline statistic on the full sample makes
 * the ratio undefined: every field is null then, never NaN or Infinity.
 */

import { twoSidedZ } from './proportions.js';

/** A deterministic pseudo-random source. */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** xoshiro128** seeded through splitmix32: fast, 128-bit state, identical on every platform. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be finite, got ${seed}`);
  // Fold seeds beyond 32 bits in, so that large integer seeds do not collide on their low bits.
  let sm = (Math.trunc(seed) >>> 0) ^ (Math.floor(Math.trunc(seed) / 4294967296) >>> 0);
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
  const int = (n: number): number => {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`int: n must be a positive integer, got ${n}`);
    if (n > 4294967296) return Math.floor(next() * n);
    // Rejection on one 32-bit draw: exactly uniform, and the resampling loops need only one draw per index.
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const u = nextU32();
      if (u < limit) return u % n;
    }
  };
  return { next, int };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Quantile of ascending-sorted values with numpy's default linear interpolation (Hyndman–Fan type 7). */
export function quantile(sortedValues: ArrayLike<number>, p: number): number {
  const n = sortedValues.length;
  if (n === 0) throw new RangeError('quantile: empty sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0,1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  const a = sortedValues[lo] as number;
  if (frac === 0 || lo + 1 >= n) return a;
  const b = sortedValues[lo + 1] as number;
  return a + (b - a) * frac;
}

/** 'mean', or a quantile level in (0,1) such as { quantile: 0.95 }. */
export type BootstrapStatistic = 'mean' | { quantile: number };

export interface BootstrapOptions {
  replicates: number;
  seed: number;
  twoSidedLevel: number;
}

/** Ratio candidate/baseline of a statistic with a percentile bootstrap interval. */
export interface BootstrapRatioResult {
  /** Ratio on the full sample; null when the baseline statistic is 0 or a sample is empty. */
  estimate: number | null;
  /** Null when undefined, or when the percentile falls on an infinite replicate ratio (zero baseline in a resample). */
  lower: number | null;
  upper: number | null;
  /** The statistic of each arm on the full sample. */
  baseline: number | null;
  candidate: number | null;
  /** Replicates with a defined ratio (0/0 resamples are dropped). */
  replicates: number;
  method: 'paired-bootstrap-percentile' | 'unpaired-bootstrap-percentile' | 'paired-bootstrap-t' | 'paired-bootstrap-harrell-davis';
}

function validateOptions(opts: BootstrapOptions, statistic: BootstrapStatistic): void {
  if (!Number.isInteger(opts.replicates) || opts.replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${opts.replicates}`);
  twoSidedZ(opts.twoSidedLevel);
  if (statistic !== 'mean' && !(statistic.quantile > 0 && statistic.quantile < 1)) {
    throw new RangeError(`quantile must be in (0,1), got ${statistic.quantile}`);
  }
}

function sortedCopy(values: readonly number[]): Float64Array {
  const s = Float64Array.from(values);
  s.sort();
  return s;
}

function fullSampleStatistic(values: readonly number[], statistic: BootstrapStatistic): number {
  if (statistic === 'mean') {
    let s = 0;
    for (const v of values) s += v;
    return s / values.length;
  }
  return quantile(sortedCopy(values), statistic.quantile);
}

function nullResult(method: BootstrapRatioResult['method'], baseline: number | null, candidate: number | null): BootstrapRatioResult {
  return { estimate: null, lower: null, upper: null, baseline, candidate, replicates: 0, method };
}

/** Ratio of one replicate: +Infinity when only the denominator is 0, NaN (dropped) for 0/0. */
function replicateRatio(num: number, den: number): number {
  if (den === 0) return num === 0 ? Number.NaN : Number.POSITIVE_INFINITY;
  return num / den;
}

/** Percentile interval from replicate ratios; an infinite endpoint becomes null. */
function percentileInterval(ratios: Float64Array, count: number, twoSidedLevel: number): { lower: number | null; upper: number | null } {
  if (count === 0) return { lower: null, upper: null };
  const sorted = ratios.subarray(0, count);
  sorted.sort();
  const alpha = (1 - twoSidedLevel) / 2;
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return { lower: finite(quantile(sorted, alpha)), upper: finite(quantile(sorted, 1 - alpha)) };
}

function checkFinite(values: readonly number[], name: string): void {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${name}: values must be finite, got ${v}`);
}

/**
 * Paired bootstrap: each replicate resamples case indices once and applies them to both arms, so the
 * correlation between arms (same prompts) narrows the interval. O(n) per replicate for drawing the
 * indices; quantiles are then read by walking each arm's pre-sorted order with the resample's
 * multiplicities from the nearer end, without sorting.
 */
export function pairedBootstrapRatio(
  baseline: readonly number[],
  candidate: readonly number[],
  statistic: BootstrapStatistic,
  opts: BootstrapOptions,
): BootstrapRatioResult {
  const method = 'paired-bootstrap-percentile';
  validateOptions(opts, statistic);
  if (baseline.length !== candidate.length) throw new RangeError('pairedBootstrapRatio: arms must have the same length');
  checkFinite(baseline, 'baseline');
  checkFinite(candidate, 'candidate');
  const n = baseline.length;
  if (n === 0) return nullResult(method, null, null);
  const baseStat = fullSampleStatistic(baseline, statistic);
  const candStat = fullSampleStatistic(candidate, statistic);
  if (baseStat === 0) return nullResult(method, baseStat, candStat);

  const rng = createRng(opts.seed);
  const ratios = new Float64Array(opts.replicates);
  let count = 0;
  if (statistic === 'mean') {
    for (let r = 0; r < opts.replicates; r++) {
      let sb = 0;
      let sc = 0;
      for (let i = 0; i < n; i++) {
        const j = rng.int(n);
        sb += baseline[j] as number;
        sc += candidate[j] as number;
      }
      const ratio = replicateRatio(sc, sb);
      if (!Number.isNaN(ratio)) ratios[count++] = ratio;
    }
  } else {
    const orderB = sortIndices(baseline);
    const orderC = sortIndices(candidate);
    const h = (n - 1) * statistic.quantile;
    const lo = Math.floor(h);
    const frac = h - lo;
    const counts = new Int32Array(n);
    for (let r = 0; r < opts.replicates; r++) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[rng.int(n)]! += 1;
      const qb = weightedOrderQuantile(orderB, baseline, counts, lo, frac);
      const qc = weightedOrderQuantile(orderC, candidate, counts, lo, frac);
      const ratio = replicateRatio(qc, qb);
      if (!Number.isNaN(ratio)) ratios[count++] = ratio;
    }
  }
  const interval = percentileInterval(ratios, count, opts.twoSidedLevel);
  return { estimate: candStat / baseStat, ...interval, baseline: baseStat, candidate: candStat, replicates: count, method };
}

/** The indices of `values` in ascending order of value. */
export function sortIndices(values: readonly number[]): Uint32Array {
  const idx = new Uint32Array(values.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort((x, y) => (values[x] as number) - (values[y] as number));
  return idx;
}

/**
 * Type-7 quantile (0-based positions lo and lo + 1) of the multiset {values[i] × counts[i]}, whose
 * total count is order.length. Walks from the nearer end, so a P95 touches ~5% of the cases.
 */
function weightedOrderQuantile(order: Uint32Array, values: readonly number[], counts: Int32Array, lo: number, frac: number): number {
  const n = order.length;
  const needNext = frac !== 0 && lo + 1 < n;
  const valueAt = (j: number): number => values[order[j] as number] as number;
  const countAt = (j: number): number => counts[order[j] as number] as number;
  if (lo < n / 2) {
    let cumulative = 0;
    let j = 0;
    // The element holding position lo is where the cumulative count first exceeds lo.
    for (; j < n; j++) {
      cumulative += countAt(j);
      if (cumulative > lo) break;
    }
    const a = valueAt(j);
    if (!needNext || cumulative > lo + 1) return a;
    // Position lo + 1 lies in the next element with a non-zero count.
    for (j++; j < n && countAt(j) === 0; j++);
    return j < n ? a + (valueAt(j) - a) * frac : a;
  }
  // From the top: position p from the bottom is position n − 1 − p from the top.
  const topA = n - 1 - lo;
  const topB = topA - 1; // position lo + 1, the larger interpolation point
  let cumulative = 0;
  let j = n - 1;
  const target = needNext ? topB : topA;
  for (; j >= 0; j--) {
    cumulative += countAt(j);
    if (cumulative > target) break;
  }
  if (!needNext) return valueAt(j);
  const b = valueAt(j);
  if (cumulative > topA) return b; // positions lo and lo + 1 hold the same value
  for (j--; j >= 0 && countAt(j) === 0; j--);
  const a = valueAt(j);
  return a + (b - a) * frac;
}

/** Standard normal variate (Box–Muller; 1 − u keeps the logarithm finite). */
function normalVariate(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Gamma(shape, 1) variate for shape ≥ 1 (Marsaglia & Tsang 2000). */
function gammaVariate(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalVariate(rng);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Type-7 quantile of one bootstrap resample of `sorted`, drawn in O(1) without resampling.
 *
 * A resample is x_(⌈n·U_j⌉) for n iid uniforms U_j, so its k-th smallest value is x_(⌈n·U_(k)⌉) with
 * U_(k) ~ Beta(k, n − k + 1) (equivalently P(X*_(k) ≤ x_(i)) = P(Binomial(n, i/n) ≥ k): the binomial
 * bootstrap of order statistics). The next order statistic is U_(k+1) = U_(k) + (1 − U_(k))·Beta(1, n − k),
 * which gives the second point that the linear interpolation needs, exactly in distribution.
 */
function resampledQuantile(rng: Rng, sorted: Float64Array, lo: number, frac: number): number {
  const n = sorted.length;
  const k = lo + 1; // 1-based rank of the lower interpolation point
  const g1 = gammaVariate(rng, k);
  const g2 = gammaVariate(rng, n - k + 1);
  const uk = g1 / (g1 + g2);
  const index = (u: number): number => Math.min(n, Math.max(1, Math.ceil(n * u))) - 1;
  const a = sorted[index(uk)] as number;
  if (frac === 0 || k >= n) return a;
  const uNext = uk + (1 - uk) * (1 - Math.pow(1 - rng.next(), 1 / (n - k)));
  const b = sorted[index(uNext)] as number;
  return a + (b - a) * frac;
}

/**
 * Unpaired bootstrap: each arm is resampled independently (live canary, different requests per arm).
 * For a quantile, each arm is sorted once and every replicate draws the needed order statistics
 * directly (see resampledQuantile): O(B) after the O(n log n) sort. For the mean, O(n) per replicate.
 */
export function unpairedBootstrapRatio(
  baseline: readonly number[],
  candidate: readonly number[],
  statistic: BootstrapStatistic,
  opts: BootstrapOptions,
): BootstrapRatioResult {
  const method = 'unpaired-bootstrap-percentile';
  validateOptions(opts, statistic);
  checkFinite(baseline, 'baseline');
  checkFinite(candidate, 'candidate');
  if (baseline.length === 0 || candidate.length === 0) {
    return nullResult(method, baseline.length ? fullSampleStatistic(baseline, statistic) : null, candidate.length ? fullSampleStatistic(candidate, statistic) : null);
  }
  const baseStat = fullSampleStatistic(baseline, statistic);
  const candStat = fullSampleStatistic(candidate, statistic);
  if (baseStat === 0) return nullResult(method, baseStat, candStat);

  const rng = createRng(opts.seed);
  const ratios = new Float64Array(opts.replicates);
  let count = 0;
  if (statistic === 'mean') {
    const resampledMean = (values: readonly number[]): number => {
      let s = 0;
      for (let i = 0; i < values.length; i++) s += values[rng.int(values.length)] as number;
      return s / values.length;
    };
    for (let r = 0; r < opts.replicates; r++) {
      const mb = resampledMean(baseline);
      const mc = resampledMean(candidate);
      const ratio = replicateRatio(mc, mb);
      if (!Number.isNaN(ratio)) ratios[count++] = ratio;
    }
  } else {
    const sb = sortedCopy(baseline);
    const sc = sortedCopy(candidate);
    const position = (n: number): { lo: number; frac: number } => {
      const h = (n - 1) * statistic.quantile;
      const lo = Math.floor(h);
      return { lo, frac: h - lo };
    };
    const pb = position(sb.length);
    const pc = position(sc.length);
    for (let r = 0; r < opts.replicates; r++) {
      const qb = resampledQuantile(rng, sb, pb.lo, pb.frac);
      const qc = resampledQuantile(rng, sc, pc.lo, pc.frac);
      const ratio = replicateRatio(qc, qb);
      if (!Number.isNaN(ratio)) ratios[count++] = ratio;
    }
  }
  const interval = percentileInterval(ratios, count, opts.twoSidedLevel);
  return { estimate: candStat / baseStat, ...interval, baseline: baseStat, candidate: candStat, replicates: count, method };
}
