/**
 * Paired difference of proportions (candidate − baseline), for per-case values in [0,1].
 *
 * The caller orients the values so that candidate − baseline > 0 means worse (e.g. failure
 * indicators). The method is chosen from the data:
 * - every value 0/1 and no cluster holds more than one case → Newcombe's hybrid score interval for
 *   paired proportions (Newcombe 1998 method 10; "Newcombe hybrid score" in Fagerland, Lydersen &
 *   Laake 2014), which behaves where Wald collapses (no discordant pairs, small n);
 * - otherwise (a cluster holds several cases, or values are averages over repeats) → the same
 *   Newcombe interval on design-effect-deflated counts (a Rao–Scott style adjustment): the paired table
 *   is built from the values (fractional for averaged repeats), the design effect D is the CR1
 *   cluster-robust variance of the mean difference over the table's own variance (floored at 1), every
 *   count is divided by D, and the Wilson critical value is Student t with G − 1 degrees of freedom
 *   (G = clusters, or cases without clusters). Score intervals never have zero width, so identical
 *   differences in every case no longer give the [0, 0] interval a clustered Wald interval gave, and t
 *   on G − 1 df keeps the level with few clusters (docs: README "How gates are decided", chosen by the
 *   simulations in shared/gates/operating-characteristics).
 */

import { clusterRobustVariance, designEffect, informativeUnits, robustDegreesOfFreedom, tCritical } from './design-effect.js';
import { twoSidedZ, wilsonIntervalAtCritical } from './proportions.js';

/** One case: the per-arm value in [0,1] and an optional cluster key (conversation, session, user). */
export interface PairedValue {
  baseline: number;
  candidate: number;
  cluster?: string;
}

export type PairedMethod = 'newcombe-paired' | 'newcombe-design-effect';

/** Estimate of Δ = mean(candidate) − mean(baseline) with its two-sided interval. */
export interface PairedDifference {
  estimate: number;
  /** Standard error used for planning; for newcombe-paired it is the Wald SE. Null if not estimable. */
  se: number | null;
  /** Null when the interval cannot be estimated (fewer than 2 cases or clusters). */
  lower: number | null;
  upper: number | null;
  n: number;
  /** Cases where the candidate is worse (for 0/1 values: base ok, candidate fails). */
  b: number;
  /** Cases where the candidate is better (for 0/1 values: base fails, candidate ok). */
  c: number;
  /** Number of independent units: clusters (cases without a cluster count as their own). */
  clusters: number;
  /** Discordant share ψ = (b + c)/n (fractional for averaged repeats): the per-case variance at no regression. */
  discordance: number;
  /** Design effect the counts were deflated by (1 for plain Newcombe). */
  designEffect: number;
  /** Degrees of freedom of the t critical value; null when the normal z was used. */
  df: number | null;
  method: PairedMethod;
}

/** Wald interval for a paired difference of proportions: Δ̂ = (b − c)/n, SE = √(((b + c)/n − Δ̂²)/n). */
export function pairedWaldInterval(b: number, c: number, n: number, twoSidedLevel: number): { estimate: number; se: number; lower: number; upper: number } {
  if (!(n > 0) || b < 0 || c < 0 || b + c > n) throw new RangeError(`pairedWaldInterval: need 0 ≤ b + c ≤ n and n > 0 (b=${b}, c=${c}, n=${n})`);
  const z = twoSidedZ(twoSidedLevel);
  const estimate = (b - c) / n;
  // max(0, ·) only guards rounding: (b + c)/n ≥ Δ̂² always holds exactly.
  const se = Math.sqrt(Math.max(0, (b + c) / n - estimate * estimate) / n);
  return { estimate, se, lower: estimate - z * se, upper: estimate + z * se };
}

/**
 * Newcombe (1998) method 10 for p1 − p2 with p1 = (a + b)/n, p2 = (a + c)/n.
 * Table: a = both events, b = event only in arm 1, c = event only in arm 2, d = neither.
 */
export function newcombePairedInterval(a: number, b: number, c: number, d: number, twoSidedLevel: number): { estimate: number; lower: number; upper: number; phi: number } {
  return newcombePairedIntervalAtCritical(a, b, c, d, twoSidedZ(twoSidedLevel));
}

/** Newcombe's paired interval with the Wilson critical value given (z, or a t quantile); counts may be fractional. */
export function newcombePairedIntervalAtCritical(a: number, b: number, c: number, d: number, critical: number): { estimate: number; lower: number; upper: number; phi: number } {
  const n = a + b + c + d;
  if (!(n > 0) || a < 0 || b < 0 || c < 0 || d < 0) throw new RangeError(`newcombePairedInterval: counts must be ≥ 0 with a positive total`);
  const w1 = wilsonIntervalAtCritical(Math.min(n, a + b), n, critical);
  const w2 = wilsonIntervalAtCritical(Math.min(n, a + c), n, critical);
  const p1 = w1.estimate;
  const p2 = w2.estimate;
  const product = (a + b) * (c + d) * (a + c) * (b + d);
  // Newcombe's correlation estimate: a positive ad − bc is shrunk by n/2 (a continuity correction of
  // the correlation, not of the limits) and set to 0 if that crosses 0; zero margins mean phi = 0.
  let phi = 0;
  if (product > 0) {
    const ad = a * d - b * c;
    if (ad > n / 2) phi = (ad - n / 2) / Math.sqrt(product);
    else if (ad < 0) phi = ad / Math.sqrt(product);
  }
  const dl1 = p1 - w1.lower;
  const du1 = w1.upper - p1;
  const dl2 = p2 - w2.lower;
  const du2 = w2.upper - p2;
  const estimate = p1 - p2;
  // max(0, ·): with |phi| ≤ 1 the radicands are sums of squares minus at most their cross term.
  return {
    estimate,
    lower: estimate - Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2)),
    upper: estimate + Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2)),
    phi,
  };
}

/** Clustered (sandwich, CR0) SE of the mean of d: SE² = Σ_clusters (Σ_{i∈c} (d_i − d̄))² / n². */
export function clusteredStandardError(d: readonly number[], clusters: readonly (string | undefined)[]): { mean: number; se: number; clusters: number } {
  const r = clusterRobustVariance(d, clusters);
  // CR1 carries the factor G/(G − 1); the plain sandwich is without it (and 0 with a single cluster).
  const cr0 = r.variance === null ? 0 : (r.variance * (r.units - 1)) / r.units;
  return { mean: r.mean, se: Math.sqrt(cr0), clusters: r.units };
}

function isBinary(v: number): boolean {
  return v === 0 || v === 1;
}

/** Paired difference with the method chosen from the data (see the file comment). */
export function pairedDifference(values: readonly PairedValue[], twoSidedLevel: number): PairedDifference {
  const n = values.length;
  if (n === 0) throw new RangeError('pairedDifference: no cases');
  // The fractional paired table: per case, the shared failure share, each arm's excess, and the rest.
  let a = 0;
  let bShare = 0;
  let cShare = 0;
  let b = 0;
  let c = 0;
  let allBinary = true;
  const clusterSizes = new Map<string, number>();
  const d: number[] = [];
  for (const v of values) {
    if (!(v.baseline >= 0 && v.baseline <= 1 && v.candidate >= 0 && v.candidate <= 1)) {
      throw new RangeError(`pairedDifference: values must be in [0,1], got ${v.baseline}, ${v.candidate}`);
    }
    const di = v.candidate - v.baseline;
    d.push(di);
    a += Math.min(v.baseline, v.candidate);
    if (di > 0) {
      b++;
      bShare += di;
    } else if (di < 0) {
      c++;
      cShare -= di;
    }
    if (!isBinary(v.baseline) || !isBinary(v.candidate)) allBinary = false;
    if (v.cluster !== undefined) clusterSizes.set(v.cluster, (clusterSizes.get(v.cluster) ?? 0) + 1);
  }
  const neither = Math.max(0, n - a - bShare - cShare);
  const estimate = (bShare - cShare) / n;
  const discordance = (bShare + cShare) / n;
  // The paired table's own variance of the mean difference (the Wald one): ((b + c)/n − Δ̂²)/n.
  const tableVariance = Math.max(0, discordance - estimate * estimate) / n;
  const clustered = [...clusterSizes.values()].some((size) => size > 1);

  if (allBinary && !clustered) {
    const nc = newcombePairedInterval(a, b, c, neither, twoSidedLevel);
    return { estimate: nc.estimate, se: Math.sqrt(tableVariance), lower: nc.lower, upper: nc.upper, n, b, c, clusters: n, discordance, designEffect: 1, df: null, method: 'newcombe-paired' };
  }

  const clusterKeys = values.map((v) => v.cluster);
  const robust = clusterRobustVariance(d, clusterKeys);
  const units = robust.units;
  const method: PairedMethod = 'newcombe-design-effect';
  // One unit leaves no between-unit variation to estimate: report no interval rather than a made-up one.
  if (units < 2) return { estimate, se: null, lower: null, upper: null, n, b, c, clusters: units, discordance, designEffect: 1, df: null, method };
  const deff = designEffect(robust.variance, tableVariance);
  const df = robustDegreesOfFreedom(units, informativeUnits(clusterKeys, (i) => d[i] !== 0));
  const critical = tCritical(1 - (1 - twoSidedLevel) / 2, df);
  const nc = newcombePairedIntervalAtCritical(a / deff, bShare / deff, cShare / deff, neither / deff, critical);
  return { estimate, se: Math.sqrt(tableVariance * deff), lower: nc.lower, upper: nc.upper, n, b, c, clusters: units, discordance, designEffect: deff, df, method };
}

