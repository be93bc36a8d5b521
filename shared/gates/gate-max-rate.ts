/** max_rate: an absolute ceiling on a rate (infra errors over both arms, or a failure share of the candidate). */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult } from '../domain/gate-result.js';
import { normalQuantile } from '../stats/normal.js';
import { sampleSizeForVariance } from '../stats/power.js';
import { wilsonInterval } from '../stats/proportions.js';
import type { CaseOutcome } from './case-outcome.js';
import { decide, noDataResult, notApplicableResult, plausibleSamples, resultHeader } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { armValue, isProportionMetric } from './metric-values.js';

type MaxRateSpec = Extract<GateSpec, { kind: 'max_rate' }>;

interface Tally {
  events: number;
  calls: number;
}

/**
 * Evaluates a max_rate gate with a Wilson interval on the rate.
 * infra_error: events = arms with an infra error, calls = every case×arm present, over both arms (an
 * infra failure in either arm costs the comparison, so the run's infrastructure is gated as a whole).
 * Other pass/fail metrics: the candidate arm's failure share, over its cases without infra error.
 */
export function evaluateMaxRate(spec: MaxRateSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const threshold = spec.max_rate;
  const method = 'wilson';
  if (!isProportionMetric(spec.metric)) {
    return notApplicableResult(spec, ctx, threshold, 'rate', `max_rate needs a pass/fail metric, not ${spec.metric}`);
  }
  const base: Tally = { events: 0, calls: 0 };
  const cand: Tally = { events: 0, calls: 0 };
  let casesWithData = 0;
  for (const c of cases) {
    let counted = false;
    for (const [arm, tally] of [[c.baseline, base], [c.candidate, cand]] as const) {
      if (arm === null) continue;
      if (spec.metric !== 'infra_error' && arm.infraError) continue;
      const v = armValue(spec.metric, arm);
      if (v === null) continue;
      tally.events += v;
      tally.calls += 1;
      counted = true;
    }
    if (counted) casesWithData++;
  }
  const bothArms = spec.metric === 'infra_error';
  const events = bothArms ? base.events + cand.events : cand.events;
  const calls = bothArms ? base.calls + cand.calls : cand.calls;
  const details = {
    scope: bothArms ? 'both arms' : 'candidate arm',
    events,
    calls,
    cases_total: cases.length,
    cases_with_data: casesWithData,
    decision: ctx.decision,
  };
  if (calls === 0) return noDataResult(spec, ctx, threshold, 'rate', method, details);

  const w = wilsonInterval(events, calls, ctx.twoSidedLevel);
  const { verdict, reason, rule } = decide(w.estimate, w.lower, w.upper, threshold, 'rate', ctx, spec.critical);
  let samples: number | null = null;
  if (verdict === 'INCONCLUSIVE') {
    const callsNeeded = callsToDecide(w.estimate, threshold, ctx);
    // Convert calls to cases with this run's calls per case (≈ 2 for both arms, 1 for the candidate).
    if (callsNeeded !== null) samples = plausibleSamples(Math.max(Math.ceil((callsNeeded * casesWithData) / calls), casesWithData + 1));
  }
  return {
    ...resultHeader(spec, ctx, threshold, 'rate'),
    baseline: base.calls > 0 ? base.events / base.calls : null,
    candidate: cand.calls > 0 ? cand.events / cand.calls : null,
    estimate: w.estimate,
    lower: w.lower,
    upper: w.upper,
    n: calls,
    method,
    verdict,
    reason,
    samples_needed: samples,
    details: { ...details, rule },
  };
}

/** Calls needed at the observed rate; with no event yet, the size at which a zero count's Wilson bound drops below the ceiling. */
function callsToDecide(rate: number, threshold: number, ctx: GateContext): number | null {
  if (!(threshold > 0) || Math.abs(threshold - rate) <= 1e-12) return null;
  if (rate === 0) {
    // Wilson upper bound at x = 0 is z²/(n + z²) < t  ⇔  n > z²(1 − t)/t.
    const z = normalQuantile(ctx.confidence);
    return Math.floor((z * z * (1 - threshold)) / threshold) + 1;
  }
  const variance = rate * (1 - rate);
  return variance > 0 ? sampleSizeForVariance(variance, Math.abs(threshold - rate), ctx.alpha, ctx.power) : null;
}
