/**
 * Evaluating a gate policy on one run's case outcomes (pure; the engine builds the CaseOutcome list).
 *
 * Rules (README "How gates are decided", docs in ../shared/docs/STATISTICS.md):
 * - Confidence: `policy.confidence` is the ONE-SIDED level of each bound, so every interval is a
 *   two-sided interval at level 2·confidence − 1 (0.95 → 90% interval).
 * - Orientation: every estimate is oriented so that larger is worse.
 * - Three-way verdict: PASS if the upper bound < allowance, FAIL if the lower bound > allowance (zero
 *   tolerance: > 0), else INCONCLUSIVE. No interval, no decision: a gate without an interval is
 *   INCONCLUSIVE. `critical` changes nothing here: its FAIL rolls a live stage back at once.
 *   `decision: point` (PASS iff the point estimate ≤ allowance) is reported with its error rates.
 * - Which cases count: quality metrics use the cases where both arms exist and neither had an infra
 *   error; a PASS (FAIL) that counting those cases as failures (passes) would overturn is INCONCLUSIVE.
 * - No usable data → INCONCLUSIVE, never PASS; so is a gate whose computation throws.
 * - samples_needed (INCONCLUSIVE only): cases that would decide the gate at `policy.power`, planned from
 *   the allowance for a candidate as good as the baseline; `details.samples_needed_assumes` says so.
 *
 * Gate kinds:
 * - paired_proportion: paired difference of failure shares in points; Newcombe's paired score interval,
 *   on design-effect-deflated counts with t on G − 1 df when cases are clustered or averaged repeats.
 * - new_failures: 'zero': exact interval on the new-failure rate, FAIL on any new failure, PASS when the
 *   upper bound < max_new_failure_rate. 'mcnemar': non-inferiority of (new − fixed)/n, margin_points.
 * - quantile_ratio / mean_ratio: paired bootstrap (policy.bootstrap) of stat(candidate)/stat(baseline),
 *   percentile interval, threshold = 1 + max_relative_increase; a quantile gate needs
 *   MIN_TAIL_OBSERVATIONS cases above the quantile.
 * - max_rate: cluster-aware Wilson interval on a rate (infra errors per arm-call with the case as the unit).
 *
 * Metrics that select scores (scorer:<type>, expectation:<name>, category:<category>) are failure shares like
 * the built-in pass/fail metrics and go through the same gates; `details` names the selector. A gate with `slice`
 * sees only the cases of its slice(s); none there is INCONCLUSIVE ("no cases in slice …"), never PASS.
 */

import { IMPLICIT_INFRA_GATE_NAME, type GatePolicy, type GateSpec } from '../domain/policy.js';
import { combineVerdicts } from '../domain/gate-result.js';
import type { GateEvaluation, GateResult } from '../domain/gate-result.js';
import type { CaseOutcome } from './case-outcome.js';
import { contextOf, undecidedResult } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { evaluateMaxRate } from './gate-max-rate.js';
import { evaluateNewFailures } from './gate-new-failures.js';
import { evaluatePairedProportion } from './gate-paired-proportion.js';
import { evaluateRatio } from './gate-ratio.js';
import { ocRowFor } from './operating-characteristics/table.js';
import { parseMetricSelector } from './metric-selector.js';
import { nearestKey } from '../domain/config-object.js';

/** Evaluates every gate of a policy on the run's cases and combines the verdicts. */
export function evaluatePolicy(policy: GatePolicy, cases: CaseOutcome[], policyDigest: string): GateEvaluation {
  const ctx = contextOf(policy);
  const gates = [...policy.gates, ...implicitGates(policy, cases)].map((spec) => withOperatingCharacteristics(evaluateGate(spec, cases, ctx), ctx));
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
  // A ceiling on one slice's infra errors does not watch the others.
  if (policy.gates.some((g) => g.metric === 'infra_error' && g.slice === undefined)) return [];
  if (!cases.some((c) => c.baseline?.infraError || c.candidate?.infraError)) return [];
  return [{ kind: 'max_rate', metric: 'infra_error', max_rate: policy.max_infra_error_rate, critical: true, name: IMPLICIT_INFRA_GATE_NAME }];
}

/**
 * The simulated error rates of the gate's method at the nearest simulated sample size, for the report ("this
 * gate at n = 395: P(PASS | at margin) = …"). Only under the policy the table was simulated for (one-sided 95 %,
 * interval rule), since another confidence or the point rule has other rates.
 */
function withOperatingCharacteristics(result: GateResult, ctx: GateContext): GateResult {
  if (ctx.decision !== 'interval' || Math.abs(ctx.confidence - 0.95) > 1e-12 || result.n === 0) return result;
  const row = ocRowFor(result);
  if (row === null) return result;
  return {
    ...result,
    details: {
      ...result.details,
      oc_scenario: row.scenario,
      oc_n: row.n,
      oc_p_pass_at_margin: row.passAtMargin,
      oc_p_fail_if_equal: row.failIfEqual,
      oc_p_pass_if_equal: row.passIfEqual,
    },
  };
}

/**
 * Evaluates one gate on the cases of its slice(s) (all cases without `slice`); the result's details name the
 * selector and the slice. An unexpected error becomes an INCONCLUSIVE result rather than a crash or a pass.
 */
export function evaluateGate(spec: GateSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const scope = selectorDetails(spec);
  if (spec.slice === undefined) return withDetails(evaluateOnCases(spec, cases, ctx), scope);
  const slices = new Set(typeof spec.slice === 'string' ? [spec.slice] : spec.slice);
  const mine = cases.filter((c) => c.slice !== undefined && slices.has(c.slice));
  const sliceDetails = { ...scope, slice_cases: mine.length };
  const empty = [...slices].filter((s) => !cases.some((c) => c.slice === s));
  if (mine.length === 0 || empty.length > 0) {
    // A misspelled slice would otherwise gate nothing and look like a quiet pass: say which slice had no case.
    const known = [...new Set(cases.flatMap((c) => (c.slice === undefined ? [] : [c.slice])))].sort();
    const reason = empty.map((s) => noCasesReason(s, known)).join('; ');
    if (mine.length === 0) {
      const [threshold, unit] = thresholdOf(spec);
      return undecidedResult(spec, ctx, threshold, unit, 'no-cases-in-slice', reason, { ...sliceDetails, slices_without_cases: empty.join(', ') });
    }
    // Some listed slices have cases, some none: decided on those that have, never PASS while one is missing.
    const result = withDetails(evaluateOnCases(spec, mine, ctx), { ...sliceDetails, slices_without_cases: empty.join(', ') });
    return result.verdict === 'PASS' ? { ...result, verdict: 'INCONCLUSIVE', reason: `${reason} (the other slices alone would PASS: ${result.reason})` } : result;
  }
  return withDetails(evaluateOnCases(spec, mine, ctx), sliceDetails);
}

function noCasesReason(slice: string, known: readonly string[]): string {
  const near = nearestKey(slice, known);
  if (near !== undefined) return `no cases in slice ${slice} — did you mean ${near}?`;
  return known.length ? `no cases in slice ${slice} (slices of this run: ${known.join(', ')})` : `no cases in slice ${slice} (no case of this run has a slice)`;
}

/** What the gate's details say of its metric's selector and its slice(s), for the report and every face. */
function selectorDetails(spec: GateSpec): GateResult['details'] {
  const selector = parseMetricSelector(spec.metric);
  const details: GateResult['details'] = {};
  if (selector !== null) {
    if (selector.by === 'scorer') details.scorer = selector.scorer;
    else if (selector.by === 'expectation') details.expectation = selector.name;
    else details.category = selector.category;
  }
  if (spec.slice !== undefined) details.slice = typeof spec.slice === 'string' ? spec.slice : spec.slice.join(', ');
  return details;
}

/**
 * Adds the selector and slice to a result's details; a selector gate without data says which scores it found none
 * of (a misspelled expectation name, or a suite with no such expectation, reads "no data" otherwise).
 */
function withDetails(result: GateResult, extra: GateResult['details']): GateResult {
  if (Object.keys(extra).length === 0) return result;
  const selector = parseMetricSelector(result.metric);
  const reason = selector !== null && result.n === 0 && result.reason === 'no data' ? `no data: ${noSelectedScores(selector)}` : result.reason;
  return { ...result, reason, details: { ...result.details, ...extra } };
}

function noSelectedScores(selector: NonNullable<ReturnType<typeof parseMetricSelector>>): string {
  const where = 'in any case judged in both arms';
  switch (selector.by) {
    case 'scorer':
      return `no ${selector.scorer} expectation was scored ${where}`;
    case 'expectation':
      return `no expectation named ${selector.name} was scored ${where}`;
    case 'category':
      return `no expectation of category ${selector.category} was scored ${where}`;
  }
}

function evaluateOnCases(spec: GateSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
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
      return spec.tolerance === 'zero' ? [spec.max_new_failure_rate, 'rate'] : [spec.margin_points, 'points'];
    case 'quantile_ratio':
    case 'mean_ratio':
      return [1 + spec.max_relative_increase, 'ratio'];
    case 'max_rate':
      return [spec.max_rate, 'rate'];
  }
}
