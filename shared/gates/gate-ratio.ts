/** quantile_ratio and mean_ratio: candidate/baseline ratio of a statistic, paired bootstrap. */

import type { GateSpec } from '../domain/policy.js';
import type { GateResult } from '../domain/gate-result.js';
import { pairedBootstrapRatio } from '../stats/bootstrap.js';
import type { BootstrapStatistic } from '../stats/bootstrap.js';
import type { CaseOutcome } from './case-outcome.js';
import { decide, exclusionDetails, noDataResult, resultHeader, samplesNeeded, seFromInterval } from './gate-common.js';
import type { GateContext } from './gate-common.js';
import { collectPairs, formatQuantileLevel } from './metric-values.js';

type RatioSpec = Extract<GateSpec, { kind: 'quantile_ratio' | 'mean_ratio' }>;

/** Evaluates a ratio gate: bootstrap of stat(candidate)/stat(baseline) over paired cases. */
export function evaluateRatio(spec: RatioSpec, cases: readonly CaseOutcome[], ctx: GateContext): GateResult {
  const threshold = 1 + spec.max_relative_increase;
  const method = 'paired-bootstrap-percentile';
  const data = collectPairs(spec.metric, cases);
  const details = exclusionDetails(data);
  if (data.pairs.length === 0) return noDataResult(spec, ctx, threshold, 'ratio', method, details);

  const statistic: BootstrapStatistic = spec.kind === 'quantile_ratio' ? { quantile: spec.quantile } : 'mean';
  const statName = spec.kind === 'quantile_ratio' ? `P${formatQuantileLevel(spec.quantile)}` : 'mean';
  const boot = pairedBootstrapRatio(
    data.pairs.map((p) => p.baseline),
    data.pairs.map((p) => p.candidate),
    statistic,
    { replicates: ctx.bootstrap.replicates, seed: ctx.bootstrap.seed, twoSidedLevel: ctx.twoSidedLevel },
  );
  const n = data.pairs.length;
  const header = resultHeader(spec, ctx, threshold, 'ratio');
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
  const { verdict, reason, rule } = decide(boot.estimate, boot.lower, boot.upper, threshold, 'ratio', ctx, spec.critical);
  const perCaseVariance = boot.lower !== null && boot.upper !== null ? n * seFromInterval(boot.lower, boot.upper, ctx) ** 2 : null;
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
    samples_needed: verdict === 'INCONCLUSIVE' ? samplesNeeded(perCaseVariance, threshold - boot.estimate, n, ctx) : null,
    details: { ...bootDetails, rule },
  };
}
