/** Runs a scenario many times through the shipped gate evaluation and counts what it decided. */

import { binomialSf } from '../../stats/binomial.js';
import { createRng } from '../../stats/bootstrap.js';
import { evaluateGate } from '../evaluate-policy.js';
import type { GateContext } from '../gate-common.js';
import type { OcScenario, OcSetting } from './scenarios.js';

/** What one scenario's gate decided over many simulated runs in one setting. */
export interface OcTally {
  scenario: string;
  setting: OcSetting;
  replicates: number;
  pass: number;
  fail: number;
  inconclusive: number;
  /** Runs whose two-sided interval contained the true value (runs without an interval are not counted). */
  covered: number;
  /** Runs that had an interval at all. */
  withInterval: number;
}

/** The context of the default policy (one-sided 95 %), with the bootstrap replicates given. */
export function ocContext(bootstrapReplicates: number, seed = 20260402): GateContext {
  return { confidence: 0.95, twoSidedLevel: 0.9, alpha: 0.05, power: 0.8, decision: 'interval', bootstrap: { replicates: bootstrapReplicates, seed } };
}

/** Simulates `replicates` runs of a scenario in one setting; deterministic for a seed. */
export function simulateScenario(scenario: OcScenario, setting: OcSetting, replicates: number, ctx: GateContext, seed: number): OcTally {
  const rng = createRng(seed);
  const truth = scenario.truth[setting];
  const tally: OcTally = { scenario: scenario.id, setting, replicates, pass: 0, fail: 0, inconclusive: 0, covered: 0, withInterval: 0 };
  for (let r = 0; r < replicates; r++) {
    const cases = scenario.generate(rng, setting);
    // Each run's bootstrap gets its own seed, as independent runs would.
    const runCtx = { ...ctx, bootstrap: { ...ctx.bootstrap, seed: ctx.bootstrap.seed + r } };
    const result = evaluateGate(scenario.gate, cases, runCtx);
    if (result.verdict === 'PASS') tally.pass++;
    else if (result.verdict === 'FAIL') tally.fail++;
    else tally.inconclusive++;
    if (result.lower !== null && result.upper !== null) {
      tally.withInterval++;
      if (result.lower <= truth + 1e-12 && truth - 1e-12 <= result.upper) tally.covered++;
    }
  }
  return tally;
}

/**
 * The largest count of `replicates` Bernoulli(rate) trials that is still consistent with that rate at the
 * one-sided level `level` (exact binomial): the Monte-Carlo tolerance of a simulated error rate.
 */
export function monteCarloCeiling(rate: number, replicates: number, level = 0.001): number {
  let k = Math.floor(rate * replicates);
  while (k < replicates && binomialSf(k, replicates, rate) > level) k++;
  return k;
}
