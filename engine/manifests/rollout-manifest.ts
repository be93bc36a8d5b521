import type { GateSpec } from '../../shared/domain/policy.js';
import type { FailureCategory, ScorerType } from '../../shared/domain/scorer-spec.js';
import { parseMetricSelector } from '../../shared/gates/metric-selector.js';
import type { GateReport } from '../reports/gate-report.js';

export const ROLLOUT_MANIFEST_SCHEMA = 'canary-gate/rollout-manifest@1';

/** One canary stage: share of traffic, how long to watch at least, and how many canary requests to see. */
export interface RolloutStage {
  percent: number;
  min_window_minutes: number;
  min_canary_samples: number;
}

/**
 * A live gate watched at every stage (absolute allowance, same orientation as the offline gate). A gate written on
 * slices keeps them: it is watched on the live requests of those slices only, never on all traffic. A selector
 * metric (scorer:, expectation:, category:) also names what it selects, as the report's details do.
 */
export interface LiveGate {
  name: string;
  metric: string;
  kind: string;
  allowed: number;
  unit: 'points' | 'ratio' | 'count' | 'rate';
  critical: boolean;
  method: string;
  /** The slices whose live requests this gate watches (always a list); absent: every request. */
  slice?: string[];
  scorer?: ScorerType;
  expectation?: string;
  category?: FailureCategory;
}

/** Our plain-JSON rollout manifest, bound to the signed report by its digest. */
export interface RolloutManifest {
  schema: typeof ROLLOUT_MANIFEST_SCHEMA;
  name: string;
  /** labels: as the report's (INCOMPLETE: a partial run, never promoted; A/A: baseline and candidate are the same target). */
  report: { file: string; sha256: string; verdict: GateReport['verdict']; labels: GateReport['labels']; run_id: string };
  promotion_allowed: boolean;
  baseline: { model: string; fingerprint: string };
  candidate: { model: string; fingerprint: string };
  stages: RolloutStage[];
  gates: LiveGate[];
  rollback: { triggers: string[]; action: string };
}

export const DEFAULT_STAGES: readonly number[] = [1, 5, 20, 50, 100];

/** What a gate is restricted to: its slices as a list, and what its metric selects. */
function liveScope(g: GateSpec): Pick<LiveGate, 'slice' | 'scorer' | 'expectation' | 'category'> {
  const scope: Pick<LiveGate, 'slice' | 'scorer' | 'expectation' | 'category'> = {};
  if (g.slice !== undefined) scope.slice = typeof g.slice === 'string' ? [g.slice] : [...g.slice];
  const selector = parseMetricSelector(g.metric);
  if (selector?.by === 'scorer') scope.scorer = selector.scorer;
  else if (selector?.by === 'expectation') scope.expectation = selector.name;
  else if (selector?.by === 'category') scope.category = selector.category;
  return scope;
}

function liveGate(g: GateSpec, name: string): LiveGate {
  return { ...liveGateOfKind(g, name), ...liveScope(g) };
}

function liveGateOfKind(g: GateSpec, name: string): LiveGate {
  const base = { name, metric: g.metric, kind: g.kind, critical: g.critical };
  switch (g.kind) {
    case 'paired_proportion':
      // Live arms see different requests: the same allowance, decided with unpaired always-valid intervals.
      return { ...base, kind: 'proportion', allowed: g.max_regression_points, unit: 'points', method: 'newcombe-confidence-sequence' };
    case 'new_failures':
      // Zero tolerance: no increase of the rare event at all; McNemar mode: the policy's margin on the net change.
      return g.tolerance === 'zero'
        ? { ...base, kind: 'rare_event_rate', allowed: 0, unit: 'count', method: 'conditional-binomial' }
        : { ...base, kind: 'rare_event_rate', allowed: g.margin_points, unit: 'points', method: 'conditional-binomial' };
    case 'quantile_ratio':
      return { ...base, allowed: 1 + g.max_relative_increase, unit: 'ratio', method: `unpaired-bootstrap-q${Math.round(g.quantile * 100)}` };
    case 'mean_ratio':
      return { ...base, allowed: 1 + g.max_relative_increase, unit: 'ratio', method: 'delta-method' };
    case 'max_rate':
      return { ...base, allowed: g.max_rate, unit: 'rate', method: 'wilson' };
  }
}

/**
 * Builds the manifest for the stages 1 → 5 → 20 → 50 → 100 %. Each stage's minimum canary sample is what
 * the tightest proportion gate needs (from the sample-size formula), and its window is at least an hour.
 */
export function buildRolloutManifest(input: {
  report: GateReport;
  reportSha256: string;
  reportFile: string;
  gates: readonly GateSpec[];
  minCanarySamples: number;
  minWindowMinutes?: number;
}): RolloutManifest {
  const { report } = input;
  const gates = input.gates.map((g, i) => liveGate(g, report.gates[i]?.name ?? g.name ?? g.metric));
  return {
    schema: ROLLOUT_MANIFEST_SCHEMA,
    name: `${report.suite.name}:${report.targets.candidate.model}`,
    report: { file: input.reportFile, sha256: input.reportSha256, verdict: report.verdict, labels: report.labels, run_id: report.run.id },
    // A partial run's report is never PASS; the label is checked too, so no manifest of one can promote.
    promotion_allowed: report.verdict === 'PASS' && !report.run.incomplete,
    baseline: { model: report.targets.baseline.model, fingerprint: report.targets.baseline.fingerprint },
    candidate: { model: report.targets.candidate.model, fingerprint: report.targets.candidate.fingerprint },
    stages: DEFAULT_STAGES.map((percent) => ({
      percent,
      min_window_minutes: percent === 100 ? 0 : (input.minWindowMinutes ?? 60),
      min_canary_samples: percent === 100 ? 0 : input.minCanarySamples,
    })),
    gates,
    rollback: {
      triggers: ['any critical gate FAIL at any look', 'any gate FAIL at the end of a stage window', 'infra error rate above its ceiling'],
      action: 'set the candidate weight to 0 (flagd: defaultVariant baseline, no targeting) — one switch',
    },
  };
}
