/**
 * A rate (events per trial) whose trials come in correlated groups: the two arms of one case, the cases
 * of one session. Wilson's score interval on design-effect-deflated counts, as for the paired
 * difference (shared/stats/paired-binary): the CR1 cluster-robust variance of the ratio estimator over
 * the binomial variance gives the design effect D ≥ 1, the counts are divided by D, and the critical
 * value is Student t on G − 1 degrees of freedom whenever a unit holds more than one trial or a
 * fractional event (plain Wilson with z when every unit is one 0/1 trial).
 */

import { clusterRobustVariance, designEffect, informativeUnits, robustDegreesOfFreedom, tCritical } from './design-effect.js';
import { twoSidedZ, wilsonIntervalAtCritical } from './proportions.js';

/** One observed unit of a rate: events out of trials (events may be fractional for averaged repeats). */
export interface RateItem {
  events: number;
  trials: number;
  cluster?: string;
}

/** A rate with its interval and how it was made. */
export interface ClusteredRate {
  estimate: number;
  lower: number | null;
  upper: number | null;
  events: number;
  trials: number;
  units: number;
  designEffect: number;
  /** Degrees of freedom of the t critical value; null when z was used. */
  df: number | null;
  method: 'wilson' | 'wilson-design-effect';
}

/** Rate = Σ events / Σ trials with a cluster-aware two-sided interval at `twoSidedLevel`. */
export function clusteredRateInterval(items: readonly RateItem[], twoSidedLevel: number): ClusteredRate {
  let events = 0;
  let trials = 0;
  let simple = true;
  for (const it of items) {
    if (!(it.trials > 0) || !(it.events >= 0 && it.events <= it.trials)) throw new RangeError(`clusteredRateInterval: need 0 ≤ events ≤ trials and trials > 0, got ${it.events}/${it.trials}`);
    events += it.events;
    trials += it.trials;
    if (it.trials !== 1 || !(it.events === 0 || it.events === 1)) simple = false;
  }
  if (trials === 0) throw new RangeError('clusteredRateInterval: no trials');
  const p = events / trials;
  const clusters = items.map((it) => it.cluster);
  if (simple && !sharesACluster(clusters)) {
    const w = wilsonIntervalAtCritical(events, trials, twoSidedZ(twoSidedLevel));
    return { ...w, events, trials, units: items.length, designEffect: 1, df: null, method: 'wilson' };
  }
  // Residuals of the ratio estimator, scaled so that the CR1 variance of their mean is Var(p̂).
  const scale = items.length / trials;
  const robust = clusterRobustVariance(items.map((it) => (it.events - p * it.trials) * scale), clusters);
  if (robust.units < 2) return { estimate: p, lower: null, upper: null, events, trials, units: robust.units, designEffect: 1, df: null, method: 'wilson-design-effect' };
  const deff = designEffect(robust.variance, (p * (1 - p)) / trials);
  const df = robustDegreesOfFreedom(robust.units, informativeUnits(clusters, (i) => (items[i] as RateItem).events > 0));
  const w = wilsonIntervalAtCritical(events / deff, trials / deff, tCritical(1 - (1 - twoSidedLevel) / 2, df));
  return { estimate: p, lower: w.lower, upper: w.upper, events, trials, units: robust.units, designEffect: deff, df, method: 'wilson-design-effect' };
}

function sharesACluster(clusters: readonly (string | undefined)[]): boolean {
  const seen = new Set<string>();
  for (const k of clusters) {
    if (k === undefined) continue;
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}
