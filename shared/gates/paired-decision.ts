/**
 * The decision on a paired difference of failure shares, shared by paired_proportion and the McNemar
 * mode of new_failures: the interval (see shared/stats/paired-binary), the three-way rule, the check that
 * cases lost to infra errors cannot flip the verdict, and the sample size planned from the allowance.
 */

import type { PairedDifference, PairedValue } from '../stats/paired-binary.js';
import { pairedDifference } from '../stats/paired-binary.js';
import type { Verdict } from '../domain/gate-result.js';
import { decide, formatValue, pointRuleErrorRates, samplesNeeded } from './gate-common.js';
import type { Details, GateContext } from './gate-common.js';

/** A decided paired difference, in percentage points. */
export interface PairedDecision {
  pd: PairedDifference;
  estimate: number;
  lower: number | null;
  upper: number | null;
  verdict: Verdict;
  reason: string;
  rule: string;
  samplesNeeded: number | null;
  details: Details;
}

function inPoints(pd: PairedDifference): { estimate: number; lower: number | null; upper: number | null } {
  return { estimate: 100 * pd.estimate, lower: pd.lower === null ? null : 100 * pd.lower, upper: pd.upper === null ? null : 100 * pd.upper };
}

/** Decides Δ = candidate − baseline failure share (points) against `thresholdPoints`. */
export function decidePairedDifference(
  pairs: readonly PairedValue[],
  infraExcluded: readonly { cluster?: string }[],
  thresholdPoints: number,
  ctx: GateContext,
): PairedDecision {
  const pd = pairedDifference(pairs, ctx.twoSidedLevel);
  const points = inPoints(pd);
  let { verdict, reason, rule } = decide(points.estimate, points.lower, points.upper, thresholdPoints, 'points', ctx);
  const details: Details = {
    b: pd.b,
    c: pd.c,
    clusters: pd.clusters,
    design_effect: pd.designEffect,
    df: pd.df,
    se_points: pd.se === null ? null : 100 * pd.se,
  };

  // A case lost to an infra error may hide a failure: a verdict that its worst case flips is not evidence.
  if (ctx.decision === 'interval' && infraExcluded.length > 0 && verdict !== 'INCONCLUSIVE') {
    const towardsFail = verdict === 'PASS';
    const imputed: PairedValue[] = infraExcluded.map((c) => ({
      baseline: towardsFail ? 0 : 1,
      candidate: towardsFail ? 1 : 0,
      ...(c.cluster === undefined ? {} : { cluster: c.cluster }),
    }));
    const worst = inPoints(pairedDifference([...pairs, ...imputed], ctx.twoSidedLevel));
    const flipped = decide(worst.estimate, worst.lower, worst.upper, thresholdPoints, 'points', ctx);
    details.infra_imputation = towardsFail ? 'all new failures' : 'all fixed';
    details.infra_imputed_verdict = flipped.verdict;
    if (flipped.verdict !== verdict) {
      const k = infraExcluded.length;
      const bounds = worst.lower === null || worst.upper === null ? 'no interval' : `${formatValue(worst.lower, 'points', true)} to ${formatValue(worst.upper, 'points', true)}`;
      reason = `${verdict} only while the ${k} case${k === 1 ? '' : 's'} with infra errors ${k === 1 ? 'is' : 'are'} left out: counted as ${towardsFail ? 'new failures' : 'fixed'} the interval is ${bounds} (${reason})`;
      verdict = 'INCONCLUSIVE';
      rule = 'infra-imputation';
    }
  }

  let needed: number | null = null;
  if (verdict === 'INCONCLUSIVE') {
    // Planned for a candidate as good as the baseline (Δ = 0): the per-case variance is then the discordant
    // share (at least one pair's worth, so a run without discordance still gets a plan) times the design effect.
    const psi = Math.max(pd.discordance, 1 / pd.n);
    needed = samplesNeeded(psi * pd.designEffect, thresholdPoints / 100, pd.n, ctx);
    details.samples_needed_assumes = `no true regression (Δ = 0), discordant share ${(psi * 100).toFixed(2)} %, design effect ${pd.designEffect.toFixed(2)}`;
  }
  if (ctx.decision === 'point') Object.assign(details, pointRuleErrorRates(thresholdPoints / 100, pd.se));
  return { pd, ...points, verdict, reason, rule, samplesNeeded: needed, details: { ...details, rule } };
}
