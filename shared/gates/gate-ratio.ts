/** quantile_ratio and mean_ratio: candidate/baseline ratio of a statistic, paired bootstrap. */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult } from '../domain/gate-result.js';
import { pairedBootstrapTMeanRatio } from '../stats/bootstrap-t.js';
import { pairedBootstrapHarrellDavisRatio } from '../stats/harrell-davis.js';
import type { CaseOutcome } from './case-outcome.js';
import { decide, exclusionDetails, noDataResult, pointRuleErrorRates, resultHeader, samplesNeeded, seFromInterval } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { collectPairs, formatQuantileLevel } from './metric-values.js';

type RatioSpec = Extract<GateSpec, { kind: 'quantile_ratio' | 'mean_ratio' }>;

/** Evaluates a ratio gate: bootstrap of stat(candidate)/stat(baseline) over paired cases. */
export function evaluateRatio(spec: RatioSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const threshold = 1 + spec.max_relative_increase;
  // Means of heavy-tailed costs need the studentized bootstrap; quantiles the smooth Harrell–Davis estimate.
  const method = spec.kind === 'mean_ratio' ? 'paired-bootstrap-t' : 'paired-bootstrap-harrell-davis';
  const data = collectPairs(spec.metric, cases);
  // The quantile travels with the result, so every face can name the statistic ("p95") without the policy.
  const details = { ...exclusionDetails(data), ...(spec.kind === 'quantile_ratio' ? { quantile: spec.quantile } : {}) };
  if (data.pairs.length === 0) return noDataResult(spec, ctx, threshold, 'ratio', method, details);

  const n = data.pairs.length;
  const header = resultHeader(spec, ctx, threshold, 'ratio');
  // Too few cases for the interval to hold its level: a tail quantile with a handful of observations above it,
  // or a mean of values so skewed that its sampling distribution is still far from its limit.
  const minimum = spec.kind === 'quantile_ratio' ? minimumCasesForQuantile(spec.quantile) : minimumCasesForMeanRatio(data.pairs);
  if (n < minimum) {
    const why =
      spec.kind === 'quantile_ratio'
        ? `P${formatQuantileLevel(spec.quantile)} needs at least ${minimum} cases (${MIN_TAIL_OBSERVATIONS} above the quantile), the run has ${n}`
        : `values this skewed need at least ${minimum} cases for the mean ratio's interval to hold its level, the run has ${n}`;
    return {
      ...header,
      baseline: null,
      candidate: null,
      estimate: null,
      lower: null,
      upper: null,
      n,
      method,
      verdict: 'INCONCLUSIVE',
      reason: why,
      samples_needed: minimum,
      details: { ...details, rule: spec.kind === 'quantile_ratio' ? 'too-few-for-quantile' : 'too-skewed-for-n', minimum_cases: minimum, decision: ctx.decision },
    };
  }
  const statName = spec.kind === 'quantile_ratio' ? `P${formatQuantileLevel(spec.quantile)}` : 'mean';
  const baseValues = data.pairs.map((p) => p.baseline);
  const candValues = data.pairs.map((p) => p.candidate);
  const options = { replicates: ctx.bootstrap.replicates, seed: ctx.bootstrap.seed, twoSidedLevel: ctx.twoSidedLevel };
  const boot =
    spec.kind === 'quantile_ratio'
      ? pairedBootstrapHarrellDavisRatio(baseValues, candValues, spec.quantile, options)
      : pairedBootstrapTMeanRatio(baseValues, candValues, options);
  const bootDetails = { ...details, statistic: statName, replicates: boot.replicates, seed: ctx.bootstrap.seed, decision: ctx.decision };
  if (boot.estimate === null) {
    // Only a zero baseline statistic gets here: a relative change from 0 has no meaning.
    return {
      ...header,
      baseline: boot.baseline,
      candidate: boot.candidate,
      estimate: null,
      lower: null,
      upper: null,
      n,
      method,
      verdict: 'INCONCLUSIVE',
      reason: `baseline ${statName} is 0, so the ratio is undefined`,
      samples_needed: null,
      details: bootDetails,
    };
  }
  const { verdict, reason, rule } = decide(boot.estimate, boot.lower, boot.upper, threshold, 'ratio', ctx);
  const se = boot.lower !== null && boot.upper !== null ? seFromInterval(boot.lower, boot.upper, ctx) : null;
  // Planned for a candidate as good as the baseline (ratio 1), with the spread this run showed.
  const needed = verdict === 'INCONCLUSIVE' ? samplesNeeded(se === null ? null : n * se * se, threshold - 1, n, ctx) : null;
  return {
    ...header,
    baseline: boot.baseline,
    candidate: boot.candidate,
    estimate: boot.estimate,
    lower: boot.lower,
    upper: boot.upper,
    n,
    method,
    verdict,
    reason,
    samples_needed: needed,
    details: {
      ...bootDetails,
      rule,
      ...(needed === null ? {} : { samples_needed_assumes: 'no true regression (ratio 1), with the spread this run showed' }),
      ...(ctx.decision === 'point' ? pointRuleErrorRates(threshold - 1, se) : {}),
    },
  };
}

/**
 * Observations a quantile gate needs above the quantile in each arm before it decides anything; chosen
 * by the simulations in shared/gates/operating-characteristics (README "How gates are decided").
 */
export const MIN_TAIL_OBSERVATIONS = 10;

/** Fewest cases a quantile gate decides on: MIN_TAIL_OBSERVATIONS above the quantile. */
export function minimumCasesForQuantile(q: number): number {
  return Math.ceil(MIN_TAIL_OBSERVATIONS / (1 - q) - 1e-9);
}

/**
 * Cochran's rule for a mean ratio: n ≥ 25·g₁², with g₁ the skewness of the ratio's influence values
 * u_i = c_i/m_c − b_i/m_b (what the ratio's error is a mean of); at least 10 cases in any case. In the
 * simulations (shared/gates/operating-characteristics; 4,000 runs, with a delta-method t interval standing in for
 * the bootstrap-t for speed) K = 5 left P(PASS | margin) at 5.7–6.0 % and K = 10 at 5.0–5.3 % for heavy-tailed
 * costs at n = 50–200, K = 25 at most 4.7 %.
 */
export const MEAN_RATIO_SKEW_FACTOR = 25;

/** Fewest cases a mean_ratio gate decides on, from the skewness of the run's own values. */
export function minimumCasesForMeanRatio(pairs: readonly { baseline: number; candidate: number }[]): number {
  const n = pairs.length;
  let mb = 0;
  let mc = 0;
  for (const p of pairs) {
    mb += p.baseline;
    mc += p.candidate;
  }
  mb /= n;
  mc /= n;
  if (!(mb > 0) || !(mc > 0) || n < 3) return 10;
  let m2 = 0;
  let m3 = 0;
  for (const p of pairs) {
    const u = p.candidate / mc - p.baseline / mb;
    m2 += u * u;
    m3 += u * u * u;
  }
  m2 /= n;
  m3 /= n;
  const skew = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
  return Math.max(10, Math.ceil(MEAN_RATIO_SKEW_FACTOR * skew * skew));
}
