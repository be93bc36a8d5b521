import { describe, it, expect } from 'vitest';
import { gatePolicySchema, gateEvaluationSchema } from '../domain/index.js';
import type { ArmOutcome, CaseOutcome } from './case-outcome.js';
import { evaluatePolicy } from './evaluate-policy.js';

function arm(over: Partial<ArmOutcome> = {}): ArmOutcome {
  return {
    infraError: false,
    taskSuccess: 1,
    highSeverityFailure: 0,
    citationValid: 1,
    abstentionOk: null,
    overRefusal: null,
    latencyMs: 100,
    costUsd: 0.01,
    ...over,
  };
}

function cases(n: number, candidate: (i: number) => Partial<ArmOutcome> = () => ({})): CaseOutcome[] {
  return Array.from({ length: n }, (_, i) => ({
    caseId: `c${i}`,
    baseline: arm({ latencyMs: 100 + (i % 997) / 10 }),
    candidate: arm({ latencyMs: 100 + ((i * 7) % 997) / 10, ...candidate(i) }),
  }));
}

const policy = gatePolicySchema.parse({
  name: 'release',
  bootstrap: { replicates: 500 },
  gates: [
    { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1 },
    { kind: 'new_failures', metric: 'high_severity_failures', critical: true },
    { kind: 'quantile_ratio', metric: 'latency_ms', quantile: 0.95, max_relative_increase: 0.1, name: 'Tail latency' },
    { kind: 'max_rate', metric: 'infra_error', max_rate: 0.02 },
  ],
});

describe('evaluatePolicy', () => {
  it('never PASSes a run with too many infra errors, even when the policy has no infra gate', () => {
    const noInfraGate = gatePolicySchema.parse({ name: 'quality-only', gates: [{ kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1 }] });
    // Clean run: the policy is evaluated as written.
    const clean = evaluatePolicy(noInfraGate, cases(2000), 'd');
    expect(clean.gates.map((g) => g.metric)).toEqual(['task_success']);
    expect(clean.verdict).toBe('PASS');
    // A fifth of the candidate's calls (10% of all calls) failed at the infrastructure: the quality of the rest
    // still passes, the run does not.
    const flaky = evaluatePolicy(noInfraGate, cases(2000, (i) => (i % 5 === 0 ? { infraError: true } : {})), 'd');
    // 400 cases lost to infra errors could hide 400 new failures: the quality gate cannot pass either.
    expect(flaky.gates[0]).toMatchObject({ verdict: 'INCONCLUSIVE', details: { rule: 'infra-imputation', excluded_infra_error: 400 } });
    expect(flaky.gates[1]).toMatchObject({ name: 'Infra error rate (implicit)', metric: 'infra_error', critical: true, threshold: 0.05, verdict: 'FAIL' });
    expect(flaky.verdict).toBe('FAIL');
    // A few infra errors under the ceiling: the implicit gate is there, and passes.
    const few = evaluatePolicy(noInfraGate, cases(2000, (i) => (i === 3 ? { infraError: true } : {})), 'd');
    expect(few.gates[1]).toMatchObject({ name: 'Infra error rate (implicit)', verdict: 'PASS' });
    // The ceiling is the policy's to set.
    const strict = gatePolicySchema.parse({ ...noInfraGate, max_infra_error_rate: 0 });
    expect(evaluatePolicy(strict, cases(2000, (i) => (i === 3 ? { infraError: true } : {})), 'd').verdict).toBe('FAIL');
  });

  it('PASSes only when every gate passes, and reports the policy', () => {
    const ev = evaluatePolicy(policy, cases(2000), 'sha256:abc');
    expect(gateEvaluationSchema.parse(ev)).toEqual(ev);
    expect(ev.gates.map((g) => g.verdict)).toEqual(['PASS', 'PASS', 'PASS', 'PASS']);
    expect(ev.verdict).toBe('PASS');
    expect(ev.policy).toEqual({ name: 'release', digest: 'sha256:abc', confidence: 0.95, decision: 'interval' });
    expect(ev.gates.map((g) => g.name)).toEqual(['Core task success', 'High-severity policy failures', 'Tail latency', 'Infra error rate']);
    expect(ev.gates.every((g) => g.confidence === 0.95)).toBe(true);
  });

  it('FAILs when any gate fails', () => {
    const ev = evaluatePolicy(policy, cases(2000, (i) => (i === 7 ? { highSeverityFailure: 1 } : {})), 'd');
    expect(ev.gates[1]?.verdict).toBe('FAIL');
    expect(ev.verdict).toBe('FAIL');
  });

  it('is INCONCLUSIVE when a gate is undecided and none fails', () => {
    const ev = evaluatePolicy(policy, cases(30), 'd');
    expect(ev.gates[0]?.verdict).toBe('INCONCLUSIVE');
    expect(ev.gates.some((g) => g.verdict === 'FAIL')).toBe(false);
    expect(ev.verdict).toBe('INCONCLUSIVE');
  });

  it('never PASSes without data', () => {
    const ev = evaluatePolicy(policy, [], 'd');
    expect(ev.verdict).toBe('INCONCLUSIVE');
    expect(ev.gates.every((g) => g.verdict === 'INCONCLUSIVE' && g.reason === 'no data' && g.n === 0)).toBe(true);
  });

  it('turns a gate that cannot apply into INCONCLUSIVE, not a crash', () => {
    const odd = gatePolicySchema.parse({ name: 'odd', gates: [{ kind: 'new_failures', metric: 'cost_usd' }] });
    const ev = evaluatePolicy(odd, cases(100), 'd');
    expect(ev.verdict).toBe('INCONCLUSIVE');
    expect(ev.gates[0]?.method).toBe('not-applicable');
  });

  it('turns invalid data into INCONCLUSIVE rather than a verdict', () => {
    const bad = gatePolicySchema.parse({ name: 'bad', gates: [{ kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1 }] });
    const ev = evaluatePolicy(bad, cases(100, () => ({ taskSuccess: 1.5 })), 'd');
    expect(ev.verdict).toBe('INCONCLUSIVE');
    expect(ev.gates[0]?.reason).toMatch(/^could not be evaluated: /);
  });
});
