/** paired_proportion: paired difference of a failure share, in percentage points. */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult } from '../domain/gate-result.js';
import type { CaseOutcome } from './case-outcome.js';
import { exclusionDetails, noDataResult, notApplicableResult, resultHeader } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { collectPairs, isProportionMetric } from './metric-values.js';
import { decidePairedDifference } from './paired-decision.js';

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

  const decision = decidePairedDifference(data.pairs, data.infraExcluded, threshold, ctx);
  const n = decision.pd.n;
  let baseFail = 0;
  let candFail = 0;
  for (const p of data.pairs) {
    baseFail += p.baseline;
    candFail += p.candidate;
  }
  return {
    ...resultHeader(spec, ctx, threshold, 'points'),
    baseline: 1 - baseFail / n,
    candidate: 1 - candFail / n,
    estimate: decision.estimate,
    lower: decision.lower,
    upper: decision.upper,
    n,
    method: decision.pd.method,
    verdict: decision.verdict,
    reason: decision.reason,
    samples_needed: decision.samplesNeeded,
    details: { ...details, ...decision.details, decision: ctx.decision },
  };
}
