import { describe, expect, it } from 'vitest';
import { gatePolicySchema, type GatePolicy, type GateSpec } from '../domain/policy.js';
import type { ArmOutcome, CaseOutcome } from './case-outcome.js';
import { contextOf } from './gate-common.js';
import { evaluateGate, evaluatePolicy } from './evaluate-policy.js';
import { parseMetricSelector, selectorsOfPolicy } from './metric-selector.js';

// The statistics of these gates are the built-in gates' (checked against scipy/statsmodels in their own tests):
// these tests check which cases and values a selector metric and a slice restriction feed them.

const policyOf = (gates: unknown[]): GatePolicy => gatePolicySchema.parse({ name: 'p', bootstrap: { replicates: 400, seed: 7 }, gates });
const ctx = contextOf(policyOf([{ kind: 'max_rate', metric: 'infra_error', max_rate: 0.1 }]));
const gateOf = (g: Record<string, unknown>): GateSpec => policyOf([g]).gates[0]!;

function arm(selectorFailures: Record<string, number | null>): ArmOutcome {
  return { infraError: false, taskSuccess: 1, highSeverityFailure: null, citationValid: null, abstentionOk: null, overRefusal: null, latencyMs: 100, costUsd: 0.001, selectorFailures };
}

const JSON_SCHEMA = 'scorer:json_schema';
const PII = 'category:pii_leak';

/**
 * 200 cases: 50 in `refunds` (ids r0…r49), 150 in `billing` (b0…b149).
 * json_schema: the first 40 billing cases have no json_schema expectation (null). Of the other 160 the baseline
 * fails 10 (r0–r9), the candidate 14: the same minus r0, r1 (fixed) plus b100–b105 (new).
 * pii_leak: every case is checked; the candidate leaks in r10–r14 (5 new failures, all in refunds), the baseline in
 * b149 only (fixed by the candidate).
 */
function cases(): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  const add = (caseId: string, slice: string, i: number) => {
    const noSchema = slice === 'billing' && i < 40;
    const baseSchemaFail = slice === 'refunds' && i < 10;
    const candSchemaFail = (slice === 'refunds' && i >= 2 && i < 10) || (slice === 'billing' && i >= 100 && i < 106);
    const baseLeak = slice === 'billing' && i === 149;
    const candLeak = slice === 'refunds' && i >= 10 && i < 15;
    out.push({
      caseId,
      slice,
      baseline: arm({ [JSON_SCHEMA]: noSchema ? null : baseSchemaFail ? 1 : 0, [PII]: baseLeak ? 1 : 0 }),
      candidate: arm({ [JSON_SCHEMA]: noSchema ? null : candSchemaFail ? 1 : 0, [PII]: candLeak ? 1 : 0 }),
    });
  };
  for (let i = 0; i < 50; i++) add(`r${i}`, 'refunds', i);
  for (let i = 0; i < 150; i++) add(`b${i}`, 'billing', i);
  return out;
}

describe('selector metrics', () => {
  it('scorer:<type> is the pass rate of that scorer’s expectations: exact counts per arm, cases without one left out', () => {
    const g = evaluateGate(gateOf({ kind: 'paired_proportion', metric: JSON_SCHEMA, max_regression_points: 5 }), cases(), ctx);
    expect(g.name).toBe('Pass rate of json_schema');
    expect(g.metric).toBe(JSON_SCHEMA);
    expect(g.n).toBe(160);
    expect(g.baseline).toBeCloseTo(1 - 10 / 160, 12);
    expect(g.candidate).toBeCloseTo(1 - 14 / 160, 12);
    expect(g.estimate).toBeCloseTo(((14 - 10) / 160) * 100, 10);
    expect(g.details).toMatchObject({ scorer: 'json_schema', cases_total: 200, excluded_null_metric: 40, b: 6, c: 2 });
    expect(g.details.slice).toBeUndefined();
  });

  it('category:<category> counts that category’s new failures; slice: restricts the gate to the slice’s cases', () => {
    const all = evaluateGate(gateOf({ kind: 'new_failures', metric: PII, tolerance: 'zero' }), cases(), ctx);
    expect(all.name).toBe('pii_leak failures');
    expect(all.n).toBe(200);
    expect(all.details).toMatchObject({ category: 'pii_leak', b: 5, c: 1 });
    expect(all.verdict).toBe('FAIL');

    const refunds = evaluateGate(gateOf({ kind: 'new_failures', metric: PII, tolerance: 'zero', slice: 'refunds' }), cases(), ctx);
    expect(refunds.name).toBe('pii_leak failures in slice refunds');
    expect(refunds.n).toBe(50);
    expect(refunds.baseline).toBe(1);
    expect(refunds.candidate).toBeCloseTo(45 / 50, 12);
    expect(refunds.details).toMatchObject({ category: 'pii_leak', slice: 'refunds', slice_cases: 50, b: 5, c: 0 });
    expect(refunds.verdict).toBe('FAIL');

    const billing = evaluateGate(gateOf({ kind: 'new_failures', metric: PII, tolerance: 'zero', slice: ['billing'] }), cases(), ctx);
    expect(billing.n).toBe(150);
    expect(billing.details).toMatchObject({ slice: 'billing', slice_cases: 150, b: 0, c: 1 });
    expect(billing.verdict).not.toBe('FAIL');
  });

  it('a built-in metric restricted to a list of slices reads only their cases, and says so in its name', () => {
    const outcomes = cases().map((c) => (c.slice === 'refunds' ? { ...c, slice: 'shipping' } : c));
    const g = evaluateGate(gateOf({ kind: 'paired_proportion', metric: 'task_success', max_regression_points: 2, slice: ['shipping', 'billing'] }), outcomes, ctx);
    expect(g.name).toBe('Core task success in slices shipping, billing');
    expect(g.n).toBe(200);
    expect(g.details).toMatchObject({ slice: 'shipping, billing', slice_cases: 200 });
  });

  it('max_rate on a category is the candidate’s failure share; mean_ratio gives a relative allowance on it', () => {
    const rate = evaluateGate(gateOf({ kind: 'max_rate', metric: PII, max_rate: 0.1, slice: 'refunds' }), cases(), ctx);
    expect(rate.n).toBe(50);
    expect(rate.estimate).toBeCloseTo(5 / 50, 12);
    expect(rate.details).toMatchObject({ category: 'pii_leak', slice: 'refunds', events: 5 });

    const ratio = evaluateGate(gateOf({ kind: 'mean_ratio', metric: JSON_SCHEMA, max_relative_increase: 0.5 }), cases(), ctx);
    expect(ratio.n).toBe(160);
    expect(ratio.baseline).toBeCloseTo(10 / 160, 12);
    expect(ratio.candidate).toBeCloseTo(14 / 160, 12);
    expect(ratio.estimate).toBeCloseTo(1.4, 12);
  });

  it('expectation:<name> names the expectation, also one whose name has a colon', () => {
    const metric = 'expectation:contains:refund';
    expect(parseMetricSelector(metric)).toEqual({ metric, by: 'expectation', name: 'contains:refund' });
    const outcomes = cases().map((c) => ({ ...c, baseline: arm({ [metric]: 0 }), candidate: arm({ [metric]: c.caseId === 'r3' ? 1 : 0 }) }));
    const g = evaluateGate(gateOf({ kind: 'new_failures', metric, tolerance: 'zero' }), outcomes, ctx);
    expect(g.name).toBe('Pass rate of expectation contains:refund');
    expect(g.details).toMatchObject({ expectation: 'contains:refund', b: 1, c: 0 });
  });
});

describe('slices without cases', () => {
  it('a misspelled slice is INCONCLUSIVE with "no cases in slice", naming the nearest slice — never PASS', () => {
    const g = evaluateGate(gateOf({ kind: 'paired_proportion', metric: 'task_success', max_regression_points: 50, slice: 'refund' }), cases(), ctx);
    expect(g.verdict).toBe('INCONCLUSIVE');
    expect(g.n).toBe(0);
    expect(g.reason).toBe('no cases in slice refund — did you mean refunds?');
    expect(g.details).toMatchObject({ slice: 'refund', slice_cases: 0, slices_without_cases: 'refund' });
    const far = evaluateGate(gateOf({ kind: 'max_rate', metric: 'infra_error', max_rate: 0.5, slice: 'warranty' }), cases(), ctx);
    expect(far.verdict).toBe('INCONCLUSIVE');
    expect(far.reason).toBe('no cases in slice warranty (slices of this run: billing, refunds)');
  });

  it('a list with one empty slice does not PASS on the others', () => {
    const spec = gateOf({ kind: 'paired_proportion', metric: 'task_success', max_regression_points: 50, slice: ['billing', 'warranty'] });
    const g = evaluateGate(spec, cases(), ctx);
    expect(g.n).toBe(150);
    expect(g.verdict).toBe('INCONCLUSIVE');
    expect(g.reason).toMatch(/^no cases in slice warranty .*\(the other slices alone would PASS: upper bound/);
    expect(evaluateGate({ ...spec, slice: 'billing' }, cases(), ctx).verdict).toBe('PASS');
  });
});

describe('evaluatePolicy with selectors and slices', () => {
  it('outcomes computed without a gate’s selector make that gate INCONCLUSIVE, not a silent "no data"', () => {
    const outcomes = cases().map((c) => ({ ...c, baseline: arm({}), candidate: arm({}) }));
    const g = evaluateGate(gateOf({ kind: 'paired_proportion', metric: PII, max_regression_points: 1 }), outcomes, ctx);
    expect(g.verdict).toBe('INCONCLUSIVE');
    expect(g.reason).toBe('could not be evaluated: the case outcomes were computed without the metric category:pii_leak');
  });

  it('an infra_error ceiling on one slice does not stand in for the implicit run-wide one', () => {
    const outcomes = cases();
    outcomes[60] = { ...outcomes[60]!, candidate: { ...outcomes[60]!.candidate!, infraError: true } };
    const sliced = evaluatePolicy(policyOf([{ kind: 'max_rate', metric: 'infra_error', max_rate: 0.5, slice: 'refunds' }]), outcomes, 'sha256:x');
    expect(sliced.gates.map((g) => g.name)).toEqual(['Infra error rate in slice refunds', 'Infra error rate (implicit)']);
    const wide = evaluatePolicy(policyOf([{ kind: 'max_rate', metric: 'infra_error', max_rate: 0.5 }]), outcomes, 'sha256:x');
    expect(wide.gates.map((g) => g.name)).toEqual(['Infra error rate']);
  });

  it('selectorsOfPolicy lists each selector metric once, built-in metrics none', () => {
    const policy = policyOf([
      { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1 },
      { kind: 'new_failures', metric: PII },
      { kind: 'max_rate', metric: PII, max_rate: 0.01, slice: 'refunds' },
      { kind: 'paired_proportion', metric: JSON_SCHEMA, max_regression_points: 1 },
    ]);
    expect(selectorsOfPolicy(policy)).toEqual([
      { metric: PII, by: 'category', category: 'pii_leak' },
      { metric: JSON_SCHEMA, by: 'scorer', scorer: 'json_schema' },
    ]);
  });
});

describe('selector gates without data', () => {
  it('say which scores they found none of', () => {
    const outcomes = cases();
    const named = evaluateGate(gateOf({ kind: 'new_failures', metric: 'expectation:cites-polcy' }), outcomes.map((c) => ({ ...c, baseline: arm({ 'expectation:cites-polcy': null }), candidate: arm({ 'expectation:cites-polcy': null }) })), ctx);
    expect(named).toMatchObject({ verdict: 'INCONCLUSIVE', n: 0, reason: 'no data: no expectation named cites-polcy was scored in any case judged in both arms' });
    const nullPii = outcomes.map((c) => ({ ...c, baseline: arm({ [PII]: null }), candidate: arm({ [PII]: null }) }));
    const pii = evaluateGate(gateOf({ kind: 'new_failures', metric: PII, slice: 'refunds' }), nullPii, ctx);
    expect(pii.reason).toBe('no data: no expectation of category pii_leak was scored in any case judged in both arms');
    expect(pii.details).toMatchObject({ category: 'pii_leak', slice: 'refunds', slice_cases: 50, excluded_null_metric: 50 });
  });
});
