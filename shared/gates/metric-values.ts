/** Per-case metric values oriented so that larger is worse, and the pairing rules of the gates. */

import type { BuiltinMetricName, MetricName } from '../domain/policy.js';
import type { ArmOutcome, CaseOutcome } from './case-outcome.js';
import { isSelectorMetric, parseMetricSelector } from './metric-selector.js';

/** Metrics whose per-case value is a failure share in [0,1]. */
const proportionMetrics: ReadonlySet<MetricName> = new Set<BuiltinMetricName>([
  'task_success',
  'high_severity_failures',
  'citation_validity',
  'abstention',
  'over_refusal',
  'infra_error',
]);

/** True when the metric's per-case value is a failure share in [0,1] (not latency or cost). */
export function isProportionMetric(metric: MetricName): boolean {
  // Every selector metric is a failure share.
  return proportionMetrics.has(metric) || isSelectorMetric(metric);
}

/** The "worse is larger" value of a metric in one arm: a failure share, latency or cost; null if absent. */
export function armValue(metric: MetricName, arm: ArmOutcome): number | null {
  const v = rawValue(metric, arm);
  // A non-finite value is a data error upstream; treating it as missing keeps it out of every estimate.
  return v === null || !Number.isFinite(v) ? null : v;
}

function rawValue(metric: MetricName, arm: ArmOutcome): number | null {
  if (isSelectorMetric(metric)) {
    const value = arm.selectorFailures?.[metric];
    // Outcomes computed without this selector would read as "no data" for every case: a wiring error, not a verdict.
    if (value === undefined) throw new Error(`the case outcomes were computed without the metric ${metric}`);
    return value;
  }
  switch (metric) {
    case 'task_success':
      return arm.taskSuccess === null ? null : 1 - arm.taskSuccess;
    case 'citation_validity':
      return arm.citationValid === null ? null : 1 - arm.citationValid;
    case 'abstention':
      return arm.abstentionOk === null ? null : 1 - arm.abstentionOk;
    case 'over_refusal':
      return arm.overRefusal;
    case 'high_severity_failures':
      return arm.highSeverityFailure;
    case 'latency_ms':
      return arm.latencyMs;
    case 'cost_usd':
      return arm.costUsd;
    case 'infra_error':
      return arm.infraError ? 1 : 0;
  }
}

/** One usable case: both arms' oriented values. */
export interface MetricPair {
  caseId: string;
  cluster?: string;
  baseline: number;
  candidate: number;
}

/** The usable pairs of a metric, and why the other cases were left out. */
export interface PairedData {
  pairs: MetricPair[];
  /** The cases left out for an infra error in either arm (their outcome is unknown, not absent). */
  infraExcluded: { caseId: string; cluster?: string }[];
  casesTotal: number;
  excludedMissingArm: number;
  excludedInfraError: number;
  excludedUnreplayable: number;
  excludedNullMetric: number;
}

/**
 * Pairs for a metric: both arms present; for quality metrics also neither arm an infra error (an
 * infrastructure failure says nothing about the model) nor an unreplayable tool call, and the metric non-null
 * in both arms. For
 * infra_error itself every case with both arms counts.
 */
export function collectPairs(metric: MetricName, cases: readonly CaseOutcome[]): PairedData {
  const out: PairedData = { pairs: [], infraExcluded: [], casesTotal: cases.length, excludedMissingArm: 0, excludedInfraError: 0, excludedUnreplayable: 0, excludedNullMetric: 0 };
  for (const c of cases) {
    if (c.baseline === null || c.candidate === null) {
      out.excludedMissingArm++;
      continue;
    }
    if (metric !== 'infra_error' && (c.baseline.infraError || c.candidate.infraError)) {
      out.excludedInfraError++;
      out.infraExcluded.push(c.cluster === undefined ? { caseId: c.caseId } : { caseId: c.caseId, cluster: c.cluster });
      continue;
    }
    // A conversation that stopped at a tool call the capture cannot answer has no answer to judge or to time.
    if (metric !== 'infra_error' && (c.baseline.unreplayableToolCall || c.candidate.unreplayableToolCall)) {
      out.excludedUnreplayable++;
      continue;
    }
    const b = armValue(metric, c.baseline);
    const v = armValue(metric, c.candidate);
    if (b === null || v === null) {
      out.excludedNullMetric++;
      continue;
    }
    const pair: MetricPair = { caseId: c.caseId, baseline: b, candidate: v };
    if (c.cluster !== undefined) pair.cluster = c.cluster;
    out.pairs.push(pair);
  }
  return out;
}

/** Readable default name of a gate, per metric (and quantile for ratio gates), and the slice(s) it is restricted to. */
export function defaultGateName(metric: MetricName, kind: string, quantileLevel?: number, slice?: string | readonly string[]): string {
  return `${metricGateName(metric, kind, quantileLevel)}${sliceSuffix(slice)}`;
}

/** " in slice refunds", " in slices refunds, billing", or '' for a gate over every case. */
export function sliceSuffix(slice: string | readonly string[] | undefined): string {
  if (slice === undefined) return '';
  const list = typeof slice === 'string' ? [slice] : slice;
  return list.length === 1 ? ` in slice ${list[0]}` : ` in slices ${list.join(', ')}`;
}

function metricGateName(metric: MetricName, kind: string, quantileLevel?: number): string {
  const selector = parseMetricSelector(metric);
  if (selector !== null) {
    switch (selector.by) {
      case 'scorer':
        return `Pass rate of ${selector.scorer}`;
      case 'expectation':
        return `Pass rate of expectation ${selector.name}`;
      case 'category':
        return `${selector.category} failures`;
    }
  }
  const q = quantileLevel === undefined ? '' : `P${formatQuantileLevel(quantileLevel)}`;
  switch (metric as BuiltinMetricName) {
    case 'task_success':
      return 'Core task success';
    case 'high_severity_failures':
      return 'High-severity policy failures';
    case 'citation_validity':
      return 'Citation validity';
    case 'abstention':
      return 'Abstention when required';
    case 'over_refusal':
      return 'Over-refusal';
    case 'infra_error':
      return 'Infra error rate';
    case 'latency_ms':
      return kind === 'quantile_ratio' ? `${q} latency` : kind === 'mean_ratio' ? 'Mean latency' : 'Latency';
    case 'cost_usd':
      return kind === 'quantile_ratio' ? `${q} cost/request` : 'Cost/request';
  }
}

/** 0.95 → "95", 0.999 → "99.9", without float noise such as 94.99999999999999. */
export function formatQuantileLevel(q: number): string {
  return String(Number((q * 100).toPrecision(10)));
}
