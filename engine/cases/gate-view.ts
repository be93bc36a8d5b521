import type { GateResult } from '../../shared/domain/gate-result.js';
import type { MetricName } from '../../shared/domain/policy.js';
import type { CaseOutcome } from '../../shared/gates/case-outcome.js';
import { collectPairs, isProportionMetric } from '../../shared/gates/metric-values.js';
import { maxRateRole } from '../../shared/gates/gate-max-rate.js';
import { gateSliceTest } from '../../shared/gates/gate-slices.js';
import { outcomeChangeSchema, type OutcomeChange } from '../../shared/domain/case-review.js';

/** Outcome changes by code: the position in outcomeChangeSchema's options. */
export const CHANGES: readonly OutcomeChange[] = outcomeChangeSchema.options;
const [REGRESSION, IMPROVEMENT, BOTH_FAIL, BOTH_PASS, UNJUDGED] = [0, 1, 2, 3, 4] as const;

/**
 * Why a case is or is not one of a gate's pairs, by code. `outsideSlice`: the gate is restricted to slices this
 * case is not in, so the gate never saw it (not one of its exclusions either).
 */
export const MEMBERSHIP = { used: 0, missingArm: 1, infra: 2, unreplayable: 3, notApplicable: 4, outsideSlice: 5 } as const;

/** What one gate (or, without a gate, task success) says of every case of a run, by position in the suite. */
export interface GateView {
  metric: MetricName;
  /** A {@link MEMBERSHIP} code per case. */
  membership: Uint8Array;
  /** A {@link CHANGES} code per case. */
  change: Uint8Array;
  /** Both arms' oriented values (larger is worse) of the pairs the estimate used, NaN elsewhere. */
  baseline: Float64Array;
  candidate: Float64Array;
}

/**
 * The kind, metric and details of a decided gate: what decides which cases it used. `details.slice` restricts it
 * to the cases of its slice(s), as evaluateGate did; the metric's selector (scorer:, expectation:, category:) is read
 * from the outcomes' selector values.
 */
export interface GateShape {
  kind: string;
  metric: MetricName;
  details?: GateResult['details'];
}

/**
 * How a case moved between the arms, from its two oriented values: worse in the candidate is a regression. On a
 * failure share averaged over repeats a larger share is a regression; equal shares are both_pass at 0, both_fail
 * above. For latency and cost equal values are both_pass (nothing failed).
 */
function changeOf(metric: MetricName, baseline: number, candidate: number): number {
  if (candidate > baseline) return REGRESSION;
  if (candidate < baseline) return IMPROVEMENT;
  return isProportionMetric(metric) && baseline > 0 ? BOTH_FAIL : BOTH_PASS;
}

/**
 * The gate's view of every case: its membership and its change, from the very pairs the gate's estimate used
 * (collectPairs, and for new_failures the same "failed at all" reading of an arm). A max_rate gate reads the
 * candidate arm alone (infra_error: any arm present), as evaluateMaxRate counts its items.
 */
export function gateView(gate: GateShape, outcomes: readonly CaseOutcome[], positionOf: ReadonlyMap<string, number>): GateView {
  const n = outcomes.length;
  const view: GateView = {
    metric: gate.metric,
    membership: new Uint8Array(n).fill(MEMBERSHIP.notApplicable),
    change: new Uint8Array(n).fill(UNJUDGED),
    baseline: new Float64Array(n).fill(Number.NaN),
    candidate: new Float64Array(n).fill(Number.NaN),
  };
  const needsProportion = gate.kind === 'paired_proportion' || gate.kind === 'new_failures' || gate.kind === 'max_rate';
  // A gate that could not apply to its metric (paired_proportion on latency) used no case.
  if (needsProportion && !isProportionMetric(gate.metric)) return view;

  // A slice gate saw only its slice's cases: every other case is outside it, whatever its arms hold.
  const inSlice = gate.details ? gateSliceTest(gate.details) : null;
  let mine: readonly CaseOutcome[] = outcomes;
  if (inSlice !== null) {
    const inside: CaseOutcome[] = [];
    outcomes.forEach((o, i) => {
      if (inSlice(o.slice)) inside.push(o);
      else view.membership[i] = MEMBERSHIP.outsideSlice;
    });
    mine = inside;
  }
  const seen = (i: number) => view.membership[i] !== MEMBERSHIP.outsideSlice;

  const data = collectPairs(gate.metric, mine);
  const binary = gate.kind === 'new_failures';
  for (const p of data.pairs) {
    const i = positionOf.get(p.caseId)!;
    const [b, c] = binary ? [p.baseline > 0 ? 1 : 0, p.candidate > 0 ? 1 : 0] : [p.baseline, p.candidate];
    view.baseline[i] = b;
    view.candidate[i] = c;
    view.change[i] = changeOf(gate.metric, b, c);
  }

  if (gate.kind === 'max_rate') {
    outcomes.forEach((o, i) => {
      if (seen(i)) view.membership[i] = maxRateMembership(gate.metric, o);
    });
    return view;
  }
  for (const p of data.pairs) view.membership[positionOf.get(p.caseId)!] = MEMBERSHIP.used;
  const infraExcluded = new Set(data.infraExcluded.map((e) => e.caseId));
  outcomes.forEach((o, i) => {
    if (view.membership[i] === MEMBERSHIP.used || !seen(i)) return;
    // The order of collectPairs' own tests, so that each reason's count is the one the gate reports. What is left
    // (notApplicable) has no value in an arm: for a selector metric, no selected score was judged.
    if (o.baseline === null || o.candidate === null) view.membership[i] = MEMBERSHIP.missingArm;
    else if (infraExcluded.has(o.caseId)) view.membership[i] = MEMBERSHIP.infra;
    else if (gate.metric !== 'infra_error' && (o.baseline.unreplayableToolCall || o.candidate.unreplayableToolCall)) view.membership[i] = MEMBERSHIP.unreplayable;
  });
  return view;
}

/** Whether evaluateMaxRate counted the case, by the gate's own rule (maxRateRole), with the reason when it did not. */
function maxRateMembership(metric: MetricName, o: CaseOutcome): number {
  switch (maxRateRole(metric, o)) {
    case 'used':
      return MEMBERSHIP.used;
    case 'missing_arm':
      return MEMBERSHIP.missingArm;
    case 'infra_error':
      return MEMBERSHIP.infra;
    case 'no_value':
      return o.candidate?.unreplayableToolCall ? MEMBERSHIP.unreplayable : MEMBERSHIP.notApplicable;
  }
}
