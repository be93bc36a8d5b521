import { describe, expect, it } from 'vitest';
import { gatePolicySchema } from '../../shared/domain/policy.js';
import type { GateReport } from '../reports/gate-report.js';
import { buildRolloutManifest } from './rollout-manifest.js';

const policy = gatePolicySchema.parse({
  name: 'scoped',
  gates: [
    { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 2 },
    { kind: 'new_failures', metric: 'category:pii_leak', slice: 'pii', critical: true },
    { kind: 'paired_proportion', metric: 'scorer:json_schema', max_regression_points: 1, slice: ['refunds', 'billing'], name: 'Schema' },
    { kind: 'quantile_ratio', metric: 'latency_ms', quantile: 0.95, max_relative_increase: 0.1, slice: 'refunds' },
    { kind: 'max_rate', metric: 'expectation:cites-refund-policy', max_rate: 0.05 },
  ],
});

// What buildRolloutManifest reads of a report; the rest of a report plays no part in the manifest.
const report = {
  verdict: 'PASS',
  labels: [],
  run: { id: 'run-1' },
  suite: { name: 'support' },
  targets: { baseline: { model: 'old', fingerprint: 'sha256:b' }, candidate: { model: 'new', fingerprint: 'sha256:c' } },
  gates: [{ name: 'Core task success' }, { name: 'pii_leak failures in slice pii' }, { name: 'Schema' }, { name: 'P95 latency in slice refunds' }, { name: 'Pass rate of expectation cites-refund-policy' }],
} as unknown as GateReport;

describe('rollout manifest: live gates keep their scope', () => {
  it('keeps each gate’s slices as a list and what its metric selects', () => {
    const manifest = buildRolloutManifest({ report, reportSha256: 'ab', reportFile: 'gate-report.json', gates: policy.gates, minCanarySamples: 100 });
    expect(manifest.gates.map(({ name, metric, slice, scorer, expectation, category }) => ({ name, metric, slice, scorer, expectation, category }))).toEqual([
      { name: 'Core task success', metric: 'task_success', slice: undefined, scorer: undefined, expectation: undefined, category: undefined },
      { name: 'pii_leak failures in slice pii', metric: 'category:pii_leak', slice: ['pii'], scorer: undefined, expectation: undefined, category: 'pii_leak' },
      { name: 'Schema', metric: 'scorer:json_schema', slice: ['refunds', 'billing'], scorer: 'json_schema', expectation: undefined, category: undefined },
      { name: 'P95 latency in slice refunds', metric: 'latency_ms', slice: ['refunds'], scorer: undefined, expectation: undefined, category: undefined },
      { name: 'Pass rate of expectation cites-refund-policy', metric: 'expectation:cites-refund-policy', slice: undefined, scorer: undefined, expectation: 'cites-refund-policy', category: undefined },
    ]);
    // The kind's live method and allowance are unchanged by the scope.
    expect(manifest.gates[1]).toEqual({
      name: 'pii_leak failures in slice pii',
      metric: 'category:pii_leak',
      kind: 'rare_event_rate',
      critical: true,
      allowed: 0,
      unit: 'count',
      method: 'conditional-binomial',
      slice: ['pii'],
      category: 'pii_leak',
    });
    // A gate over every request has no slice key at all in the JSON (not an empty list that could read as "none").
    expect(Object.keys(JSON.parse(JSON.stringify(manifest.gates[0])))).not.toContain('slice');
  });
});
