/**
 * Paired difference of proportions (candidate − baseline), for per-case values in [0,1].
 *
 * The caller orients the values so that candidate − baseline > 0 means worse (e.g. failure
 * indicators). The method is chosen from the data:
 * - every value 0/1 and no cluster holds more than one case → Newcombe's hybrid score interval for
 *   paired proportions (Newcombe 1998 method 10; "Newcombe hybrid score" in Fagerland, Lydersen &
 *   Laake 2014), which behaves where Wald collapses (no discordant pairs, small n);
 * - some cluster holds several cases → clustered (sandwich) SE of the mean difference, Wald interval;
 *   correlated cases in one conversation carry less information than independent ones;
 * - fractional values (averaged repeats) without clusters → mean of d_i with SE = sd(d)/√n.
 */

import { twoSidedZ, wilsonInterval } from './proportions.js';

/** One case: the per-arm value in [0,1] and an optional cluster key (conversation, session, user). */
export interface PairedValue {
  baseline: number;
  candidate: number;
  cluster?: string;
}

export type PairedMethod = 'newcombe-paired' | 'clustered-wald' | 'paired-mean-wald';

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
  const n = a + b + c + d;
  if (!(n > 0) || a < 0 || b < 0 || c < 0 || d < 0) throw new RangeError(`newcombePairedInterval: counts must be ≥ 0 with a positive total`);
  const w1 = wilsonInterval(a + b, n, twoSidedLevel);
  const w2 = wilsonInterval(a + c, n, twoSidedLevel);
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

/** Clustered (sandwich) SE of the mean of d: SE² = Σ_clusters (Σ_{i∈c} (d_i − d̄))² / n². */
export function clusteredStandardError(d: readonly number[], clusters: readonly (string | undefined)[]): { mean: number; se: number; clusters: number } {
  const n = d.length;
  if (n === 0 || clusters.length !== n) throw new RangeError('clusteredStandardError: need equal, non-empty arrays');
  let mean = 0;
  for (const v of d) mean += v;
  mean /= n;
  const sums = new Map<string, number>();
  let singletons = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = (d[i] as number) - mean;
    const key = clusters[i];
    if (key === undefined) {
      singletons++;
      ss += r * r;
    } else {
      sums.set(key, (sums.get(key) ?? 0) + r);
    }
  }
  for (const s of sums.values()) ss += s * s;
  return { mean, se: Math.sqrt(ss) / n, clusters: sums.size + singletons };
}

function isBinary(v: number): boolean {
  return v === 0 || v === 1;
}

/** Paired difference with the method chosen from the data (see the file comment). */
export function pairedDifference(values: readonly PairedValue[], twoSidedLevel: number): PairedDifference {
  const n = values.length;
  if (n === 0) throw new RangeError('pairedDifference: no cases');
  const z = twoSidedZ(twoSidedLevel);
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
    if (di > 0) b++;
    else if (di < 0) c++;
    if (!isBinary(v.baseline) || !isBinary(v.candidate)) allBinary = false;
    if (v.cluster !== undefined) clusterSizes.set(v.cluster, (clusterSizes.get(v.cluster) ?? 0) + 1);
  }
  const clustered = [...clusterSizes.values()].some((size) => size > 1);

  if (clustered) {
    const cs = clusteredStandardError(d, values.map((v) => v.cluster));
    // One cluster leaves no between-cluster variation to estimate: report no interval rather than a zero-width one.
    const ok = cs.clusters >= 2;
    return {
      estimate: cs.mean,
      se: ok ? cs.se : null,
      lower: ok ? cs.mean - z * cs.se : null,
      upper: ok ? cs.mean + z * cs.se : null,
      n,
      b,
      c,
      clusters: cs.clusters,
      method: 'clustered-wald',
    };
  }

  if (allBinary) {
    let a = 0;
    for (const v of values) if (v.baseline === 1 && v.candidate === 1) a++;
    const dd = n - a - b - c;
    const nc = newcombePairedInterval(a, b, c, dd, twoSidedLevel);
    const wald = pairedWaldInterval(b, c, n, twoSidedLevel);
    return { estimate: nc.estimate, se: wald.se, lower: nc.lower, upper: nc.upper, n, b, c, clusters: n, method: 'newcombe-paired' };
  }

  let mean = 0;
  for (const di of d) mean += di;
  mean /= n;
  if (n < 2) return { estimate: mean, se: null, lower: null, upper: null, n, b, c, clusters: n, method: 'paired-mean-wald' };
  let ss = 0;
  for (const di of d) ss += (di - mean) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  return { estimate: mean, se, lower: mean - z * se, upper: mean + z * se, n, b, c, clusters: n, method: 'paired-mean-wald' };
}
