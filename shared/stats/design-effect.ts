/**
 * Cluster-robust variance of a mean and the design effect it implies, for the gates that must stay
 * honest when several cases come from one conversation, session or user, or when a case's value is an
 * average over repeats.
 *
 * The estimator is the CR1 sandwich: Var(x̄) = G/(G − 1) · Σ_g (S_g − n_g·x̄)² / n², with S_g the sum of
 * unit g's values and G the number of units (a value without a cluster is a unit of its own). The
 * factor G/(G − 1) is the usual small-sample correction; the intervals built on it use a Student t
 * quantile with G − 1 degrees of freedom, because the variance was estimated from G units only.
 */

import { studentTQuantile } from './student-t.js';

/** The cluster-robust variance of a mean over values grouped into units. */
export interface ClusterRobustVariance {
  mean: number;
  /** CR1 variance of the mean; null with fewer than two units. */
  variance: number | null;
  /** Independent units: clusters, plus values that have no cluster. */
  units: number;
  /** Size of the largest unit (1 when no cluster holds two values). */
  largestUnit: number;
}

/** CR1 cluster-robust variance of the mean of `values` (see the file comment). */
export function clusterRobustVariance(values: readonly number[], clusters: readonly (string | undefined)[]): ClusterRobustVariance {
  const n = values.length;
  if (n === 0 || clusters.length !== n) throw new RangeError('clusterRobustVariance: need equal, non-empty arrays');
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  const sums = new Map<string, { residual: number; size: number }>();
  let ss = 0;
  let singletons = 0;
  let largestUnit = 1;
  for (let i = 0; i < n; i++) {
    const r = (values[i] as number) - mean;
    const key = clusters[i];
    if (key === undefined) {
      singletons++;
      ss += r * r;
      continue;
    }
    const unit = sums.get(key);
    if (unit) {
      unit.residual += r;
      unit.size++;
      if (unit.size > largestUnit) largestUnit = unit.size;
    } else sums.set(key, { residual: r, size: 1 });
  }
  for (const u of sums.values()) ss += u.residual * u.residual;
  const units = sums.size + singletons;
  const variance = units >= 2 ? ((units / (units - 1)) * ss) / (n * n) : null;
  return { mean, variance, units, largestUnit };
}

/**
 * Design effect: the robust variance over the variance the simple (binomial or paired-table) model
 * assumes, never below 1. Treating correlated cases as independent is the error to avoid; the opposite
 * (a design effect under 1) would claim more information than the cases hold, so it is not used.
 */
export function designEffect(robustVariance: number | null, modelVariance: number): number {
  if (robustVariance === null || !(modelVariance > 0) || !Number.isFinite(robustVariance)) return 1;
  return Math.max(1, robustVariance / modelVariance);
}

/** Critical value of a bound at one-sided `confidence`: Student t with `df` degrees of freedom (df ≥ 1). */
export function tCritical(confidence: number, df: number): number {
  if (!(df >= 1)) throw new RangeError(`tCritical: df must be ≥ 1, got ${df}`);
  return studentTQuantile(confidence, df);
}

/**
 * Degrees of freedom of the t critical value for a CR1 variance over `units` units of which `informative`
 * hold an event (a discordant pair, an error): G − 1, but no more than informative − 1. With a rare event the
 * robust variance rests on those units alone (the others' residuals are all but zero), so it is as uncertain
 * as a variance from that many units, whatever design effect it happened to show. The simulations
 * (shared/gates/operating-characteristics) chose this rule: G − 1 promoted up to 10 % at the margin with 8–20
 * sessions of strongly clustered discordance (so did a Satterthwaite blend that gives G − 1 when D = 1, since
 * the false promotions come from runs whose D was underestimated), this rule at most the nominal 5 %.
 * Without any event no variance was estimated at all and G − 1 stands (the width is the score interval's own).
 */
export function robustDegreesOfFreedom(units: number, informative: number): number {
  if (informative === 0) return Math.max(1, units - 1);
  return Math.max(1, Math.min(units - 1, informative - 1));
}

/** Units (clusters, or values without one) that hold at least one value for which `isInformative(i)` holds. */
export function informativeUnits(clusters: readonly (string | undefined)[], isInformative: (i: number) => boolean): number {
  const keys = new Set<string>();
  clusters.forEach((k, i) => {
    if (isInformative(i)) keys.add(k === undefined ? `#${i}` : `=${k}`);
  });
  return keys.size;
}
