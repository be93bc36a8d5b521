import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatePolicySchema } from '../../shared/domain/policy.js';
import { inputError } from '../../test-support/input-error.js';
import { loadPolicy } from './decide-run.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-gate-names-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function load(text: string) {
  const file = join(tmp, 'policy.yaml');
  writeFileSync(file, text);
  return { file, err: () => inputError(() => loadPolicy(file)) };
}

describe('policy: every gate has its own name (views find gates by name)', () => {
  it('two gates given the same name: the second one’s name, with its line', () => {
    const { file, err } = load(`name: p
gates:
  - kind: paired_proportion
    metric: task_success
    max_regression_points: 1
    name: Quality
  - kind: paired_proportion
    metric: scorer:json_schema
    max_regression_points: 1
    name: Quality
`);
    const e = err();
    expect(e.where).toEqual({ file, line: 10, field: 'gates.1.name' });
    expect(e.message).toBe('the name "Quality" of gate 2 is also gate 1\'s (gates.0): reports and case views find a gate by its name, so give one of them its own `name:`');
  });

  it('two gates with the same default name: the second gate, at its first line', () => {
    const { file, err } = load(`name: p
gates:
  - kind: paired_proportion
    metric: task_success
    max_regression_points: 1
    slice: refunds
  - kind: new_failures
    metric: task_success
  # the same metric on the same slice, another kind: the same default name
  - kind: paired_proportion
    metric: task_success
    max_regression_points: 3
    slice: refunds
`);
    const e = err();
    expect(e.where).toEqual({ file, line: 10, field: 'gates.2' });
    expect(e.message).toBe(
      'gate 3\'s default name "Core task success in slice refunds" is also gate 1\'s (gates.0): reports and case views find a gate by its name, so give this gate its own `name:`',
    );
  });

  it('a chosen name equal to another gate’s default name', () => {
    const { err } = load(`name: p
gates:
  - kind: max_rate
    metric: category:pii_leak
    max_rate: 0.01
  - kind: new_failures
    metric: task_success
    name: pii_leak failures
`);
    expect(err().describe()).toMatch(/policy\.yaml:8: gates\.1\.name: the name "pii_leak failures" of gate 2 is also gate 1's \(gates\.0\)/);
  });

  it('the implicit infra gate’s name is taken', () => {
    const { err } = load(`name: p
gates:
  - kind: paired_proportion
    metric: task_success
    max_regression_points: 1
    name: Infra error rate (implicit)
`);
    expect(err().where.field).toBe('gates.0.name');
    expect(err().message).toMatch(/is the name of the gate a policy gets when none of its gates watches infra_error/);
  });

  it('the same metric on other slices, quantiles or kinds has other default names and is accepted', () => {
    const policy = gatePolicySchema.parse({
      name: 'p',
      gates: [
        { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1 },
        { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1, slice: 'refunds' },
        { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1, slice: ['refunds', 'billing'] },
        { kind: 'quantile_ratio', metric: 'latency_ms', quantile: 0.95, max_relative_increase: 0.1 },
        { kind: 'quantile_ratio', metric: 'latency_ms', quantile: 0.5, max_relative_increase: 0.1 },
        { kind: 'mean_ratio', metric: 'latency_ms', max_relative_increase: 0.1 },
        { kind: 'new_failures', metric: 'task_success', name: 'Core task success, new failures' },
      ],
    });
    expect(policy.gates).toHaveLength(7);
  });

  it('the shipped policy loads', () => {
    expect(loadPolicy(join(import.meta.dirname, '../../evals/policies/model-upgrade.yaml')).policy.gates.length).toBeGreaterThan(0);
  });
});
