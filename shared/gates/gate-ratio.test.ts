import { describe, it, expect } from 'vitest';
import { gatePolicySchema, gateEvaluationSchema } from '../domain/index.js';
import type { GateResult } from '../domain/index.js';
import { createRng, harrellDavisQuantile, quantile } from '../stats/index.js';
import type { ArmOutcome, CaseOutcome } from './case-outcome.js';
import { armOutcome } from './operating-characteristics/scenarios.js';
import { evaluatePolicy } from './evaluate-policy.js';

function arm(latencyMs: number | null, costUsd: number | null, over: Partial<ArmOutcome> = {}): ArmOutcome {
  return armOutcome({ latencyMs, costUsd, ...over });
}

/** Lognormal-ish paired latencies/costs: candidate = baseline · exp(N(log(factor), noise)). */
function timedCases(n: number, factor: number, noise: number, seed: number): CaseOutcome[] {
  const rng = createRng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return Array.from({ length: n }, (_, i) => {
    const base = Math.exp(6 + 0.6 * normal());
    const mult = factor * Math.exp(noise * normal());
    return { caseId: `t${i}`, baseline: arm(base, base / 1e5), candidate: arm(base * mult, (base * mult) / 1e5) };
  });
}

function run(cases: CaseOutcome[], gate: Record<string, unknown>, policy: Record<string, unknown> = {}): GateResult {
  const parsed = gatePolicySchema.parse({ name: 'p', gates: [gate], bootstrap: { replicates: 1000 }, ...policy });
  const evaluation = evaluatePolicy(parsed, cases, 'sha256:test');
  gateEvaluationSchema.parse(evaluation);
  return evaluation.gates[0] as GateResult;
}

const p95 = { kind: 'quantile_ratio', metric: 'latency_ms', quantile: 0.95, max_relative_increase: 0.1 };
const cost = { kind: 'mean_ratio', metric: 'cost_usd', max_relative_increase: 0.1 };

describe('quantile_ratio', () => {
  it('PASSes when the upper bound of the P95 ratio is below 1 + allowed increase', () => {
    const cases = timedCases(800, 0.97, 0.05, 1);
    const r = run(cases, p95);
    expect(r.verdict).toBe('PASS');
    expect(r.name).toBe('P95 latency');
    expect([r.unit, r.threshold, r.method, r.n]).toEqual(['ratio', 1.1, 'paired-bootstrap-harrell-davis', 800]);
    // The arms' P95 is the Harrell–Davis estimate (a smooth weighted mean of order statistics), near the type-7 one.
    const base = cases.map((c) => c.baseline?.latencyMs as number);
    const cand = cases.map((c) => c.candidate?.latencyMs as number);
    expect(r.baseline).toBeCloseTo(harrellDavisQuantile(base, 0.95), 9);
    expect(r.candidate).toBeCloseTo(harrellDavisQuantile(cand, 0.95), 9);
    expect(Math.abs((r.baseline as number) / quantile([...base].sort((a, b) => a - b), 0.95) - 1)).toBeLessThan(0.02);
    expect(r.estimate).toBeCloseTo((r.candidate as number) / (r.baseline as number), 12);
    expect(r.upper as number).toBeLessThan(1.1);
    expect(r.lower as number).toBeLessThan(r.estimate as number);
    expect(r.reason).toMatch(/^upper bound ×1\.\d{3} < allowed ×1\.100$/);
    expect(r.details).toMatchObject({ statistic: 'P95', replicates: 1000 });
  });

  it('FAILs when the lower bound is above the threshold', () => {
    const r = run(timedCases(800, 1.5, 0.05, 2), p95);
    expect(r.verdict).toBe('FAIL');
    expect(r.lower as number).toBeGreaterThan(1.1);
  });

  it('is INCONCLUSIVE on a small noisy sample near the threshold, with a sample size', () => {
    // Seeded data (createRng), so the sample and the verdict are fixed: P95 ratio ≈ 1.10, interval contains it.
    const r = run(timedCases(200, 1.08, 0.1, 3), p95);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.lower as number).toBeLessThan(1.1);
    expect(r.upper as number).toBeGreaterThan(1.1);
    expect(r.samples_needed as number).toBeGreaterThan(200);
    expect(r.details.samples_needed_assumes).toBe('no true regression (ratio 1), with the spread this run showed');
    expect(r.reason).toMatch(/^interval ×[01]\.\d{3} to ×1\.\d{3} contains allowed ×1\.100$/);
  });

  it('is deterministic for a given seed', () => {
    const cases = timedCases(200, 1.05, 0.2, 4);
    const a = run(cases, p95);
    const b = run(cases, p95);
    expect([a.lower, a.upper]).toEqual([b.lower, b.upper]);
    const c = run(cases, p95, { bootstrap: { replicates: 1000, seed: 7 } });
    expect(c.lower).not.toBe(a.lower);
    expect(c.estimate).toBe(a.estimate);
  });

  it('is INCONCLUSIVE without latency data, and on a zero baseline', () => {
    const none = run(timedCases(20, 1, 0.1, 5).map((c) => ({ ...c, candidate: arm(null, 0.01) })), p95);
    expect(none.verdict).toBe('INCONCLUSIVE');
    expect(none.reason).toBe('no data');
    expect(none.details.excluded_null_metric).toBe(20);

    const zeros = Array.from({ length: 200 }, (_, i): CaseOutcome => ({ caseId: `z${i}`, baseline: arm(0, 0), candidate: arm(5, 0.01) }));
    const r = run(zeros, p95);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect([r.estimate, r.lower, r.upper]).toEqual([null, null, null]);
    expect(r.reason).toContain('undefined');
  });

  it('names other quantiles', () => {
    const r = run(timedCases(100, 1, 0.05, 6), { ...p95, quantile: 0.99 });
    expect(r.name).toBe('P99 latency');
    // Ten observations above a P99 take a thousand cases.
    expect([r.verdict, r.samples_needed, r.details.rule]).toEqual(['INCONCLUSIVE', 1000, 'too-few-for-quantile']);
  });
});

describe('mean_ratio', () => {
  it('needs more cases when the values are skewed (Cochran: n ≥ 25·g₁²)', () => {
    // One case a hundred times dearer than the rest in the candidate arm: the mean rests on it.
    const cases = timedCases(60, 1, 0.05, 11);
    cases[0] = { ...cases[0]!, candidate: arm(100, 1) };
    const r = run(cases, cost);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.details.rule).toBe('too-skewed-for-n');
    expect(r.samples_needed as number).toBeGreaterThan(60);
    expect(r.reason).toMatch(/^values this skewed need at least \d+ cases/);
  });

  it('PASSes, FAILs and is INCONCLUSIVE on cost/request', () => {
    const pass = run(timedCases(1000, 1.0, 0.05, 7), cost);
    expect(pass.name).toBe('Cost/request');
    expect(pass.verdict).toBe('PASS');
    const fail = run(timedCases(1000, 1.3, 0.05, 8), cost);
    expect(fail.verdict).toBe('FAIL');
    const unsure = run(timedCases(30, 1.1, 0.4, 9), cost);
    expect(unsure.verdict).toBe('INCONCLUSIVE');
    expect(unsure.samples_needed as number).toBeGreaterThan(30);
  });

  it('reports the arms means, decides critical gates by the same rule, and labels the point rule', () => {
    // Seeded: mean ratio ≈ 1.12, above the allowance but not confidently.
    const above = timedCases(30, 1.1, 0.4, 9);
    const base = above.reduce((s, c) => s + (c.baseline?.costUsd as number), 0) / above.length;
    const r = run(above, cost);
    expect(r.method).toBe('paired-bootstrap-t');
    expect(r.baseline).toBeCloseTo(base, 12);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.estimate as number).toBeGreaterThan(1.1);
    expect(run(above, { ...cost, critical: true }).verdict).toBe('INCONCLUSIVE');
    const point = run(above, cost, { decision: 'point' });
    expect(point.verdict).toBe('FAIL');
    expect(point.details.point_rule_p_pass_at_margin).toBe(0.5);
    // Seeded: mean ratio ≈ 1.075 with interval ≈ [1.05, 1.11]: within the allowance, not confidently.
    const below = timedCases(100, 1.08, 0.1, 3);
    const b = run(below, cost);
    expect(b.verdict).toBe('INCONCLUSIVE');
    expect(b.estimate as number).toBeLessThan(1.1);
    expect(run(below, { ...cost, critical: true }).verdict).toBe('INCONCLUSIVE');
    expect(run(below, cost, { decision: 'point' }).verdict).toBe('PASS');
  });
});
