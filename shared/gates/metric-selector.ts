/** Metrics that select scores (scorer:<type>, expectation:<name>, category:<category>) and which of them a policy needs. */

import type { GatePolicy, MetricName, SelectorMetricName } from '../domain/policy.js';
import type { FailureCategory, ScorerType } from '../domain/scorer-spec.js';

/** A parsed selector metric: which scores of an attempt it reads. `metric` is the gate's metric string (the key). */
export type MetricSelector =
  | { metric: SelectorMetricName; by: 'scorer'; scorer: ScorerType }
  | { metric: SelectorMetricName; by: 'expectation'; name: string }
  | { metric: SelectorMetricName; by: 'category'; category: FailureCategory };

/** What a selector reads of one score. `scorer` is only read when some selector selects by scorer type. */
export interface SelectableScore {
  name: string;
  category: FailureCategory;
  scorer?: ScorerType;
}

/** The selector of a metric, or null for a built-in metric. The metric must have passed metricNameSchema. */
export function parseMetricSelector(metric: MetricName): MetricSelector | null {
  const colon = metric.indexOf(':');
  if (colon < 0) return null;
  const prefix = metric.slice(0, colon);
  const value = metric.slice(colon + 1);
  const m = metric as SelectorMetricName;
  switch (prefix) {
    case 'scorer':
      return { metric: m, by: 'scorer', scorer: value as ScorerType };
    case 'expectation':
      return { metric: m, by: 'expectation', name: value };
    case 'category':
      return { metric: m, by: 'category', category: value as FailureCategory };
    default:
      throw new Error(`unknown metric ${metric}`);
  }
}

/** True when the metric selects scores (scorer:, expectation:, category:). */
export function isSelectorMetric(metric: MetricName): metric is SelectorMetricName {
  return metric.includes(':');
}

/** The distinct selectors of some metrics, in first-seen order: what outcomes must compute for them. */
export function selectorsOfMetrics(metrics: Iterable<MetricName>): MetricSelector[] {
  const seen = new Map<string, MetricSelector>();
  for (const metric of metrics) {
    if (seen.has(metric)) continue;
    const selector = parseMetricSelector(metric);
    if (selector) seen.set(metric, selector);
  }
  return [...seen.values()];
}

/** The selectors a policy's gates need: only these are computed per case (a run may have many scorer types). */
export function selectorsOfPolicy(policy: Pick<GatePolicy, 'gates'>): MetricSelector[] {
  return selectorsOfMetrics(policy.gates.map((g) => g.metric));
}

/** True when the score is one the selector reads. */
export function selects(selector: MetricSelector, score: SelectableScore): boolean {
  switch (selector.by) {
    case 'scorer':
      return score.scorer === selector.scorer;
    case 'expectation':
      return score.name === selector.name;
    case 'category':
      return score.category === selector.category;
  }
}

/** True when some selector needs each score's scorer type (read from the store only then). */
export function needsScorerType(selectors: readonly MetricSelector[]): boolean {
  return selectors.some((s) => s.by === 'scorer');
}
