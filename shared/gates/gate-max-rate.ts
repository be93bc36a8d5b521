/** max_rate: an absolute ceiling on a rate (infra errors over both arms, or a failure share of the candidate). */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult } from '../domain/gate-result.js';
import { clusteredRateInterval } from '../stats/clustered-rate.js';
import type { ClusteredRate, RateItem } from '../stats/clustered-rate.js';
import type { CaseOutcome } from './case-outcome.js';
import { decide, formatValue, noDataResult, notApplicableResult, pointRuleErrorRates, resultHeader, samplesNeeded, seFromInterval } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { armValue, isProportionMetric } from './metric-values.js';

type MaxRateSpec = Extract<GateSpec, { kind: 'max_rate' }>;

/** How a max_rate gate treats one case: counted, left out for lack of an arm or a value, or lost to an infra error. */
export type MaxRateRole = 'used' | 'missing_arm' | 'infra_error' | 'no_value';

/**
 * The role of a case in a max_rate gate: infra_error counts every case where an arm ran; other metrics count the
 * candidate's value, and a candidate infra error is a lost case (imputed when it could flip the verdict).
 */
export function maxRateRole(metric: GateSpec['metric'], c: CaseOutcome): MaxRateRole {
  if (metric === 'infra_error') return c.baseline === null && c.candidate === null ? 'missing_arm' : 'used';
  const a = c.candidate;
  if (a === null) return 'missing_arm';
  if (a.infraError) return 'infra_error';
  return armValue(metric, a) === null ? 'no_value' : 'used';
}

/**
 * Evaluates a max_rate gate on a cluster-aware Wilson interval (shared/stats/clustered-rate).
 * infra_error: the share of cases with an infra error in either arm (the case is the unit: an outage usually
 * takes both arms, so its two calls are not independent trials); sessions, when cases share one, are the
 * units of the variance. baseline/candidate report each arm's per-call rate. Other pass/fail
 * metrics: the candidate arm's failure share over its cases without an infra error; a verdict that
 * counting those cases as failures (or as passes, for a FAIL) would overturn is INCONCLUSIVE.
 */
export function evaluateMaxRate(spec: MaxRateSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const threshold = spec.max_rate;
  if (!isProportionMetric(spec.metric)) {
    return notApplicableResult(spec, ctx, threshold, 'rate', `max_rate needs a pass/fail metric, not ${spec.metric}`);
  }
  const infra = spec.metric === 'infra_error';
  const items: RateItem[] = [];
  const lost: RateItem[] = [];
  const arms = { baseline: { events: 0, calls: 0 }, candidate: { events: 0, calls: 0 } };
  for (const c of cases) {
    const unit = c.cluster === undefined ? {} : { cluster: c.cluster };
    const role = maxRateRole(spec.metric, c);
    if (role === 'missing_arm' || role === 'no_value') continue;
    if (infra) {
      // The unit is the case: an outage usually takes both arms, and a case with an infra error in either arm is
      // lost to the comparison, so the rate is the share of cases with one.
      let present = 0;
      let failed = false;
      for (const side of ['baseline', 'candidate'] as const) {
        const a = c[side];
        if (a === null) continue;
        present++;
        failed ||= a.infraError;
        arms[side].events += a.infraError ? 1 : 0;
        arms[side].calls++;
      }
      if (present > 0) items.push({ events: failed ? 1 : 0, trials: 1, ...unit });
      continue;
    }
    const a = c.candidate!;
    if (role === 'infra_error') {
      lost.push({ events: 0, trials: 1, ...unit });
      continue;
    }
    const v = armValue(spec.metric, a)!;
    items.push({ events: v, trials: 1, ...unit });
    arms.candidate.events += v;
    arms.candidate.calls++;
  }
  const details = {
    scope: infra ? 'cases with an infra error in either arm' : 'candidate arm',
    cases_total: cases.length,
    cases_with_data: items.length,
    excluded_infra_error: lost.length,
    decision: ctx.decision,
  };
  const method = 'wilson';
  if (items.length === 0) return noDataResult(spec, ctx, threshold, 'rate', method, details);

  const rate = clusteredRateInterval(items, ctx.twoSidedLevel);
  let { verdict, reason, rule } = decide(rate.estimate, rate.lower, rate.upper, threshold, 'rate', ctx);
  const extra: Record<string, string | number | null> = {};
  if (lost.length > 0 && ctx.decision === 'interval' && verdict !== 'INCONCLUSIVE') {
    const towardsFail = verdict === 'PASS';
    const imputed = clusteredRateInterval([...items, ...lost.map((l) => ({ ...l, events: towardsFail ? 1 : 0 }))], ctx.twoSidedLevel);
    const flipped = decide(imputed.estimate, imputed.lower, imputed.upper, threshold, 'rate', ctx);
    extra.infra_imputed_verdict = flipped.verdict;
    if (flipped.verdict !== verdict) {
      reason = `${verdict} only while the ${lost.length} case(s) with infra errors are left out: counted as ${towardsFail ? 'failures' : 'passes'} the rate is ${formatValue(imputed.estimate, 'rate')} (${reason})`;
      verdict = 'INCONCLUSIVE';
      rule = 'infra-imputation';
    }
  }
  const planned = verdict === 'INCONCLUSIVE' ? plan(rate, items.length, threshold, ctx) : null;
  if (planned) extra.samples_needed_assumes = `a true rate of half the ceiling (${formatValue(threshold / 2, 'rate')}), design effect ${rate.designEffect.toFixed(2)}`;
  const se = rate.lower !== null && rate.upper !== null ? seFromInterval(rate.lower, rate.upper, ctx) : null;
  return {
    ...resultHeader(spec, ctx, threshold, 'rate'),
    baseline: infra && arms.baseline.calls > 0 ? arms.baseline.events / arms.baseline.calls : null,
    candidate: arms.candidate.calls > 0 ? arms.candidate.events / arms.candidate.calls : null,
    estimate: rate.estimate,
    lower: rate.lower,
    upper: rate.upper,
    n: rate.trials,
    method: rate.method,
    verdict,
    reason,
    samples_needed: planned,
    details: {
      ...details,
      events: rate.events,
      cases: rate.trials,
      baseline_calls: arms.baseline.calls,
      candidate_calls: arms.candidate.calls,
      units: rate.units,
      design_effect: rate.designEffect,
      df: rate.df,
      rule,
      ...extra,
      ...(ctx.decision === 'point' ? pointRuleErrorRates(threshold, se) : {}),
    },
  };
}

/** Cases that would decide the gate if the true rate were half the ceiling, with this run's design effect. */
function plan(rate: ClusteredRate, cases: number, threshold: number, ctx: GateContext): number | null {
  if (!(threshold > 0)) return null;
  const p = threshold / 2;
  return samplesNeeded(p * (1 - p) * rate.designEffect, threshold - p, cases, ctx);
}
