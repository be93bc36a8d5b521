/** Simulates every scenario and turns the tallies into table rows (for the docs, the bench and the report). */

import { ocScenarios } from './scenarios.js';
import type { OcScenario } from './scenarios.js';
import { ocContext, simulateScenario } from './simulate.js';
import type { OcRow } from './table.js';

/** How many simulated runs per scenario and setting. */
export interface OcBudget {
  /** Replicates for the gates decided by exact or score intervals. */
  exact: number;
  /** Replicates for the bootstrap gates (each run is itself a bootstrap). */
  bootstrap: number;
  /** Bootstrap resamples inside each simulated run. */
  bootstrapReplicates: number;
}

/** True for the gate kinds decided by a bootstrap (slow to simulate). */
export function isBootstrapGate(s: OcScenario): boolean {
  return s.gate.kind === 'quantile_ratio' || s.gate.kind === 'mean_ratio';
}

/** Simulates one scenario in both settings and summarises it as a row; `seed` makes it reproducible. */
export function ocRowOf(scenario: OcScenario, budget: OcBudget, seed: number): OcRow {
  const reps = isBootstrapGate(scenario) ? budget.bootstrap : budget.exact;
  const ctx = ocContext(budget.bootstrapReplicates);
  const margin = simulateScenario(scenario, 'margin', reps, ctx, seed);
  const equal = simulateScenario(scenario, 'equal', reps, ctx, seed + 1);
  const coverage = (covered: number, total: number): number | null => (total > 0 ? covered / total : null);
  return {
    scenario: scenario.id,
    family: scenario.family,
    description: scenario.description,
    n: scenario.n,
    replicates: reps,
    passAtMargin: margin.pass / reps,
    failIfEqual: equal.fail / reps,
    passIfEqual: equal.pass / reps,
    coverageAtMargin: coverage(margin.covered, margin.withInterval),
    coverageIfEqual: coverage(equal.covered, equal.withInterval),
  };
}

/** Every scenario's row, in order; `onRow` reports progress. */
export function computeOcTable(budget: OcBudget, onRow?: (row: OcRow, index: number, total: number) => void): OcRow[] {
  const scenarios = ocScenarios();
  return scenarios.map((s, i) => {
    const row = ocRowOf(s, budget, 7919 * (i + 1));
    onRow?.(row, i, scenarios.length);
    return row;
  });
}
