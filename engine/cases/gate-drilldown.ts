import type { GateDrilldown } from '../../shared/domain/case-review.js';
import type { Store } from '../store/index.js';
import { caseIndexFor } from './case-index-cache.js';
import { gateViewFor } from './list-cases.js';
import { CHANGES, MEMBERSHIP } from './gate-view.js';

/** How many case ids each list of a drill-down carries (the counts are complete). */
export const DRILLDOWN_IDS = 200;
/** How many of the largest candidate ÷ baseline ratios a latency or cost gate lists. */
export const LARGEST_RATIOS = 50;

const REGRESSION = CHANGES.indexOf('regression');
const IMPROVEMENT = CHANGES.indexOf('improvement');

/**
 * The cases behind one gate of the run's latest evaluation: how many pairs it used, its regressions and
 * improvements, what it left out and why, and for latency and cost gates the largest ratios. The engine function
 * behind `gates.drilldown`; the same gate view as the case list's gate filter, so its counts match that list's.
 * A slice gate's cases outside its slice(s) are in no count: used plus excluded is the gate's own case count.
 */
export function gateDrilldown(store: Store, runId: string, gate: string): GateDrilldown {
  const index = caseIndexFor(store, runId);
  const view = gateViewFor(index, gate);
  const idList = () => ({ count: 0, case_ids: [] as string[] });
  const regressions = idList();
  const improvements = idList();
  const infra = idList();
  const unreplayable = idList();
  const add = (list: { count: number; case_ids: string[] }, key: string) => {
    if (list.case_ids.length < DRILLDOWN_IDS) list.case_ids.push(key);
    list.count++;
  };
  let used = 0;
  let missingArm = 0;
  let notApplicable = 0;
  const ratios = new Float64Array(index.cases.length).fill(Number.NaN);
  const ratioMetric = view.metric === 'latency_ms' || view.metric === 'cost_usd';
  index.cases.forEach((c, i) => {
    switch (view.membership[i]) {
      case MEMBERSHIP.used:
        used++;
        if (view.change[i] === REGRESSION) add(regressions, c.key);
        else if (view.change[i] === IMPROVEMENT) add(improvements, c.key);
        if (ratioMetric && view.baseline[i]! > 0) ratios[i] = view.candidate[i]! / view.baseline[i]!;
        break;
      case MEMBERSHIP.infra:
        add(infra, c.key);
        break;
      case MEMBERSHIP.unreplayable:
        add(unreplayable, c.key);
        break;
      case MEMBERSHIP.missingArm:
        missingArm++;
        break;
      case MEMBERSHIP.notApplicable:
        notApplicable++;
        break;
      // MEMBERSHIP.outsideSlice: a case the gate never saw.
    }
  });
  return {
    gate,
    metric: view.metric,
    used,
    regressions,
    improvements,
    excluded: { infra_error: infra, unreplayable, missing_arm: missingArm, not_applicable: notApplicable },
    largest_ratios: largest(ratios, index.cases.map((c) => c.key)),
  };
}

/** The LARGEST_RATIOS largest ratios (NaN = none), largest first, ties in suite order; without sorting every case. */
function largest(ratios: Float64Array, keys: readonly string[]): { case_id: string; ratio: number }[] {
  const present = ratios.filter((r) => !Number.isNaN(r)).sort();
  if (present.length === 0) return [];
  const cut = present[Math.max(0, present.length - LARGEST_RATIOS)]!;
  const top: { case_id: string; ratio: number; i: number }[] = [];
  ratios.forEach((ratio, i) => {
    if (ratio >= cut) top.push({ case_id: keys[i]!, ratio, i });
  });
  top.sort((a, b) => b.ratio - a.ratio || a.i - b.i);
  return top.slice(0, LARGEST_RATIOS).map(({ case_id, ratio }) => ({ case_id, ratio }));
}
