/** paired_proportion: paired difference of a failure share, in percentage points. */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult } from '../domain/gate-result.js';
import { pairedDifference } from '../stats/paired-binary.js';
import type { CaseOutcome } from './case-outcome.js';
import { decide, exclusionDetails, noDataResult, notApplicableResult, resultHeader, samplesNeeded } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { collectPairs, isProportionMetric } from './metric-values.js';

type PairedProportionSpec = Extract<GateSpec, { kind: 'paired_proportion' }>;

/** Evaluates a paired_proportion gate: Δ = candidate − baseline failure share, ×100 points. */
export function evaluatePairedProportion(spec: PairedProportionSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const threshold = spec.max_regression_points;
  if (!isProportionMetric(spec.metric)) {
    return notApplicableResult(spec, ctx, threshold, 'points', `paired_proportion needs a pass/fail metric, not ${spec.metric}`);
  }
  const data = collectPairs(spec.metric, cases);
  const details = exclusionDetails(data);
  if (data.pairs.length === 0) return noDataResult(spec, ctx, threshold, 'points', 'paired-proportion', details);

  const pd = pairedDifference(data.pairs, ctx.twoSidedLevel);
  const n = pd.n;
  let baseFail = 0;
  let candFail = 0;
  for (const p of data.pairs) {
    baseFail += p.baseline;
    candFail += p.candidate;
  }
  const estimate = 100 * pd.estimate;
  const lower = pd.lower === null ? null : 100 * pd.lower;
  const upper = pd.upper === null ? null : 100 * pd.upper;
  const { verdict, reason, rule } = decide(estimate, lower, upper, threshold, 'points', ctx, spec.critical);
  // Var(d) per case in fraction units; the distance to the threshold converted from points.
  const perCaseVariance = pd.se === null ? null : n * pd.se * pd.se;
  return {
    ...resultHeader(spec, ctx, threshold, 'points'),
    baseline: 1 - baseFail / n,
    candidate: 1 - candFail / n,
    estimate,
    lower,
    upper,
    n,
    method: pd.method,
    verdict,
    reason,
    samples_needed: verdict === 'INCONCLUSIVE' ? samplesNeeded(perCaseVariance, (threshold - estimate) / 100, n, ctx) : null,
    details: {
      ...details,
      b: pd.b,
      c: pd.c,
      clusters: pd.clusters,
      se_points: pd.se === null ? null : 100 * pd.se,
      decision: ctx.decision,
      rule,
    },
  };
}
