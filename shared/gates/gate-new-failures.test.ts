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
  it('PASSes with no new failure once the exact upper bound on the rate is under the allowance', () => {
    const r = run(severeCases(300, 0, 2), zero);
    expect(r.verdict).toBe('PASS');
    expect(r.name).toBe('High-severity policy failures');
    expect([r.estimate, r.threshold, r.unit, r.n, r.method]).toEqual([0, 0.01, 'rate', 300, 'zero-tolerance-exact']);
    // Clopper–Pearson at 0 of 300: 1 − 0.05^(1/300) = 0.99 %.
    expect(r.upper as number).toBeCloseTo(1 - 0.05 ** (1 / 300), 12);
    expect(r.lower).toBe(0);
    expect(r.details).toMatchObject({ b: 0, c: 2, new_failure_rate: 0, rule: 'upper-bound' });
    expect(r.baseline).toBeCloseTo(298 / 300, 12);
    expect(r.candidate).toBe(1);
    expect(r.reason).toBe('no new failures in 300 paired cases; exact 95% upper bound on the new-failure rate 0.99% < allowed 1.00%');
  });

  it('is INCONCLUSIVE with no new failure but too few cases, saying how many would do', () => {
    const r = run(severeCases(100, 0, 0), zero);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.samples_needed).toBe(300);
    expect(r.details.samples_needed_assumes).toBe('no new failure in any further case');
    const looser = run(severeCases(100, 0, 0), { ...zero, max_new_failure_rate: 0.05 });
    expect(looser.verdict).toBe('PASS');
  });

  it('FAILs on a single new failure even when the bound on the rate is within the allowance', () => {
    const r = run(severeCases(2000, 1, 0), zero);
    expect(r.upper as number).toBeLessThan(0.01);
    expect(r.verdict).toBe('FAIL');
  });

  it('FAILs on a single new failure, even when more were fixed', () => {
    const r = run(severeCases(300, 1, 5), zero);
    expect(r.verdict).toBe('FAIL');
    expect(r.estimate).toBeCloseTo(1 / 300, 15);
    expect(r.lower as number).toBeGreaterThan(0);
    expect(r.details).toMatchObject({ b: 1, c: 5, rule: 'zero-tolerance' });
    expect(r.reason).toBe('1 new failure (baseline passed, candidate failed) in 300 paired cases; zero tolerance');
  });

  it('a PASS with infra-error cases left out is INCONCLUSIVE: any of them may hide a new failure', () => {
    const cases = severeCases(400, 0, 0);
    cases.push({ caseId: 'down', baseline: arm(0), candidate: arm(null, { infraError: true }) });
    const r = run(cases, zero);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.details.rule).toBe('infra-imputation');
    expect(r.reason).toMatch(/^PASS only while the 1 case with infra errors is left out/);
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

describe('new_failures, McNemar (non-inferiority with a margin)', () => {
  it('FAILs when the lower bound of the net increase is above the margin', () => {
    const r = run(severeCases(500, 15, 2), mcnemar);
    expect(r.verdict).toBe('FAIL');
    expect(r.method).toBe('mcnemar-noninferiority');
    expect([r.unit, r.threshold]).toEqual(['points', 0.5]);
    expect(r.estimate).toBeCloseTo(100 * (13 / 500), 10);
    expect(r.lower as number).toBeGreaterThan(0.5);
    expect(r.details.p_one_sided).toBeCloseTo(mcnemarExact(15, 2).pOneSidedGreater, 15);
  });

  it('PASSes only when the upper bound is under the margin, not merely when new ≤ fixed', () => {
    expect(run(severeCases(500, 3, 5), mcnemar).verdict).toBe('INCONCLUSIVE');
    const r = run(severeCases(500, 3, 5), { ...mcnemar, margin_points: 2 });
    expect(r.verdict).toBe('PASS');
    expect(r.upper as number).toBeLessThan(2);
    expect(r.samples_needed).toBeNull();
  });

  it('is INCONCLUSIVE on an unproven increase, with a sample size planned from the margin', () => {
    const r = run(severeCases(500, 4, 2), mcnemar);
    expect(r.verdict).toBe('INCONCLUSIVE');
    // P(B ≥ 4 | B ~ Bin(6, ½)) = 22/64.
    expect(r.details.p_one_sided).toBeCloseTo(22 / 64, 14);
    // ψ = 6/500, δ = 0.5 pt: (1.645 + 0.8416)² · 0.012 / 0.005² = 2967.6.
    expect(r.samples_needed).toBe(2968);
  });

  it('critical does not decide on the point estimate', () => {
    const r = run(severeCases(500, 4, 2), { ...mcnemar, critical: true });
    expect(r.verdict).toBe('INCONCLUSIVE');
  });

  it('decision: point compares the net increase with the margin', () => {
    expect(run(severeCases(500, 4, 2), mcnemar, { decision: 'point' }).verdict).toBe('PASS'); // +0.4 pt ≤ 0.5
    expect(run(severeCases(500, 5, 2), mcnemar, { decision: 'point' }).verdict).toBe('FAIL'); // +0.6 pt
  });

  it('respects policy.confidence', () => {
    const strict = run(severeCases(2000, 30, 10), mcnemar, { confidence: 0.99 });
    const loose = run(severeCases(2000, 30, 10), mcnemar, { confidence: 0.8 });
    expect(loose.lower as number).toBeGreaterThan(strict.lower as number);
    expect(strict.reason).not.toContain('95');
  });
});
