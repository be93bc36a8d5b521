/** Intervals for one proportion and for the difference of two independent proportions. */

import { normalQuantile } from './normal.js';

/** A point estimate with a two-sided interval. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** z such that a two-sided interval at `twoSidedLevel` is estimate ± z·SE. */
export function twoSidedZ(twoSidedLevel: number): number {
  if (!(twoSidedLevel > 0 && twoSidedLevel < 1)) throw new RangeError(`twoSidedLevel must be in (0,1), got ${twoSidedLevel}`);
  return normalQuantile(1 - (1 - twoSidedLevel) / 2);
}

/** Wilson score interval for x successes out of n (x may be fractional, e.g. averaged repeats). */
export function wilsonInterval(x: number, n: number, twoSidedLevel: number): Interval {
  return wilsonIntervalAtCritical(x, n, twoSidedZ(twoSidedLevel));
}

/**
 * Wilson score interval with the critical value given: z for the usual interval, or a Student t quantile
 * when the variance behind an effective count was itself estimated from few clusters.
 */
export function wilsonIntervalAtCritical(x: number, n: number, critical: number): Interval {
  if (!(n > 0)) throw new RangeError(`wilsonInterval: n must be > 0, got ${n}`);
  if (!(x >= 0 && x <= n)) throw new RangeError(`wilsonInterval: x must be in [0, n], got ${x}`);
  if (!(critical > 0) || !Number.isFinite(critical)) throw new RangeError(`wilsonInterval: critical value must be positive and finite, got ${critical}`);
  const z = critical;
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At x = 0 (x = n) the bound is exactly 0 (1); the formula only gets there up to rounding.
  return {
    estimate: p,
    lower: x === 0 ? 0 : Math.max(0, center - half),
    upper: x === n ? 1 : Math.min(1, center + half),
  };
}

/** Newcombe's hybrid score interval (1998, method 10) for p1 − p2 of two independent samples. */
export function newcombeUnpairedDifference(x1: number, n1: number, x2: number, n2: number, twoSidedLevel: number): Interval {
  const w1 = wilsonInterval(x1, n1, twoSidedLevel);
  const w2 = wilsonInterval(x2, n2, twoSidedLevel);
  const p1 = w1.estimate;
  const p2 = w2.estimate;
  const diff = p1 - p2;
  return {
    estimate: diff,
    lower: diff - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    upper: diff + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
  };
}

/** Rule of three: approximate 95% upper bound 3/n on a rate with zero events in n (1 when n = 0). */
export function ruleOfThreeUpper(n: number): number {
  return n > 0 ? Math.min(1, 3 / n) : 1;
}
