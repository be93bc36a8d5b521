/**
 * The scenarios behind the gates' operating characteristics: data generators whose true regression is
 * known exactly, placed at the gate's allowance ("margin": a PASS there is a false promotion) and at no
 * regression ("equal": a FAIL there is a false alarm). Each family stresses what real runs do: rare
 * discordance, cases clustered by session with strongly correlated outcomes, averaged repeats,
 * heavy-tailed latencies and costs, infra outages that hit both arms of a case.
 */

import { gateSpecSchema } from '../../domain/policy.js';
import type { GateSpec } from '../../domain/policy.js';
import type { Rng } from '../../stats/bootstrap.js';
import type { ArmOutcome, CaseOutcome } from '../case-outcome.js';
import { bernoulli, standardNormal, uniformInt } from './random.js';

export type OcSetting = 'margin' | 'equal';

/** One simulated situation of one gate kind. */
export interface OcScenario {
  /** Stable id, e.g. `paired-clusters/G=8`. */
  id: string;
  /** Gate family, the first column of the docs' table. */
  family: string;
  /** What the data look like, for the docs' table. */
  description: string;
  gate: GateSpec;
  /** Cases per run (the expected number when cluster sizes vary). */
  n: number;
  /** The true value of the gate's estimand in each setting, in the gate's unit. */
  truth: Record<OcSetting, number>;
  /** One simulated run. */
  generate(rng: Rng, setting: OcSetting): CaseOutcome[];
}

/** An arm that passed everything, with `over` changed: the building block of the simulated runs (and of tests). */
export function armOutcome(over: Partial<ArmOutcome> = {}): ArmOutcome {
  return {
    infraError: false,
    taskSuccess: 1,
    highSeverityFailure: 0,
    citationValid: null,
    abstentionOk: null,
    overRefusal: null,
    latencyMs: 100,
    costUsd: 0.001,
    ...over,
  };
}

function spec(raw: Record<string, unknown>): GateSpec {
  return gateSpecSchema.parse(raw);
}

/** Per-case outcome kinds of a paired pass/fail metric, as probabilities. */
interface Discordance {
  /** Baseline passed, candidate failed. */
  newFail: number;
  /** Baseline failed, candidate passed. */
  fixed: number;
  bothFail: number;
}

/** A case's task success in both arms drawn from the discordance probabilities. */
function pairedCase(rng: Rng, id: string, p: Discordance, cluster?: string): CaseOutcome {
  const u = rng.next();
  let base = 1;
  let cand = 1;
  if (u < p.newFail) cand = 0;
  else if (u < p.newFail + p.fixed) base = 0;
  else if (u < p.newFail + p.fixed + p.bothFail) {
    base = 0;
    cand = 0;
  }
  const c: CaseOutcome = {
    caseId: id,
    baseline: armOutcome({ taskSuccess: base, highSeverityFailure: 1 - base }),
    candidate: armOutcome({ taskSuccess: cand, highSeverityFailure: 1 - cand }),
  };
  if (cluster !== undefined) c.cluster = cluster;
  return c;
}

/** Independent cases: the textbook paired proportion. */
function pairedScenario(n: number, marginPoints: number, margin: Discordance, equal: Discordance): OcScenario {
  return {
    id: `paired/n=${n}`,
    family: 'paired_proportion',
    description: `${n} independent cases, ${pct(margin.newFail + margin.fixed)} discordant at the margin`,
    gate: spec({ kind: 'paired_proportion', metric: 'task_success', max_regression_points: marginPoints }),
    n,
    truth: { margin: 100 * (margin.newFail - margin.fixed), equal: 100 * (equal.newFail - equal.fixed) },
    generate: (rng, setting) => {
      const p = setting === 'margin' ? margin : equal;
      return Array.from({ length: n }, (_, i) => pairedCase(rng, `c${i}`, p));
    },
  };
}

/**
 * Sessions of 1–5 cases whose discordance is concentrated in some sessions: each session's new-failure
 * (fixed) rate is 0 or rate/AFFECTED, with P(affected) = AFFECTED, so the outcomes within a session are
 * strongly correlated while the per-case rates, and the true Δ, stay exactly the stated ones.
 */
const AFFECTED = 0.3;
function clusteredScenario(sessions: number, marginPoints: number, margin: Discordance, equal: Discordance): OcScenario {
  return {
    id: `paired-clusters/G=${sessions}`,
    family: 'paired_proportion (clusters)',
    description: `${sessions} sessions of 1–5 cases, discordance concentrated in 30 % of sessions`,
    gate: spec({ kind: 'paired_proportion', metric: 'task_success', max_regression_points: marginPoints }),
    n: sessions * 3,
    truth: { margin: 100 * (margin.newFail - margin.fixed), equal: 100 * (equal.newFail - equal.fixed) },
    generate: (rng, setting) => {
      const p = setting === 'margin' ? margin : equal;
      const out: CaseOutcome[] = [];
      for (let g = 0; g < sessions; g++) {
        const session: Discordance = {
          newFail: bernoulli(rng, AFFECTED) ? p.newFail / AFFECTED : 0,
          fixed: bernoulli(rng, AFFECTED) ? p.fixed / AFFECTED : 0,
          bothFail: p.bothFail,
        };
        const size = uniformInt(rng, 1, 5);
        for (let j = 0; j < size; j++) out.push(pairedCase(rng, `s${g}-${j}`, session, `s${g}`));
      }
      return out;
    },
  };
}

/**
 * k attempts per case, averaged: most cases are easy in both arms, some hard in both, and a share gets
 * harder (fail probability 0.1 → 0.7) or easier (0.7 → 0.1) with the candidate. Δ = 0.6·(harder − easier).
 */
function repeatsScenario(n: number, k: number, marginPoints: number, harderEasierMargin: [number, number], harderEasierEqual: [number, number]): OcScenario {
  const delta = ([h, e]: [number, number]): number => 100 * 0.6 * (h - e);
  return {
    id: `paired-repeats/n=${n}`,
    family: 'paired_proportion (repeats)',
    description: `${n} cases × ${k} attempts averaged per case`,
    gate: spec({ kind: 'paired_proportion', metric: 'task_success', max_regression_points: marginPoints }),
    n,
    truth: { margin: delta(harderEasierMargin), equal: delta(harderEasierEqual) },
    generate: (rng, setting) => {
      const [harder, easier] = setting === 'margin' ? harderEasierMargin : harderEasierEqual;
      const out: CaseOutcome[] = [];
      for (let i = 0; i < n; i++) {
        const u = rng.next();
        const [fb, fc] = u < harder ? [0.1, 0.7] : u < harder + easier ? [0.7, 0.1] : u < harder + easier + 0.1 ? [0.6, 0.6] : [0.05, 0.05];
        const success = (failP: number): number => {
          let passes = 0;
          for (let a = 0; a < k; a++) if (!bernoulli(rng, failP)) passes++;
          return passes / k;
        };
        out.push({ caseId: `c${i}`, baseline: armOutcome({ taskSuccess: success(fb) }), candidate: armOutcome({ taskSuccess: success(fc) }) });
      }
      return out;
    },
  };
}

/** Rare severe failures, zero tolerance: the margin is a new-failure rate equal to the allowance. */
function zeroToleranceScenario(n: number, allowance: number): OcScenario {
  const base = { fixed: 0.002, bothFail: 0.005 };
  return {
    id: `new-failures-zero/n=${n}`,
    family: 'new_failures (zero)',
    description: `${n} cases; new-failure rate ${pct(allowance)} at the margin, none when equal`,
    gate: spec({ kind: 'new_failures', metric: 'high_severity_failures', tolerance: 'zero', max_new_failure_rate: allowance }),
    n,
    truth: { margin: allowance, equal: 0 },
    generate: (rng, setting) => {
      const p: Discordance = { newFail: setting === 'margin' ? allowance : 0, ...base };
      return Array.from({ length: n }, (_, i) => pairedCase(rng, `c${i}`, p));
    },
  };
}

/** Rare severe failures, McNemar mode: non-inferiority of the net change with a margin in points. */
function mcnemarScenario(n: number, marginPoints: number, margin: Discordance, equal: Discordance): OcScenario {
  return {
    id: `new-failures-mcnemar/n=${n}`,
    family: 'new_failures (mcnemar)',
    description: `${n} cases, ${pct(margin.newFail + margin.fixed)} discordant at the margin`,
    gate: spec({ kind: 'new_failures', metric: 'high_severity_failures', tolerance: 'mcnemar', margin_points: marginPoints }),
    n,
    truth: { margin: 100 * (margin.newFail - margin.fixed), equal: 100 * (equal.newFail - equal.fixed) },
    generate: (rng, setting) => {
      const p = setting === 'margin' ? margin : equal;
      return Array.from({ length: n }, (_, i) => pairedCase(rng, `c${i}`, p));
    },
  };
}

/**
 * Log-normal latencies (or costs) sharing a per-case difficulty: log x = μ + σ_case·Z + σ_noise·E, the
 * candidate scaled by `ratio`. Both arms have the same shape, so every quantile and the mean move by exactly
 * `ratio`: the true ratio is known.
 */
function logNormalPairs(rng: Rng, n: number, ratio: number, median: number, sigmaCase: number, sigmaNoise: number, metric: 'latencyMs' | 'costUsd'): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  for (let i = 0; i < n; i++) {
    const shared = Math.log(median) + sigmaCase * standardNormal(rng);
    const b = Math.exp(shared + sigmaNoise * standardNormal(rng));
    const c = ratio * Math.exp(shared + sigmaNoise * standardNormal(rng));
    out.push({ caseId: `c${i}`, baseline: armOutcome({ [metric]: b }), candidate: armOutcome({ [metric]: c }) });
  }
  return out;
}

function quantileScenario(n: number, quantile: number, maxIncrease: number): OcScenario {
  return {
    id: `quantile-ratio/P${Math.round(quantile * 100)}/n=${n}`,
    family: 'quantile_ratio',
    description: `${n} cases, log-normal latency (σ = 0.58), arms correlated`,
    gate: spec({ kind: 'quantile_ratio', metric: 'latency_ms', quantile, max_relative_increase: maxIncrease }),
    n,
    truth: { margin: 1 + maxIncrease, equal: 1 },
    generate: (rng, setting) => logNormalPairs(rng, n, setting === 'margin' ? 1 + maxIncrease : 1, 800, 0.5, 0.3, 'latencyMs'),
  };
}

function meanScenario(n: number, maxIncrease: number): OcScenario {
  return {
    id: `mean-ratio/n=${n}`,
    family: 'mean_ratio',
    description: `${n} cases, heavy-tailed log-normal cost (σ = 1.04), arms correlated`,
    gate: spec({ kind: 'mean_ratio', metric: 'cost_usd', max_relative_increase: maxIncrease }),
    n,
    truth: { margin: 1 + maxIncrease, equal: 1 },
    generate: (rng, setting) => logNormalPairs(rng, n, setting === 'margin' ? 1 + maxIncrease : 1, 0.002, 0.9, 0.5, 'costUsd'),
  };
}

/**
 * Infra errors in exactly `ceiling` of the cases, half of them outages that hit both arms of a case and half
 * one arm only. "equal" is the ceiling too: there a FAIL is as false as a PASS.
 */
function maxRateScenario(n: number, ceiling: number): OcScenario {
  const outage = ceiling / 2;
  // One arm alone fails with probability s each, so that P(either | no outage) = ceiling/2 / (1 − outage).
  const single = 1 - Math.sqrt(1 - ceiling / 2 / (1 - outage));
  return {
    id: `max-rate/n=${n}`,
    family: 'max_rate (infra errors)',
    description: `${n} cases, ${pct(ceiling)} with an infra error (half outages of both arms); "equal" is on the ceiling too`,
    gate: spec({ kind: 'max_rate', metric: 'infra_error', max_rate: ceiling }),
    n,
    truth: { margin: ceiling, equal: ceiling },
    generate: (rng) =>
      Array.from({ length: n }, (_, i) => {
        const both = bernoulli(rng, outage);
        return {
          caseId: `c${i}`,
          baseline: armOutcome({ infraError: both || bernoulli(rng, single) }),
          candidate: armOutcome({ infraError: both || bernoulli(rng, single) }),
        };
      }),
  };
}

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(3))} %`;
}

/** Every scenario, small enough for CI; the bench runs the same ones with more replicates. */
export function ocScenarios(): OcScenario[] {
  return [
    pairedScenario(60, 10, { newFail: 0.12, fixed: 0.02, bothFail: 0.08 }, { newFail: 0.05, fixed: 0.05, bothFail: 0.08 }),
    pairedScenario(400, 3, { newFail: 0.045, fixed: 0.015, bothFail: 0.08 }, { newFail: 0.02, fixed: 0.02, bothFail: 0.08 }),
    pairedScenario(1000, 1, { newFail: 0.012, fixed: 0.002, bothFail: 0.08 }, { newFail: 0.003, fixed: 0.003, bothFail: 0.08 }),
    clusteredScenario(8, 20, { newFail: 0.24, fixed: 0.04, bothFail: 0.08 }, { newFail: 0.08, fixed: 0.08, bothFail: 0.08 }),
    clusteredScenario(20, 12, { newFail: 0.15, fixed: 0.03, bothFail: 0.08 }, { newFail: 0.06, fixed: 0.06, bothFail: 0.08 }),
    clusteredScenario(60, 6, { newFail: 0.075, fixed: 0.015, bothFail: 0.08 }, { newFail: 0.03, fixed: 0.03, bothFail: 0.08 }),
    clusteredScenario(300, 2, { newFail: 0.025, fixed: 0.005, bothFail: 0.08 }, { newFail: 0.01, fixed: 0.01, bothFail: 0.08 }),
    repeatsScenario(2, 3, 30, [0.55, 0.05], [0.1, 0.1]),
    repeatsScenario(10, 3, 30, [0.55, 0.05], [0.1, 0.1]),
    repeatsScenario(50, 3, 12, [0.25, 0.05], [0.1, 0.1]),
    repeatsScenario(200, 3, 5, [0.05 + 5 / 60, 0.05], [0.1, 0.1]),
    zeroToleranceScenario(300, 0.01),
    zeroToleranceScenario(1000, 0.005),
    mcnemarScenario(1000, 0.5, { newFail: 0.008, fixed: 0.003, bothFail: 0.005 }, { newFail: 0.003, fixed: 0.003, bothFail: 0.005 }),
    quantileScenario(40, 0.95, 0.1),
    quantileScenario(100, 0.95, 0.1),
    quantileScenario(200, 0.95, 0.1),
    quantileScenario(400, 0.95, 0.1),
    meanScenario(50, 0.08),
    meanScenario(200, 0.08),
    meanScenario(1000, 0.08),
    maxRateScenario(200, 0.02),
    maxRateScenario(1000, 0.02),
    maxRateScenario(5000, 0.02),
  ];
}
