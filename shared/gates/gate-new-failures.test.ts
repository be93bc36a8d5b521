import { describe, it, expect } from 'vitest';
import { gatePolicySchema, gateEvaluationSchema } from '../domain/index.js';
import type { GateResult } from '../domain/index.js';
import { mcnemarExact } from '../stats/index.js';
import type { ArmOutcome, CaseOutcome } from './case-outcome.js';
import { evaluatePolicy } from './evaluate-policy.js';

function arm(highSeverityFailure: number | null, over: Partial<ArmOutcome> = {}): ArmOutcome {
  return {
    infraError: false,
    taskSuccess: 1,
    highSeverityFailure,
    citationValid: null,
    abstentionOk: null,
    overRefusal: null,
    latencyMs: 100,
    costUsd: 0.01,
    ...over,
  };
}

/** n paired cases, b new high-severity failures, c fixed ones, the rest clean in both arms. */
function severeCases(n: number, b: number, c: number): CaseOutcome[] {
  return Array.from({ length: n }, (_, i) => ({
    caseId: `s${i}`,
    baseline: arm(i >= b && i < b + c ? 1 : 0),
    candidate: arm(i < b ? 1 : 0),
  }));
}

function run(cases: CaseOutcome[], gate: Record<string, unknown>, policy: Record<string, unknown> = {}): GateResult {
  const parsed = gatePolicySchema.parse({ name: 'p', gates: [gate], ...policy });
  const evaluation = evaluatePolicy(parsed, cases, 'sha256:test');
  gateEvaluationSchema.parse(evaluation);
  return evaluation.gates[0] as GateResult;
}

const zero = { kind: 'new_failures', metric: 'high_severity_failures' };
const mcnemar = { ...zero, tolerance: 'mcnemar' };

describe('new_failures, zero tolerance', () => {
  it('PASSes with no new failure, reporting the rule-of-three bound', () => {
    const r = run(severeCases(300, 0, 2), zero);
    expect(r.verdict).toBe('PASS');
    expect(r.name).toBe('High-severity policy failures');
    expect([r.estimate, r.threshold, r.unit, r.n, r.method]).toEqual([0, 0, 'count', 300, 'zero-tolerance']);
    expect(r.details).toMatchObject({ b: 0, c: 2, rule_of_three_upper: 0.01, new_failure_rate: 0 });
    expect(r.baseline).toBeCloseTo(298 / 300, 12);
    expect(r.candidate).toBe(1);
    expect(r.reason).toContain('1.00%');
  });

  it('FAILs on a single new failure, even when more were fixed', () => {
    const r = run(severeCases(300, 1, 5), zero);
    expect(r.verdict).toBe('FAIL');
    expect(r.estimate).toBe(1);
    expect(r.details).toMatchObject({ b: 1, c: 5, rule_of_three_upper: null });
    expect(r.reason).toBe('1 new failure (baseline passed, candidate failed) in 300 paired cases; zero tolerance');
  });

  it('counts a case as failed when any repeat failed', () => {
    const cases = severeCases(50, 0, 0);
    cases[3] = { caseId: 'rep', baseline: arm(0), candidate: arm(1 / 3) };
    expect(run(cases, zero).verdict).toBe('FAIL');
  });

  it('is INCONCLUSIVE with no usable data', () => {
    const cases: CaseOutcome[] = [
      { caseId: 'a', baseline: arm(0), candidate: arm(null) },
      { caseId: 'b', baseline: arm(0), candidate: arm(0, { infraError: true }) },
    ];
    const r = run(cases, zero);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.reason).toBe('no data');
    expect(r.estimate).toBeNull();
  });
});

describe('new_failures, McNemar', () => {
  it('FAILs when the exact one-sided p is below 1 − confidence', () => {
    const r = run(severeCases(500, 15, 2), mcnemar);
    expect(r.verdict).toBe('FAIL');
    expect(r.method).toBe('mcnemar-exact');
    expect(r.details.p_one_sided).toBeCloseTo(mcnemarExact(15, 2).pOneSidedGreater, 15);
    expect(r.details.p_one_sided as number).toBeLessThan(0.05);
  });

  it('PASSes when there are no more new failures than fixed ones', () => {
    const r = run(severeCases(500, 3, 5), mcnemar);
    expect(r.verdict).toBe('PASS');
    expect(r.samples_needed).toBeNull();
  });

  it('is INCONCLUSIVE on a non-significant increase, with a sample size', () => {
    const r = run(severeCases(500, 4, 2), mcnemar);
    expect(r.verdict).toBe('INCONCLUSIVE');
    // P(B ≥ 4 | B ~ Bin(6, ½)) = 22/64.
    expect(r.details.p_one_sided).toBeCloseTo(22 / 64, 14);
    expect(r.samples_needed as number).toBeGreaterThan(500);
  });

  it('critical: an increase fails without significance', () => {
    const r = run(severeCases(500, 4, 2), { ...mcnemar, critical: true });
    expect(r.verdict).toBe('FAIL');
    expect(r.details.rule).toBe('critical-point');
  });

  it('decision: point compares b with c', () => {
    expect(run(severeCases(500, 4, 2), mcnemar, { decision: 'point' }).verdict).toBe('FAIL');
    expect(run(severeCases(500, 2, 2), mcnemar, { decision: 'point' }).verdict).toBe('PASS');
  });

  it('respects policy.confidence for the significance level', () => {
    // p(6 vs 1) = 8/128 = 0.0625: significant at one-sided 0.90, not at 0.95.
    expect(run(severeCases(500, 6, 1), mcnemar, { confidence: 0.9 }).verdict).toBe('FAIL');
    expect(run(severeCases(500, 6, 1), mcnemar, { confidence: 0.95 }).verdict).toBe('INCONCLUSIVE');
  });
});
