import type { GateResult, MetricName } from '../domain/index.js';
import { defaultGateName, formatQuantileLevel, isProportionMetric } from '../gates/metric-values.js';
import { gateSlices } from '../gates/gate-slices.js';

/** One gate as every face shows it (CLI table, Markdown, HTML, renderer): the same strings everywhere. */
export interface GateRowText {
  gate: string;
  baseline: string;
  candidate: string;
  delta: string;
  threshold: string;
  verdict: string;
  n: string;
}

const METRIC_UNITS: Partial<Record<MetricName, 'ms' | 'usd'>> = { latency_ms: 'ms', cost_usd: 'usd' };

function signed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return x > 0 ? `+${s}` : s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/**
 * What a gate's baseline and candidate numbers are. Paired and new-failure gates report each arm's pass rate while
 * the gate counts failures, so "High-severity policy failures 100.0% → 87.5%" must say "pass rate" or it reads as
 * failures.
 */
export function gateValueLabel(g: Pick<GateResult, 'kind' | 'details'> & Partial<Pick<GateResult, 'metric'>>): string {
  if (g.kind === 'max_rate') return 'rate';
  if (g.kind === 'quantile_ratio') return typeof g.details.quantile === 'number' ? `p${formatQuantileLevel(g.details.quantile)}` : 'quantile';
  // A mean of per-case failure shares (a relative allowance on a pass/fail metric) is a failure share.
  if (g.kind === 'mean_ratio') return g.metric !== undefined && isProportionMetric(g.metric) ? 'failure share' : 'mean';
  return 'pass rate';
}

/**
 * What a gate reads besides its kind, from its details: the scores it selects (scorer, expectation or failure
 * category) and the slice(s) it is restricted to — "category pii_leak · slice refunds"; null for a built-in metric
 * over every case.
 */
export function gateScopeText(g: Pick<GateResult, 'details'>): string | null {
  const d = g.details;
  const parts: string[] = [];
  if (typeof d.scorer === 'string') parts.push(`scorer ${d.scorer}`);
  if (typeof d.expectation === 'string') parts.push(`expectation ${d.expectation}`);
  if (typeof d.category === 'string') parts.push(`category ${d.category}`);
  if (typeof d.slice === 'string') parts.push(`${d.slice.includes(', ') ? 'slices' : 'slice'} ${d.slice}`);
  return parts.length ? parts.join(' · ') : null;
}

/** The gate's name as a table shows it: its own name, followed by its scope when a chosen name does not say it. */
export function gateTitle(g: Pick<GateResult, 'name' | 'metric' | 'kind' | 'critical' | 'details'>): string {
  const scope = gateScopeText(g);
  const slice = gateSlices(g.details) ?? undefined;
  const quantile = typeof g.details.quantile === 'number' ? g.details.quantile : undefined;
  // A default name already says it ("pii_leak failures in slice refunds"); a chosen one ("No leaks") may not.
  const named = scope !== null && g.name !== defaultGateName(g.metric, g.kind, quantile, slice) ? `${g.name} [${scope}]` : g.name;
  return g.critical ? `${named} (critical)` : named;
}

/** Each arm's value of the gate's metric, formatted without a label (a face that shows gateValueLabel beside it). */
export function formatArmValues(g: GateResult): { baseline: string; candidate: string } {
  return { baseline: metricValue(g, g.baseline), candidate: metricValue(g, g.candidate) };
}

function metricValue(g: GateResult, v: number | null): string {
  if (v === null) return '—';
  if (g.unit === 'points' || g.unit === 'count') return `${(v * 100).toFixed(1)}%`;
  if (g.unit === 'rate') return `${(v * 100).toFixed(2)}%`;
  if (isProportionMetric(g.metric)) return `${(v * 100).toFixed(2)}%`;
  const unit = METRIC_UNITS[g.metric];
  if (unit === 'ms') return `${Math.round(v)} ms`;
  if (unit === 'usd') return `$${v.toFixed(6)}`;
  return v.toPrecision(4);
}

function interval(lower: number | null, upper: number | null, fmt: (x: number) => string): string {
  return lower === null || upper === null ? '' : ` [${fmt(lower)}, ${fmt(upper)}]`;
}

const passSuffix = (g: GateResult): string => (g.baseline !== null && gateValueLabel(g) === 'pass rate' ? ' pass' : '');

/** Formats a gate result for display. */
export function formatGateRow(g: GateResult): GateRowText {
  let delta = '—';
  let threshold = '';
  switch (g.unit) {
    case 'points':
      if (g.estimate !== null) delta = `${signed(g.estimate, 2)} pts${interval(g.lower, g.upper, (x) => signed(x, 2))}`;
      threshold = `≤ ${g.threshold.toFixed(2)} pts worse`;
      break;
    case 'ratio':
      if (g.estimate !== null) delta = `×${g.estimate.toFixed(3)}${interval(g.lower, g.upper, (x) => x.toFixed(3))}`;
      threshold = `≤ ×${g.threshold.toFixed(2)}`;
      break;
    case 'count':
      if (g.estimate !== null) delta = `${g.estimate} new`;
      threshold = g.threshold === 0 ? 'no new failures' : `≤ ${g.threshold} new`;
      break;
    case 'rate':
      if (g.estimate !== null) delta = `${(g.estimate * 100).toFixed(2)}%${interval(g.lower, g.upper, (x) => `${(x * 100).toFixed(2)}%`)}`;
      threshold = `≤ ${(g.threshold * 100).toFixed(2)}%`;
      if (g.kind === 'new_failures') {
        // Zero tolerance: the rate is of new failures; any one FAILs, and PASS needs the bound under the allowance.
        const b = typeof g.details.b === 'number' ? g.details.b : null;
        if (b !== null && g.estimate !== null) delta = `${b} new · ${delta}`;
        threshold = `0 new; bound < ${(g.threshold * 100).toFixed(2)}%`;
      }
      break;
  }
  return {
    gate: gateTitle(g),
    // Text faces (CLI, Markdown) have no label column: a pass rate says so in the value.
    baseline: metricValue(g, g.baseline) + passSuffix(g),
    candidate: metricValue(g, g.candidate) + passSuffix(g),
    delta,
    threshold,
    verdict: g.verdict,
    n: String(g.n),
  };
}

/** Column headers matching GateRowText, in display order. */
export const gateTableColumns: readonly { key: keyof GateRowText; title: string }[] = [
  { key: 'gate', title: 'Gate' },
  { key: 'baseline', title: 'Baseline' },
  { key: 'candidate', title: 'Candidate' },
  { key: 'delta', title: 'Regression (one-sided bounds)' },
  { key: 'threshold', title: 'Allowed' },
  { key: 'n', title: 'n' },
  { key: 'verdict', title: 'Verdict' },
];

function percent(x: unknown): string {
  return typeof x === 'number' ? `${(x * 100).toFixed(1)} %` : '—';
}

/**
 * What the gate's verdict is worth, in words: the simulated error rates of its method at the nearest simulated
 * sample size ("this gate at n = 395: …"), the point rule's own error rates when the policy chose it, and the
 * assumption behind the samples needed. Empty when none applies.
 */
export function gateEvidenceNotes(g: GateResult): string[] {
  const d = g.details;
  const notes: string[] = [];
  if (typeof d.oc_scenario === 'string') {
    const at = `This gate at n = ${g.n}: simulated at n = ${String(d.oc_n)} (${d.oc_scenario})`;
    // A ceiling has no "equal candidate": both errors are measured with the true rate on the ceiling.
    notes.push(
      g.kind === 'max_rate'
        ? `${at}, with the true rate on the ceiling P(PASS) = ${percent(d.oc_p_pass_at_margin)} and P(FAIL) = ${percent(d.oc_p_fail_if_equal)}.`
        : `${at}, P(PASS | true regression = allowance) = ${percent(d.oc_p_pass_at_margin)}, P(FAIL | candidate as good as baseline) = ${percent(d.oc_p_fail_if_equal)}, P(PASS | as good) = ${percent(d.oc_p_pass_if_equal)}.`,
    );
  }
  if (d.point_rule_p_pass_at_margin !== undefined) {
    notes.push(
      `Point rule (the policy's choice, no confidence bound): P(PASS | true regression = allowance) ≈ ${percent(d.point_rule_p_pass_at_margin)}, P(FAIL | candidate as good as baseline) ≈ ${percent(d.point_rule_p_fail_if_equal)}.`,
    );
  }
  if (g.samples_needed !== null && typeof d.samples_needed_assumes === 'string') notes.push(`About ${g.samples_needed} cases would decide it, assuming ${d.samples_needed_assumes}.`);
  return notes;
}
