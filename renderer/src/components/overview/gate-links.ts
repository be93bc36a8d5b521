import type { CaseFilter } from '../../../../shared/domain/case-review.js';
import type { GateResult } from '../../../../shared/domain/gate-result.js';
import { singleGateSlice } from '../../../../shared/gates/gate-slices.js';
import type { Route } from '../../routing/route.js';

/**
 * The case list showing exactly the cases behind a gate: the regressions of a pass-rate gate, the cases with
 * the largest candidate ÷ baseline ratio of a latency or cost gate, the infra errors of the infra-error gate.
 * With a slice (a slice row's, or the one slice the gate itself is restricted to), only that slice's: the list's
 * chips and facets then say which slice it is.
 */
export function gateCasesRoute(runId: string, gate: Pick<GateResult, 'name' | 'metric' | 'kind' | 'details'>, slice?: string | null): Route {
  const only = slice ?? singleGateSlice(gate.details);
  const base: CaseFilter = only ? { gate: gate.name, slice: only } : { gate: gate.name };
  if (gate.metric === 'latency_ms') return { screen: 'cases', runId, filter: base, sort: 'latency_ratio' };
  if (gate.metric === 'cost_usd') return { screen: 'cases', runId, filter: base, sort: 'cost_ratio' };
  // A ceiling on a rate has no "regression" pairs: the cases behind it are the ones with the event.
  if (gate.kind === 'max_rate') return { screen: 'cases', runId, filter: gate.metric === 'infra_error' ? { ...base, infra: true } : base, sort: 'suite' };
  return { screen: 'cases', runId, filter: { ...base, change: 'regression' }, sort: 'suite' };
}

/** The case list of one slice of a run. */
export function sliceCasesRoute(runId: string, slice: string): Route {
  return { screen: 'cases', runId, filter: { slice }, sort: 'suite' };
}

/**
 * The cases a gate left out of its estimate: those with an infra error, an unreplayable tool call, or all of them;
 * with the slice of a gate restricted to one slice.
 */
export function excludedCasesRoute(runId: string, gate: Pick<GateResult, 'name' | 'details'>, why: 'infra' | 'unreplayable' | 'all'): Route {
  const membership = why === 'infra' ? 'excluded_infra' : why === 'unreplayable' ? 'excluded_unreplayable' : 'excluded';
  const slice = singleGateSlice(gate.details);
  return { screen: 'cases', runId, filter: slice ? { gate: gate.name, slice, membership } : { gate: gate.name, membership }, sort: 'suite' };
}
