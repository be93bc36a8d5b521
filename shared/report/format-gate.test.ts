import { describe, expect, it } from 'vitest';
import type { GateResult } from '../domain/gate-result.js';
import { evaluatePolicy } from '../gates/evaluate-policy.js';
import { formatGateRow, gateScopeText, gateValueLabel } from './format-gate.js';

const gate = (over: Partial<GateResult>): GateResult => ({
  name: 'High-severity policy failures',
  metric: 'high_severity_failures',
  kind: 'new_failures',
  critical: true,
  baseline: 0.995,
  candidate: 0.98,
  estimate: 0.015,
  lower: 0.008,
  upper: 0.025,
  threshold: 0.01,
  unit: 'rate',
  confidence: 0.95,
  n: 395,
  method: 'clopper-pearson',
  verdict: 'FAIL',
  reason: '',
  samples_needed: null,
  details: { b: 6 },
  ...over,
});

describe('gateValueLabel', () => {
  it('names the quantile a ratio gate compares, as evaluatePolicy reports it', () => {
    const policy = { name: 'p', confidence: 0.95, decision: 'interval' as const, bootstrap: { replicates: 200, seed: 1 }, power: 0.8, max_infra_error_rate: 0.05,
      gates: [{ kind: 'quantile_ratio' as const, metric: 'latency_ms' as const, quantile: 0.999, max_relative_increase: 0.1, critical: false }] };
    const arm = (ms: number) => ({ infraError: false, taskSuccess: 1, highSeverityFailure: null, citationValid: null, abstentionOk: null, overRefusal: null, latencyMs: ms, costUsd: null });
    const cases = Array.from({ length: 40 }, (_, i) => ({ caseId: `c${i}`, baseline: arm(100 + i), candidate: arm(101 + i) }));
    const g = evaluatePolicy(policy, cases, 'sha256:x').gates[0]!;
    expect(gateValueLabel(g)).toBe('p99.9');
    expect(gateValueLabel({ ...g, details: { ...g.details, quantile: 0.95 } })).toBe('p95');
  });
});

describe('formatGateRow', () => {
  it('says the arms of a new-failures gate are pass rates, not failure rates', () => {
    const row = formatGateRow(gate({}));
    expect(row.baseline).toBe('99.50% pass');
    expect(row.candidate).toBe('98.00% pass');
    expect(row.delta).toBe('6 new · 1.50% [0.80%, 2.50%]');
  });

  it('labels paired proportions as pass rates and leaves infra error rates alone', () => {
    expect(formatGateRow(gate({ kind: 'paired_proportion', metric: 'task_success', unit: 'points', baseline: 0.9, candidate: 0.85 })).baseline).toBe('90.0% pass');
    expect(formatGateRow(gate({ kind: 'max_rate', metric: 'infra_error', unit: 'rate', baseline: 0.005, candidate: 0.01 })).candidate).toBe('1.00%');
  });
});

describe('gates over scorers, categories and slices', () => {
  it('a default name already says the selector and slice; a chosen name gets them in brackets', () => {
    const pii = gate({ name: 'pii_leak failures in slice refunds', metric: 'category:pii_leak', details: { b: 2, category: 'pii_leak', slice: 'refunds' } });
    expect(gateScopeText(pii)).toBe('category pii_leak · slice refunds');
    expect(formatGateRow(pii).gate).toBe('pii_leak failures in slice refunds (critical)');
    expect(formatGateRow({ ...pii, name: 'No leaks' }).gate).toBe('No leaks [category pii_leak · slice refunds] (critical)');
    const schema = gate({ name: 'Schema', metric: 'scorer:json_schema', kind: 'paired_proportion', unit: 'points', critical: false, details: { scorer: 'json_schema', slice: 'refunds, billing' } });
    expect(formatGateRow(schema).gate).toBe('Schema [scorer json_schema · slices refunds, billing]');
    expect(formatGateRow({ ...schema, name: 'Pass rate of json_schema in slices refunds, billing' }).gate).toBe('Pass rate of json_schema in slices refunds, billing');
    const named = gate({ name: 'Refund answers', metric: 'expectation:cites-policy', critical: false, details: { expectation: 'cites-policy' } });
    expect(formatGateRow(named).gate).toBe('Refund answers [expectation cites-policy]');
    // Built-in metrics over every case keep their wording.
    expect(formatGateRow(gate({})).gate).toBe('High-severity policy failures (critical)');
    expect(gateScopeText(gate({}))).toBeNull();
  });

  it('a mean ratio of a failure share shows percentages labelled as a failure share', () => {
    const g = gate({ name: 'x', metric: 'category:truncation', kind: 'mean_ratio', unit: 'ratio', baseline: 0.0625, candidate: 0.0875, estimate: 1.4, lower: 1.1, upper: 1.8, threshold: 1.5, details: { category: 'truncation' } });
    expect(gateValueLabel(g)).toBe('failure share');
    expect(formatGateRow(g)).toMatchObject({ baseline: '6.25%', candidate: '8.75%', delta: '×1.400 [1.100, 1.800]' });
    expect(gateValueLabel({ ...g, metric: 'cost_usd' })).toBe('mean');
  });
});
