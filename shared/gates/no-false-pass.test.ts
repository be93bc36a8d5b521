/**
 * Paths that used to PASS (or FAIL) on evidence that cannot support it, each reproduced on hand-built
 * outcomes (issue 13, defects 1–7). Every test here failed before the gates were fixed.
 */
import { describe, it, expect } from 'vitest';
import { gatePolicySchema, gateEvaluationSchema } from '../domain/index.js';
import type { GateResult } from '../domain/index.js';
import { newcombePairedIntervalAtCritical } from '../stats/paired-binary.js';
import { studentTQuantile } from '../stats/student-t.js';
import { wilsonInterval } from '../stats/proportions.js';
import type { CaseOutcome } from './case-outcome.js';
import { armOutcome } from './operating-characteristics/scenarios.js';
import { evaluatePolicy } from './evaluate-policy.js';

const arm = armOutcome;

function run(cases: CaseOutcome[], gate: Record<string, unknown>, policy: Record<string, unknown> = {}): GateResult {
  const parsed = gatePolicySchema.parse({ name: 'p', gates: [gate], ...policy });
  const evaluation = evaluatePolicy(parsed, cases, 'sha256:test');
  gateEvaluationSchema.parse(evaluation);
  return evaluation.gates[0] as GateResult;
}

const taskGate = { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1 };

/** Cases that pass in both arms, in sessions of the given sizes (size 1 = a lone case without a session). */
function allPassIn(sessionSizes: number[]): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  sessionSizes.forEach((size, s) => {
    for (let j = 0; j < size; j++) {
      const c: CaseOutcome = { caseId: `s${s}-${j}`, baseline: arm(), candidate: arm() };
      if (size > 1) c.cluster = `session-${s}`;
      out.push(c);
    }
  });
  return out;
}

describe('1. no PASS from a zero-width interval', () => {
  it('4 cases in 2 sessions, all passing in both arms, are as inconclusive as without sessions', () => {
    const clustered = run(allPassIn([2, 2]), taskGate);
    const plain = run(allPassIn([1, 1, 1, 1]), taskGate);
    expect(plain.verdict).toBe('INCONCLUSIVE');
    expect(clustered.verdict).toBe('INCONCLUSIVE');
    expect((clustered.upper as number) - (clustered.lower as number)).toBeGreaterThan(40);
    expect(clustered.upper as number).toBeGreaterThanOrEqual(plain.upper as number);
  });
  it('3 cases (a session of two and a lone case) do not PASS', () => {
    const r = run(allPassIn([2, 1]), taskGate);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.upper as number).toBeGreaterThan(10);
  });
  it('30 cases in 15 sessions do not PASS a 1-point margin', () => {
    const r = run(allPassIn(Array.from({ length: 15 }, () => 2)), taskGate);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.upper as number).toBeGreaterThan(1);
    expect(r.samples_needed as number).toBeGreaterThan(30);
  });
  it('2 cases × 3 repeats, 2/3 passing in both arms, do not PASS', () => {
    const cases = [0, 1].map((i) => ({ caseId: `r${i}`, baseline: arm({ taskSuccess: 2 / 3 }), candidate: arm({ taskSuccess: 2 / 3 }) }));
    const r = run(cases, taskGate);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.upper as number).toBeGreaterThan(50);
  });
});

describe('3. averaged repeats use t on n − 1 degrees of freedom', () => {
  it('at n = 2 the critical value is t(1) = 6.31, not z = 1.645', () => {
    const cases = [
      { caseId: 'a', baseline: arm({ taskSuccess: 1 }), candidate: arm({ taskSuccess: 2 / 3 }) },
      { caseId: 'b', baseline: arm({ taskSuccess: 2 / 3 }), candidate: arm({ taskSuccess: 2 / 3 }) },
    ];
    const t = studentTQuantile(0.95, 1);
    expect(t).toBeCloseTo(6.3138, 4);
    // Failure shares: baseline 0 and 1/3, candidate 1/3 and 1/3: the fractional table a = 1/3, b = 1/3, c = 0, d = 4/3.
    const withT = newcombePairedIntervalAtCritical(1 / 3, 1 / 3, 0, 4 / 3, t);
    const withZ = newcombePairedIntervalAtCritical(1 / 3, 1 / 3, 0, 4 / 3, 1.6448536269514722);
    // An allowance between the two upper bounds: z would PASS it, t does not.
    const allowance = 50 * (withT.upper + withZ.upper);
    const r = run(cases, { ...taskGate, max_regression_points: allowance });
    expect(r.details.df).toBe(1);
    expect(r.upper as number).toBeCloseTo(100 * withT.upper, 9);
    expect(r.lower as number).toBeCloseTo(100 * withT.lower, 9);
    expect(100 * withZ.upper).toBeLessThan(allowance);
    expect(r.verdict).toBe('INCONCLUSIVE');
  });
});

describe('4. new_failures gates on a bound, not on a count', () => {
  const zero = { kind: 'new_failures', metric: 'high_severity_failures' };
  const severe = (n: number, newFail: number, fixed: number): CaseOutcome[] =>
    Array.from({ length: n }, (_, i) => ({
      caseId: `c${i}`,
      baseline: arm({ highSeverityFailure: i >= newFail && i < newFail + fixed ? 1 : 0 }),
      candidate: arm({ highSeverityFailure: i < newFail ? 1 : 0 }),
    }));
  it('zero tolerance does not PASS one clean case', () => {
    const r = run(severe(1, 0, 0), zero);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.upper).toBeCloseTo(0.95, 12); // exact one-sided 95 % bound at 0/1: 1 − 0.05
    // ln 0.05 / ln 0.99 = 298.07: 299 clean cases would put the bound under 1 %.
    expect(r.samples_needed).toBe(300);
  });
  it('zero tolerance PASSes once the exact bound is under the allowance', () => {
    const r = run(severe(300, 0, 2), zero);
    expect(r.verdict).toBe('PASS');
    expect(r.upper as number).toBeCloseTo(1 - 0.05 ** (1 / 300), 12);
  });
  it('McNemar mode does not PASS merely because new ≤ fixed', () => {
    const r = run(severe(20, 1, 2), { ...zero, tolerance: 'mcnemar' });
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.unit).toBe('points');
    expect(r.upper as number).toBeGreaterThan(0.5);
  });
  it('texts use the policy confidence, not a fixed 95 %', () => {
    const r = run(severe(1000, 0, 0), zero, { confidence: 0.99 });
    expect(r.reason).toContain('99%');
    expect(r.reason).not.toContain('95%');
    expect(r.upper as number).toBeCloseTo(1 - 0.01 ** (1 / 1000), 12);
  });
});

describe('5. critical means roll back on FAIL, not decide on a point estimate', () => {
  it('a critical gate whose interval straddles the allowance is INCONCLUSIVE even with the estimate beyond it', () => {
    // 200 cases, 5 new failures and 2 fixed: Δ̂ = +1.5 points against a 1-point allowance.
    const cases = Array.from({ length: 200 }, (_, i) => ({
      caseId: `c${i}`,
      baseline: arm({ taskSuccess: i >= 5 && i < 7 ? 0 : 1 }),
      candidate: arm({ taskSuccess: i < 5 ? 0 : 1 }),
    }));
    const r = run(cases, { ...taskGate, critical: true });
    expect(r.estimate).toBeCloseTo(1.5, 10);
    expect(r.lower as number).toBeLessThan(1);
    expect(r.verdict).toBe('INCONCLUSIVE');
  });
});

describe('6. quantile gates need observations above the quantile', () => {
  it('a P95 of two cases is not evidence', () => {
    const cases = [0, 1].map((i) => ({ caseId: `q${i}`, baseline: arm({ latencyMs: 100 + i }), candidate: arm({ latencyMs: 90 + i }) }));
    const r = run(cases, { kind: 'quantile_ratio', metric: 'latency_ms', quantile: 0.95, max_relative_increase: 0.1 });
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.samples_needed).toBe(200);
    expect(r.reason).toContain('at least 200 cases');
  });
});

describe('7. smaller ones', () => {
  it('infra errors are counted per case: an outage of both arms is one event of the case, not two trials', () => {
    // 1000 cases; 15 outages take both arms. Naively 30 errors in 2000 independent calls.
    const cases = Array.from({ length: 1000 }, (_, i) => ({ caseId: `c${i}`, baseline: arm({ infraError: i < 15 }), candidate: arm({ infraError: i < 15 }) }));
    const r = run(cases, { kind: 'max_rate', metric: 'infra_error', max_rate: 0.022 });
    expect(r.estimate).toBeCloseTo(0.015, 12);
    expect([r.n, r.details.units, r.details.events]).toEqual([1000, 1000, 15]);
    // The naive Wilson bound on 30 of 2000 independent calls is under the 2.2 % ceiling; per case it is not.
    expect(wilsonInterval(30, 2000, 0.9).upper).toBeLessThan(0.022);
    expect(r.upper as number).toBeCloseTo(wilsonInterval(15, 1000, 0.9).upper, 15);
    expect(r.upper as number).toBeGreaterThan(0.022);
    expect(r.verdict).toBe('INCONCLUSIVE');
  });
  it('a quality PASS that the infra-error cases could overturn is INCONCLUSIVE, and says how many were left out', () => {
    const cases = Array.from({ length: 2000 }, (_, i) => ({
      caseId: `c${i}`,
      baseline: arm(),
      candidate: i < 30 ? arm({ infraError: true, taskSuccess: null }) : arm(),
    }));
    const r = run(cases, taskGate);
    expect(r.details.excluded_infra_error).toBe(30);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.details.rule).toBe('infra-imputation');
    expect(r.reason).toContain('30 cases with infra errors');
    // Two such cases cannot overturn it.
    const few = run(cases.slice(28), taskGate);
    expect(few.details.excluded_infra_error).toBe(2);
    expect(few.verdict).toBe('PASS');
  });
  it('samples_needed is planned from the allowance, not from the observed estimate', () => {
    const withDiscordance = (newFail: number, fixed: number): CaseOutcome[] =>
      Array.from({ length: 100 }, (_, i) => ({
        caseId: `c${i}`,
        baseline: arm({ taskSuccess: i >= newFail && i < newFail + fixed ? 0 : 1 }),
        candidate: arm({ taskSuccess: i < newFail ? 0 : 1 }),
      }));
    // Same discordant share (4 %), opposite estimates (+2 and −2 points): the same plan.
    const worse = run(withDiscordance(3, 1), taskGate);
    const better = run(withDiscordance(1, 3), taskGate);
    expect(worse.verdict).toBe('INCONCLUSIVE');
    expect(better.verdict).toBe('INCONCLUSIVE');
    // (z.95 + z.80)² · 0.04 / 0.01² = 2473.0…
    expect(worse.samples_needed).toBe(2474);
    expect(better.samples_needed).toBe(2474);
    expect(String(worse.details.samples_needed_assumes)).toContain('Δ = 0');
  });
});

describe('no decision from a zero-width interval, whatever the gate', () => {
  it('a P95 ratio whose every resample is exactly 1 is INCONCLUSIVE, not PASS', () => {
    const cases = Array.from({ length: 400 }, (_, i) => ({ caseId: `c${i}`, baseline: arm({ latencyMs: 250 }), candidate: arm({ latencyMs: 250 }) }));
    const r = run(cases, { kind: 'quantile_ratio', metric: 'latency_ms', quantile: 0.95, max_relative_increase: 0.1 });
    expect([r.lower, r.upper]).toEqual([1, 1]);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.details.rule).toBe('degenerate-interval');
  });
});
