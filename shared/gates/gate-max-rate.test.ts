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
  it('PASSes when the Wilson upper bound is below the ceiling, counting both arms', () => {
    const r = run(infraCases(1000, 1, 1), infra);
    expect(r.verdict).toBe('PASS');
    expect(r.name).toBe('Infra error rate');
    expect([r.unit, r.threshold, r.method, r.n]).toEqual(['rate', 0.01, 'wilson', 2000]);
    expect(r.estimate).toBeCloseTo(2 / 2000, 15);
    expect(r.upper).toBeCloseTo(wilsonInterval(2, 2000, 0.9).upper, 15);
    expect(r.baseline).toBeCloseTo(0.001, 15);
    expect(r.candidate).toBeCloseTo(0.001, 15);
    expect(r.reason).toMatch(/^upper bound 0\.\d\d% < allowed 1\.00%$/);
  });

  it('FAILs when the lower bound is above the ceiling', () => {
    const r = run(infraCases(50, 0, 10), infra);
    expect(r.verdict).toBe('FAIL');
    expect(r.estimate).toBeCloseTo(0.1, 15);
    expect(r.lower as number).toBeGreaterThan(0.01);
  });

  it('is INCONCLUSIVE with too few calls, and says how many cases would decide it', () => {
    const r = run(infraCases(20, 0, 0), infra);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.upper as number).toBeGreaterThan(0.01);
    // Zero events: Wilson upper z²/(n + z²) < 0.01 needs n > 1.6449² · 99 = 267.9 calls → 268 calls = 134 cases.
    expect(r.samples_needed).toBe(134);
  });

  it('counts arms present, including cases with one arm missing', () => {
    const cases = [...infraCases(100, 0, 0), { caseId: 'solo', baseline: null, candidate: arm(true) }];
    const r = run(cases, infra);
    expect(r.n).toBe(201);
    expect(r.details).toMatchObject({ events: 1, calls: 201, scope: 'both arms' });
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

  it('applies the critical and point rules', () => {
    const cases = infraCases(100, 1, 1); // 2/200 = 1%: above a 0.5% ceiling without confidence
    const plain = run(cases, { ...infra, max_rate: 0.005 });
    expect(plain.verdict).toBe('INCONCLUSIVE');
    expect(run(cases, { ...infra, max_rate: 0.005, critical: true }).verdict).toBe('FAIL');
    expect(run(cases, { ...infra, max_rate: 0.02 }, { decision: 'point' }).verdict).toBe('PASS');
  });
});
