/**
 * The simulated operating characteristics as a table: computed by `npm run oc:table` (which also writes
 * the README's table), shipped with the gates so that each report can show the row behind its gate.
 */

import type { GateResult } from '../../domain/gate-result.js';
import { OC_TABLE } from './table.generated.js';

/** One scenario's simulated error rates under the default policy (one-sided 95 %). */
export interface OcRow {
  scenario: string;
  family: string;
  description: string;
  n: number;
  replicates: number;
  /** P(PASS) when the true regression equals the allowance: the false-promotion rate. */
  passAtMargin: number;
  /** P(FAIL) when the candidate equals the baseline: the false-alarm rate. */
  failIfEqual: number;
  /** P(PASS) when the candidate equals the baseline: the power to promote a good candidate. */
  passIfEqual: number;
  /** Coverage of the two-sided interval at the margin and when equal (null without an interval). */
  coverageAtMargin: number | null;
  coverageIfEqual: number | null;
}

/** The family of simulated scenarios that matches how a gate was decided; null when none was simulated. */
export function ocFamilyOf(g: Pick<GateResult, 'kind' | 'metric' | 'method' | 'n' | 'details'>): string | null {
  switch (g.kind) {
    case 'paired_proportion':
      if (g.method === 'newcombe-paired') return 'paired_proportion';
      // Design-effect Newcombe: clusters when some session holds several cases, else averaged repeats.
      return Number(g.details.clusters) < g.n ? 'paired_proportion (clusters)' : 'paired_proportion (repeats)';
    case 'new_failures':
      return g.method === 'zero-tolerance-exact' ? 'new_failures (zero)' : 'new_failures (mcnemar)';
    case 'quantile_ratio':
    case 'mean_ratio':
      return g.kind;
    case 'max_rate':
      return g.metric === 'infra_error' ? 'max_rate (infra errors)' : null;
    default:
      return null;
  }
}

/** The simulated row nearest to a gate's sample size (on a log scale) in its family, or null. */
export function ocRowFor(g: Pick<GateResult, 'kind' | 'metric' | 'method' | 'n' | 'details'>): OcRow | null {
  const family = ocFamilyOf(g);
  if (family === null || !(g.n > 0)) return null;
  let best: OcRow | null = null;
  for (const row of OC_TABLE) {
    if (row.family !== family) continue;
    if (best === null || Math.abs(Math.log(row.n / g.n)) < Math.abs(Math.log(best.n / g.n))) best = row;
  }
  return best;
}

/** All simulated rows, in scenario order. */
export function ocTable(): readonly OcRow[] {
  return OC_TABLE;
}
