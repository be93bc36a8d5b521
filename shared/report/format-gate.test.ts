import { describe, expect, it } from 'vitest';
import type { GateResult } from '../domain/gate-result.js';
import { formatGateRow } from './format-gate.js';

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
