import { describe, it, expect } from 'vitest';
import { gatePolicySchema, gateEvaluationSchema } from '../domain/index.js';
import type { GateResult } from '../domain/index.js';
import { wilsonInterval } from '../stats/index.js';
import type { ArmOutcome, CaseOutcome } from './case-outcome.js';
import { evaluatePolicy } from './evaluate-policy.js';

function arm(infraError: boolean, over: Partial<ArmOutcome> = {}): ArmOutcome {
  return {
    infraError,
    taskSuccess: infraError ? null : 1,
    highSeverityFailure: infraError ? null : 0,
    citationValid: null,
    abstentionOk: null,
    overRefusal: null,
    latencyMs: infraError ? null : 100,
    costUsd: infraError ? null : 0.01,
    ...over,
  };
}

/** n cases with both arms; baseErrors and candErrors infra errors in each arm. */
function infraCases(n: number, baseErrors: number, candErrors: number): CaseOutcome[] {
  return Array.from({ length: n }, (_, i) => ({ caseId: `i${i}`, baseline: arm(i < baseErrors), candidate: arm(i >= n - candErrors) }));
}

function run(cases: CaseOutcome[], gate: Record<string, unknown>, policy: Record<string, unknown> = {}): GateResult {
  const parsed = gatePolicySchema.parse({ name: 'p', gates: [gate], ...policy });
  const evaluation = evaluatePolicy(parsed, cases, 'sha256:test');
  gateEvaluationSchema.parse(evaluation);
  return evaluation.gates[0] as GateResult;
}

const infra = { kind: 'max_rate', metric: 'infra_error', max_rate: 0.01 };

describe('max_rate', () => {
  it('PASSes when the Wilson upper bound on the share of cases with an infra error is below the ceiling', () => {
    const r = run(infraCases(1000, 1, 1), infra);
    expect(r.verdict).toBe('PASS');
    expect(r.name).toBe('Infra error rate');
    expect([r.unit, r.threshold, r.method, r.n]).toEqual(['rate', 0.01, 'wilson', 1000]);
    expect(r.estimate).toBeCloseTo(2 / 1000, 15);
    expect(r.upper).toBeCloseTo(wilsonInterval(2, 1000, 0.9).upper, 15);
    expect(r.baseline).toBeCloseTo(0.001, 15);
    expect(r.candidate).toBeCloseTo(0.001, 15);
    expect(r.reason).toMatch(/^upper bound 0\.\d\d% < allowed 1\.00%$/);
  });

  it('FAILs when the lower bound is above the ceiling', () => {
    const r = run(infraCases(50, 0, 10), infra);
    expect(r.verdict).toBe('FAIL');
    expect(r.estimate).toBeCloseTo(0.2, 15);
    expect(r.lower as number).toBeGreaterThan(0.01);
  });

  it('is INCONCLUSIVE with too few cases, and plans the cases that would decide it from the ceiling', () => {
    const r = run(infraCases(20, 0, 0), infra);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.upper as number).toBeGreaterThan(0.01);
    // Assuming a true rate of half the ceiling: (1.645 + 0.8416)² · 0.005 · 0.995 / 0.005² = 1230.3.
    expect(r.samples_needed).toBe(1231);
    expect(r.details.samples_needed_assumes).toBe('a true rate of half the ceiling (0.50%), design effect 1.00');
  });

  it('counts each case once, including cases with one arm missing', () => {
    const cases = [...infraCases(100, 0, 0), { caseId: 'solo', baseline: null, candidate: arm(true) }];
    const r = run(cases, infra);
    expect(r.n).toBe(101);
    expect(r.details).toMatchObject({ events: 1, cases: 101, baseline_calls: 100, candidate_calls: 101, scope: 'cases with an infra error in either arm' });
  });

  it('uses the sessions as units when cases share one', () => {
    // 40 sessions of 10 cases; every case of 2 sessions failed: 20 of 400 cases, but 2 events of 40 sessions.
    const cases = infraCases(400, 0, 0).map((c, i) => ({ ...c, cluster: `s${Math.floor(i / 10)}`, candidate: arm(i < 20) }));
    const r = run(cases, { ...infra, max_rate: 0.2 });
    expect(r.method).toBe('wilson-design-effect');
    expect(r.details.design_effect as number).toBeGreaterThan(5);
    expect(r.details.df).toBe(1);
    expect(r.verdict).toBe('INCONCLUSIVE');
  });

  it('applies to the candidate arm for a quality metric', () => {
    const cases = infraCases(400, 0, 0).map((c, i) => ({ ...c, candidate: arm(false, { highSeverityFailure: i < 20 ? 1 : 0 }) }));
    const r = run(cases, { kind: 'max_rate', metric: 'high_severity_failures', max_rate: 0.02 });
    expect(r.details.scope).toBe('candidate arm');
    expect(r.estimate).toBeCloseTo(0.05, 15);
    expect(r.verdict).toBe('FAIL');
  });

  it('is INCONCLUSIVE with no data', () => {
    const r = run([], infra);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.reason).toBe('no data');
    expect(r.estimate).toBeNull();
  });

  it('decides a critical gate by the same rule, and labels the point rule', () => {
    const cases = infraCases(100, 1, 1); // 2/100 cases: above a 1.5 % ceiling, without confidence
    const plain = run(cases, { ...infra, max_rate: 0.015 });
    expect(plain.verdict).toBe('INCONCLUSIVE');
    expect(run(cases, { ...infra, max_rate: 0.015, critical: true }).verdict).toBe('INCONCLUSIVE');
    const point = run(cases, { ...infra, max_rate: 0.03 }, { decision: 'point' });
    expect(point.verdict).toBe('PASS');
    expect(point.details.point_rule_p_pass_at_margin).toBe(0.5);
  });
});
