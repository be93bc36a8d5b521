/** new_failures: "no increase" of a rare severe failure, counted on discordant pairs. */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult, Verdict } from '../domain/gate-result.js';
import { mcnemarExact } from '../stats/binomial.js';
import { sampleSizeDiscordant } from '../stats/power.js';
import { ruleOfThreeUpper } from '../stats/proportions.js';
import type { CaseOutcome } from './case-outcome.js';
import { exclusionDetails, formatValue, noDataResult, notApplicableResult, resultHeader } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { collectPairs, isProportionMetric } from './metric-values.js';

type NewFailuresSpec = Extract<GateSpec, { kind: 'new_failures' }>;

/**
 * Evaluates a new_failures gate. A case counts as failed in an arm when its failure share is > 0
 * (any attempt failed: for severe failures one occurrence matters). b = new failures (baseline ok,
 * candidate failed), c = fixed failures. 'zero': any b > 0 fails. 'mcnemar': exact one-sided McNemar.
 */
export function evaluateNewFailures(spec: NewFailuresSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const method = spec.tolerance === 'zero' ? 'zero-tolerance' : 'mcnemar-exact';
  if (!isProportionMetric(spec.metric)) {
    return notApplicableResult(spec, ctx, 0, 'count', `new_failures needs a pass/fail metric, not ${spec.metric}`);
  }
  const data = collectPairs(spec.metric, cases);
  const details = exclusionDetails(data);
  if (data.pairs.length === 0) return noDataResult(spec, ctx, 0, 'count', method, details);

  const n = data.pairs.length;
  let b = 0;
  let c = 0;
  let baseFailed = 0;
  let candFailed = 0;
  for (const p of data.pairs) {
    const bf = p.baseline > 0;
    const cf = p.candidate > 0;
    if (bf) baseFailed++;
    if (cf) candFailed++;
    if (!bf && cf) b++;
    else if (bf && !cf) c++;
  }
  const common = {
    ...resultHeader(spec, ctx, 0, 'count'),
    baseline: 1 - baseFailed / n,
    candidate: 1 - candFailed / n,
    estimate: b,
    lower: null,
    upper: null,
    n,
    method,
  };
  const shared = { ...details, b, c, new_failure_rate: b / n, decision: ctx.decision };
  const failures = (k: number): string => `${k} new failure${k === 1 ? '' : 's'}`;

  if (spec.tolerance === 'zero') {
    // The rule of three bounds the new-failure rate only when none was seen.
    const r3 = b === 0 ? ruleOfThreeUpper(n) : null;
    const verdict: Verdict = b > 0 ? 'FAIL' : 'PASS';
    const reason =
      b > 0
        ? `${failures(b)} (baseline passed, candidate failed) in ${n} paired cases; zero tolerance`
        : `no new failures in ${n} paired cases (rule-of-three 95% upper bound on the rate ${formatValue(r3 as number, 'rate')})`;
    return { ...common, verdict, reason, samples_needed: null, details: { ...shared, rule_of_three_upper: r3 } };
  }

  const test = mcnemarExact(b, c);
  let verdict: Verdict;
  let reason: string;
  let rule: string;
  if (ctx.decision === 'point') {
    verdict = b <= c ? 'PASS' : 'FAIL';
    reason = `${failures(b)} vs ${c} fixed: ${b <= c ? 'no' : 'an'} increase (point rule)`;
    rule = 'point';
  } else if (test.pOneSidedGreater < ctx.alpha) {
    verdict = 'FAIL';
    reason = `${failures(b)} vs ${c} fixed: exact McNemar p = ${formatP(test.pOneSidedGreater)} < ${formatP(ctx.alpha)}`;
    rule = 'mcnemar';
  } else if (b <= c) {
    verdict = 'PASS';
    reason = `${failures(b)} vs ${c} fixed: no increase`;
    rule = 'no-increase';
  } else if (spec.critical) {
    verdict = 'FAIL';
    reason = `critical metric: ${failures(b)} vs ${c} fixed is an increase (McNemar p = ${formatP(test.pOneSidedGreater)} not yet significant)`;
    rule = 'critical-point';
  } else {
    verdict = 'INCONCLUSIVE';
    reason = `${failures(b)} vs ${c} fixed: McNemar p = ${formatP(test.pOneSidedGreater)} ≥ ${formatP(ctx.alpha)}`;
    rule = 'not-significant';
  }
  // Cases that would make the observed increase significant at the policy's power (Connor 1987).
  const samples = verdict === 'INCONCLUSIVE' ? Math.max(sampleSizeDiscordant((b + c) / n, (b - c) / n, ctx.alpha, ctx.power), n + 1) : null;
  return {
    ...common,
    verdict,
    reason,
    samples_needed: samples,
    details: { ...shared, p_one_sided: test.pOneSidedGreater, p_two_sided: test.pTwoSided, rule },
  };
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
