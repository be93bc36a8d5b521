/** new_failures: "no increase" of a rare severe failure, counted on discordant pairs. */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult, Verdict } from '../domain/gate-result.js';
import { mcnemarExact } from '../stats/binomial.js';
import { clopperPearsonInterval } from '../stats/clopper-pearson.js';
import type { PairedValue } from '../stats/paired-binary.js';
import type { CaseOutcome } from './case-outcome.js';
import { decide, exclusionDetails, formatValue, noDataResult, notApplicableResult, plausibleSamples, resultHeader } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { collectPairs, isProportionMetric } from './metric-values.js';
import type { MetricPair } from './metric-values.js';
import { decidePairedDifference } from './paired-decision.js';

type NewFailuresSpec = Extract<GateSpec, { kind: 'new_failures' }>;

/**
 * Evaluates a new_failures gate. A case counts as failed in an arm when its failure share is > 0 (any
 * attempt failed: for severe failures one occurrence matters). b = new failures (baseline ok, candidate
 * failed), c = fixed failures.
 * - 'zero': the new-failure rate b/n with its exact (Clopper–Pearson) interval. Any observed new failure
 *   FAILs (its lower bound is above 0); PASS needs the upper bound below `max_new_failure_rate`: seeing
 *   none in a few cases proves nothing, so that is INCONCLUSIVE with the cases that would prove it.
 * - 'mcnemar': non-inferiority of the net change (b − c)/n with margin `margin_points`, on the same paired
 *   score interval as paired_proportion (the exact McNemar p-value is reported beside it).
 */
export function evaluateNewFailures(spec: NewFailuresSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const zero = spec.tolerance === 'zero';
  const method = zero ? 'zero-tolerance-exact' : 'mcnemar-noninferiority';
  const [threshold, unit] = zero ? [spec.max_new_failure_rate, 'rate' as const] : [spec.margin_points, 'points' as const];
  if (!isProportionMetric(spec.metric)) {
    return notApplicableResult(spec, ctx, threshold, unit, `new_failures needs a pass/fail metric, not ${spec.metric}`);
  }
  const data = collectPairs(spec.metric, cases);
  const details = exclusionDetails(data);
  if (data.pairs.length === 0) return noDataResult(spec, ctx, threshold, unit, method, details);

  const binary = data.pairs.map(failedInArms);
  const n = binary.length;
  let b = 0;
  let c = 0;
  let baseFailed = 0;
  let candFailed = 0;
  for (const p of binary) {
    baseFailed += p.baseline;
    candFailed += p.candidate;
    if (p.candidate > p.baseline) b++;
    else if (p.candidate < p.baseline) c++;
  }
  const common = {
    ...resultHeader(spec, ctx, threshold, unit),
    baseline: 1 - baseFailed / n,
    candidate: 1 - candFailed / n,
    n,
    method,
  };
  const counts = { ...details, b, c, new_failure_rate: b / n, decision: ctx.decision };

  if (!zero) {
    const decision = decidePairedDifference(binary, data.infraExcluded, threshold, ctx);
    const test = mcnemarExact(b, c);
    return {
      ...common,
      estimate: decision.estimate,
      lower: decision.lower,
      upper: decision.upper,
      verdict: decision.verdict,
      reason: `${plural(b, 'new failure')} vs ${c} fixed: ${decision.reason}`,
      samples_needed: decision.samplesNeeded,
      details: { ...counts, ...decision.details, interval_method: decision.pd.method, p_one_sided: test.pOneSidedGreater, p_two_sided: test.pTwoSided },
    };
  }

  const zeroTolerance = decideZeroTolerance(b, n, threshold, ctx);
  let { verdict, reason } = zeroTolerance;
  let rule = zeroTolerance.rule;
  const k = data.infraExcluded.length;
  // Counting the infra-error cases as new failures is their worst case; a PASS it would overturn is no PASS.
  if (verdict === 'PASS' && ctx.decision === 'interval' && k > 0) {
    verdict = 'INCONCLUSIVE';
    rule = 'infra-imputation';
    reason = `PASS only while the ${plural(k, 'case')} with infra errors ${k === 1 ? 'is' : 'are'} left out: any of them may hide a new failure (${reason})`;
  }
  // The smallest n at which zero new failures would put the exact upper bound under the allowance.
  const needed = verdict === 'INCONCLUSIVE' ? plausibleSamples(Math.max(Math.ceil(Math.log(ctx.alpha) / Math.log(1 - threshold)) + 1, n + k + 1)) : null;
  return {
    ...common,
    estimate: zeroTolerance.estimate,
    lower: zeroTolerance.lower,
    upper: zeroTolerance.upper,
    verdict,
    reason,
    samples_needed: needed,
    details: {
      ...counts,
      rule,
      upper_bound_rate: zeroTolerance.upper,
      ...(needed === null ? {} : { samples_needed_assumes: 'no new failure in any further case' }),
    },
  };
}

/** 1 where the arm failed at all (share > 0), 0 otherwise. */
function failedInArms(p: MetricPair): PairedValue {
  const v: PairedValue = { baseline: p.baseline > 0 ? 1 : 0, candidate: p.candidate > 0 ? 1 : 0 };
  if (p.cluster !== undefined) v.cluster = p.cluster;
  return v;
}

function plural(k: number, word: string): string {
  return `${k} ${word}${k === 1 ? '' : 's'}`;
}

/** Zero tolerance on the new-failure rate b/n: FAIL on any, PASS when its exact upper bound is under the allowance. */
function decideZeroTolerance(b: number, n: number, allowance: number, ctx: GateContext): { estimate: number; lower: number; upper: number; verdict: Verdict; reason: string; rule: string } {
  const cp = clopperPearsonInterval(b, n, ctx.twoSidedLevel);
  const conf = `${Number((ctx.confidence * 100).toPrecision(6))}%`;
  const bound = `exact ${conf} upper bound on the new-failure rate ${formatValue(cp.upper, 'rate')}`;
  if (ctx.decision === 'point') {
    return b > 0
      ? { ...cp, verdict: 'FAIL', reason: `${plural(b, 'new failure')} in ${n} paired cases (point rule)`, rule: 'point' }
      : { ...cp, verdict: 'PASS', reason: `no new failures in ${n} paired cases (point rule, no confidence bound; ${bound})`, rule: 'point' };
  }
  // FAIL starts at any evidence of a new failure (a lower bound above 0); PASS needs the bound under the allowance.
  const d = decide(cp.estimate, cp.lower, cp.upper, allowance, 'rate', ctx, 0);
  if (d.verdict === 'FAIL') {
    return { ...cp, verdict: 'FAIL', reason: `${plural(b, 'new failure')} (baseline passed, candidate failed) in ${n} paired cases; zero tolerance`, rule: 'zero-tolerance' };
  }
  const seen = b === 0 ? `no new failures in ${n} paired cases` : `${plural(b, 'new failure')} in ${n} paired cases`;
  return d.verdict === 'PASS'
    ? { ...cp, verdict: 'PASS', reason: `${seen}; ${bound} < allowed ${formatValue(allowance, 'rate')}`, rule: 'upper-bound' }
    : { ...cp, verdict: 'INCONCLUSIVE', reason: `${seen}, but the ${bound} is not below allowed ${formatValue(allowance, 'rate')}`, rule: 'bound-too-wide' };
}
