/**
 * The gates' operating characteristics, proven by seeded simulation on every scenario of
 * shared/gates/operating-characteristics (a larger run is `npm run bench -- operating-characteristics`).
 * For each scenario and the default policy (one-sided 95 %):
 * - P(PASS) when the true regression equals the allowance ≤ α (a false promotion);
 * - P(FAIL) when the candidate equals the baseline ≤ α (a false alarm);
 * - coverage of the two-sided 90 % interval ≥ 88.5 % (nominal minus 1.5 points).
 * Monte-Carlo tolerance: a count is accepted unless an exact one-sided binomial test at 0.001 says the
 * true rate exceeds the bound (monteCarloCeiling); the seeds are fixed, so the outcome is deterministic.
 */
import { describe, it, expect } from 'vitest';
import { isBootstrapGate } from '../shared/gates/operating-characteristics/compute-table.js';
import { ocScenarios } from '../shared/gates/operating-characteristics/scenarios.js';
import type { OcScenario } from '../shared/gates/operating-characteristics/scenarios.js';
import { monteCarloCeiling, ocContext, simulateScenario } from '../shared/gates/operating-characteristics/simulate.js';

const ALPHA = 0.05;
const MIN_COVERAGE = 0.885;
/** Replicates per scenario and setting; bootstrap gates are slower, so they get fewer (and fewer resamples). */
const REPLICATES = { exact: 2000, bootstrap: 300 };
const BOOTSTRAP_RESAMPLES = 500;

/** Which scenarios CI runs: all but the largest bootstrap and rate ones, which only the bench runs. */
function ciScenario(s: OcScenario): boolean {
  return isBootstrapGate(s) ? s.n <= 400 : s.n <= 1000;
}

/** Registers the simulation tests of the scenarios `pick` selects (one test file per half, so they run in parallel). */
export function describeOperatingCharacteristics(title: string, pick: (s: OcScenario) => boolean): void {
  describe(title, () => {
    for (const [index, scenario] of ocScenarios().entries()) {
      if (!ciScenario(scenario) || !pick(scenario)) continue;
      const reps = isBootstrapGate(scenario) ? REPLICATES.bootstrap : REPLICATES.exact;
      const ctx = ocContext(BOOTSTRAP_RESAMPLES);
      it(`${scenario.id}: PASS at the margin ≤ α, FAIL when equal ≤ α, coverage ≥ nominal − 1.5 pts`, () => {
        const margin = simulateScenario(scenario, 'margin', reps, ctx, 1000 + index);
        const equal = simulateScenario(scenario, 'equal', reps, ctx, 2000 + index);
        expect(margin.pass, `P(PASS | margin) = ${margin.pass}/${reps}`).toBeLessThanOrEqual(monteCarloCeiling(ALPHA, reps));
        expect(equal.fail, `P(FAIL | equal) = ${equal.fail}/${reps}`).toBeLessThanOrEqual(monteCarloCeiling(ALPHA, reps));
        for (const t of [margin, equal]) {
          if (t.withInterval === 0) continue;
          const misses = t.withInterval - t.covered;
          expect(misses, `${t.setting}: coverage ${t.covered}/${t.withInterval}`).toBeLessThanOrEqual(monteCarloCeiling(1 - MIN_COVERAGE, t.withInterval));
        }
      }, 120_000);
    }
  });
}
