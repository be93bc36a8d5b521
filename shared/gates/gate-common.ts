/** Shared pieces of every gate: the evaluation context, the three-way decision, formatting. */

import type { GatePolicy, GateSpec } from '../domain/policy.js';
import type { GateResult, Verdict } from '../domain/gate-result.js';
import { normalQuantile, normalSf } from '../stats/normal.js';
import { sampleSizeForVariance } from '../stats/power.js';
import { defaultGateName } from './metric-values.js';
import type { PairedData } from './metric-values.js';

/** Policy-wide settings every gate needs. */
export interface GateContext {
  /** One-sided confidence of each bound (policy.confidence). */
  confidence: number;
  /** Level of the two-sided interval whose bounds are one-sided `confidence` bounds: 2·confidence − 1. */
  twoSidedLevel: number;
  /** One-sided α = 1 − confidence. */
  alpha: number;
  power: number;
  decision: 'interval' | 'point';
  bootstrap: { replicates: number; seed: number };
}

/** The context of a parsed policy. */
export function contextOf(policy: GatePolicy): GateContext {
  return {
    confidence: policy.confidence,
    twoSidedLevel: 2 * policy.confidence - 1,
    alpha: 1 - policy.confidence,
    power: policy.power,
    decision: policy.decision,
    bootstrap: { replicates: policy.bootstrap.replicates, seed: policy.bootstrap.seed },
  };
}

export type Unit = GateResult['unit'];
export type Details = GateResult['details'];

/** The fields that depend only on the spec and context. */
export function resultHeader(spec: GateSpec, ctx: GateContext, threshold: number, unit: Unit): Pick<GateResult, 'name' | 'metric' | 'kind' | 'critical' | 'threshold' | 'unit' | 'confidence'> {
  const q = spec.kind === 'quantile_ratio' ? spec.quantile : undefined;
  return {
    name: spec.name ?? defaultGateName(spec.metric, spec.kind, q, spec.slice),
    metric: spec.metric,
    kind: spec.kind,
    critical: spec.critical,
    threshold,
    unit,
    confidence: ctx.confidence,
  };
}

/** Why cases were left out, for the report. */
export function exclusionDetails(data: PairedData): Details {
  return {
    cases_total: data.casesTotal,
    excluded_missing_arm: data.excludedMissingArm,
    excluded_infra_error: data.excludedInfraError,
    excluded_unreplayable_tool_call: data.excludedUnreplayable,
    excluded_null_metric: data.excludedNullMetric,
  };
}

/** A gate that could not be decided: INCONCLUSIVE with no estimate, never PASS. */
export function undecidedResult(spec: GateSpec, ctx: GateContext, threshold: number, unit: Unit, method: string, reason: string, details: Details = {}): GateResult {
  return {
    ...resultHeader(spec, ctx, threshold, unit),
    baseline: null,
    candidate: null,
    estimate: null,
    lower: null,
    upper: null,
    n: 0,
    method,
    verdict: 'INCONCLUSIVE',
    reason,
    samples_needed: null,
    details,
  };
}

/** A gate without usable data: INCONCLUSIVE, never PASS. */
export function noDataResult(spec: GateSpec, ctx: GateContext, threshold: number, unit: Unit, method: string, details: Details): GateResult {
  return undecidedResult(spec, ctx, threshold, unit, method, 'no data', details);
}

/** A gate whose kind cannot be computed on its metric (e.g. a proportion gate on latency). */
export function notApplicableResult(spec: GateSpec, ctx: GateContext, threshold: number, unit: Unit, why: string): GateResult {
  return undecidedResult(spec, ctx, threshold, unit, 'not-applicable', why);
}

/** Formats a value of a unit for a reason sentence; `signed` shows + for regressions in points. */
export function formatValue(v: number, unit: Unit, signed = false): string {
  switch (unit) {
    case 'points':
      return `${signed && v >= 0 ? '+' : ''}${v.toFixed(2)} pts`;
    case 'ratio':
      return `×${v.toFixed(3)}`;
    case 'rate':
      return `${(v * 100).toFixed(2)}%`;
    case 'count':
      return String(v);
  }
}

/**
 * Verdict and reason of the three-way rule: PASS when the interval lies below the allowance, FAIL when it
 * lies above it, INCONCLUSIVE otherwise. `failThreshold` is where FAIL starts when it differs from the
 * PASS allowance (zero tolerance: any evidence of a new failure). A critical gate is decided by the same
 * rule: "critical" only says that its FAIL rolls a live stage back at once. The point rule
 * (`decision: point`) is the policy's explicit choice, labelled with its error rates where it is reported.
 */
export function decide(
  estimate: number,
  lower: number | null,
  upper: number | null,
  threshold: number,
  unit: Unit,
  ctx: GateContext,
  failThreshold: number = threshold,
): { verdict: Verdict; reason: string; rule: string } {
  const est = formatValue(estimate, unit, true);
  const allowed = formatValue(threshold, unit);
  if (ctx.decision === 'point') {
    return estimate <= threshold
      ? { verdict: 'PASS', reason: `point estimate ${est} ≤ allowed ${allowed} (point rule, no confidence bound)`, rule: 'point' }
      : { verdict: 'FAIL', reason: `point estimate ${est} > allowed ${allowed} (point rule, no confidence bound)`, rule: 'point' };
  }
  if (lower === null || upper === null) {
    return { verdict: 'INCONCLUSIVE', reason: `no interval could be estimated (point estimate ${est}, allowed ${allowed})`, rule: 'no-interval' };
  }
  if (!(upper > lower)) {
    // A zero-width interval claims certainty the data cannot have (every case identical): no decision from it.
    return { verdict: 'INCONCLUSIVE', reason: `the interval has zero width at ${formatValue(lower, unit, true)}: no decision from it`, rule: 'degenerate-interval' };
  }
  // FAIL first: with a FAIL threshold below the allowance (zero tolerance) evidence of harm outweighs a narrow bound.
  if (lower > failThreshold) {
    const beyond = failThreshold === threshold ? `allowed ${allowed}` : formatValue(failThreshold, unit);
    return { verdict: 'FAIL', reason: `lower bound ${formatValue(lower, unit, true)} > ${beyond}`, rule: 'lower-bound' };
  }
  if (upper < threshold) {
    return { verdict: 'PASS', reason: `upper bound ${formatValue(upper, unit, true)} < allowed ${allowed}`, rule: 'upper-bound' };
  }
  return {
    verdict: 'INCONCLUSIVE',
    reason: `interval ${formatValue(lower, unit, true)} to ${formatValue(upper, unit, true)} contains allowed ${allowed}`,
    rule: 'straddles',
  };
}

/**
 * Error rates of the point rule for the report (normal approximation with the run's standard error): it
 * PASSes about half the time when the true regression equals the allowance, and FAILs an equal candidate
 * with P(estimate > allowance | no regression).
 */
export function pointRuleErrorRates(distanceFromEqual: number, se: number | null): Details {
  const failIfEqual = se !== null && se > 0 ? normalSf(distanceFromEqual / se) : null;
  return { point_rule_p_pass_at_margin: 0.5, point_rule_p_fail_if_equal: failIfEqual };
}

/**
 * Total cases that would decide the gate at the policy's power, planned from the allowance rather than
 * from the observed estimate: assuming the candidate is truly as good as the baseline, n = (z_{1−α} +
 * z_{power})² · Var(d) / distance², with distance = allowance − the no-regression value and Var(d) the
 * per-case variance (design effect included). At least n + 1, since n did not decide it; null when the
 * variance is unknown or the size is absurd. `assumes` says what was assumed, for the report.
 */
export function samplesNeeded(perCaseVariance: number | null, distance: number, n: number, ctx: GateContext): number | null {
  if (perCaseVariance === null || !(perCaseVariance > 0) || !Number.isFinite(perCaseVariance)) return null;
  const delta = Math.abs(distance);
  if (!(delta > 1e-12) || !Number.isFinite(delta)) return null;
  return plausibleSamples(Math.max(sampleSizeForVariance(perCaseVariance, delta, ctx.alpha, ctx.power), n + 1));
}
/** Beyond this a sample size is no plan, only a sign that the gate cannot be decided. */
const MAX_SAMPLES = 1e12;

/** The sample size itself, or null when it is too large to be a plan. */
export function plausibleSamples(needed: number): number | null {
  return Number.isFinite(needed) && needed <= MAX_SAMPLES ? needed : null;
}

/** SE implied by a two-sided interval whose bounds are one-sided `confidence` bounds. */
export function seFromInterval(lower: number, upper: number, ctx: GateContext): number {
  return (upper - lower) / (2 * normalQuantile(ctx.confidence));
}
