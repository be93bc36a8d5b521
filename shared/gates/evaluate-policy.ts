/**
 * Evaluating a gate policy on one run's case outcomes (pure; the engine builds the CaseOutcome list).
 *
 * Rules (the statistics are in docs/STATISTICS.md):
 * - Confidence: `policy.confidence` is the ONE-SIDED level of each bound, so every interval is a
 *   two-sided interval at level 2·confidence − 1 (0.95 → 90% interval). Results report
 *   `confidence` = policy.confidence.
 * - Orientation: every estimate is oriented so that larger is worse. Per-case values are failure
 *   shares (1 − taskSuccess, 1 − citationValid, 1 − abstentionOk, overRefusal, highSeverityFailure),
 *   latencyMs, costUsd, or infraError as 0/1.
 * - Which cases count: quality metrics use the cases where both arms exist, neither arm had an infra
 *   error, and the metric is non-null in both arms; infra_error uses every case/arm present. The
 *   details of each result say how many cases were left out and why.
 * - Three-way verdict (interval rule): PASS if the upper bound < threshold, FAIL if the lower bound >
 *   threshold, else INCONCLUSIVE. A `critical` gate also FAILs when its point estimate is beyond the
 *   threshold: a critical metric that regresses beyond its allowance fails even without full
 *   confidence (for new_failures/mcnemar: more new failures than fixed ones).
 *   `decision: point`: PASS iff the point estimate ≤ threshold, else FAIL (mcnemar: PASS iff b ≤ c).
 * - No usable data (n = 0) → INCONCLUSIVE with reason 'no data', estimate/lower/upper null, never PASS.
 *   A gate kind that cannot apply to its metric (e.g. paired_proportion on latency) is INCONCLUSIVE
 *   too, and so is a gate whose computation throws: nothing unproven ever promotes.
 * - samples_needed (INCONCLUSIVE only, else null): total cases that would decide the gate at
 *   `policy.power`, n = (z_{1−α} + z_{power})²·Var(d)/(threshold − estimate)², Var(d) = n·SE² of the
 *   method used; never less than n + 1; null when not computable (zero variance, estimate on threshold).
 * - Baseline/candidate values: pass rates (1 − failure share) for paired_proportion and new_failures;
 *   the arms' quantile or mean for ratio gates; the arms' rates for max_rate.
 *
 * Gate kinds:
 * - paired_proportion: paired difference of failure shares in percentage points (threshold =
 *   max_regression_points, unit 'points'); Newcombe paired score interval for 0/1 cases, clustered
 *   Wald when a cluster holds several cases, paired-mean Wald for averaged repeats.
 * - new_failures: b = base ok & candidate failed ("new"), c = fixed; a case failed in an arm when its
 *   failure share is > 0. 'zero': FAIL if b > 0, PASS if b = 0 (details carry the rule-of-three bound
 *   3/n). 'mcnemar': FAIL if the exact one-sided McNemar p (b > c) < 1 − confidence, PASS if b ≤ c,
 *   else INCONCLUSIVE. Estimate = b, unit 'count', threshold 0.
 * - quantile_ratio / mean_ratio: paired bootstrap (policy.bootstrap) of stat(candidate)/stat(baseline),
 *   percentile interval, threshold = 1 + max_relative_increase, unit 'ratio'.
 * - max_rate: Wilson interval on a rate, threshold = max_rate, unit 'rate'. infra_error: infra errors /
 *   arm-calls over both arms; other pass/fail metrics: the candidate arm's failure share.
 */

import type { GatePolicy, GateSpec } from '../domain/policy.js';
import { combineVerdicts } from '../domain/gate-result.js';
import type { GateEvaluation, GateResult } from '../domain/gate-result.js';
import type { CaseOutcome } from './case-outcome.js';
import { contextOf, undecidedResult } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { evaluateMaxRate } from './gate-max-rate.js';
import { evaluateNewFailures } from './gate-new-failures.js';
import { evaluatePairedProportion } from './gate-paired-proportion.js';
import { evaluateRatio } from './gate-ratio.js';

/** Evaluates every gate of a policy on the run's cases and combines the verdicts. */
export function evaluatePolicy(policy: GatePolicy, cases: CaseOutcome[], policyDigest: string): GateEvaluation {
  const ctx = contextOf(policy);
  const gates = [...policy.gates, ...implicitGates(policy, cases)].map((spec) => evaluateGate(spec, cases, ctx));
  return {
    verdict: combineVerdicts(gates.map((g) => g.verdict)),
    policy: { name: policy.name, digest: policyDigest, confidence: policy.confidence, decision: policy.decision },
    gates,
  };
}

/**
 * Gates every run gets whatever the policy says: a run with too many infra errors can never PASS, so when no gate
 * of the policy watches infra_error and the run has infra errors, a critical ceiling on their rate is added.
 */
function implicitGates(policy: GatePolicy, cases: readonly CaseOutcome[]): GateSpec[] {
  if (policy.gates.some((g) => g.metric === 'infra_error')) return [];
  if (!cases.some((c) => c.baseline?.infraError || c.candidate?.infraError)) return [];
  return [{ kind: 'max_rate', metric: 'infra_error', max_rate: policy.max_infra_error_rate, critical: true, name: 'Infra error rate (implicit)' }];
}

/** Evaluates one gate; an unexpected error becomes an INCONCLUSIVE result rather than a crash or a pass. */
export function evaluateGate(spec: GateSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  try {
    switch (spec.kind) {
      case 'paired_proportion':
        return evaluatePairedProportion(spec, cases, ctx);
      case 'new_failures':
        return evaluateNewFailures(spec, cases, ctx);
      case 'quantile_ratio':
      case 'mean_ratio':
        return evaluateRatio(spec, cases, ctx);
      case 'max_rate':
        return evaluateMaxRate(spec, cases, ctx);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const [threshold, unit] = thresholdOf(spec);
    return undecidedResult(spec, ctx, threshold, unit, 'error', `could not be evaluated: ${message}`);
  }
}

function thresholdOf(spec: GateSpec): [number, GateResult['unit']] {
  switch (spec.kind) {
    case 'paired_proportion':
      return [spec.max_regression_points, 'points'];
    case 'new_failures':
      return [0, 'count'];
    case 'quantile_ratio':
    case 'mean_ratio':
      return [1 + spec.max_relative_increase, 'ratio'];
    case 'max_rate':
      return [spec.max_rate, 'rate'];
  }
}
