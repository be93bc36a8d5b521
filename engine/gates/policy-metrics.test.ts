import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricNames } from '../../shared/domain/policy.js';
import { inputError } from '../../test-support/input-error.js';
import { loadPolicy } from './decide-run.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cg-policy-metrics-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A policy file whose third gate (line 8 on) is `gate`; returns its path. */
function policyFile(gate: string): string {
  const file = join(dir, 'policy.yaml');
  writeFileSync(
    file,
    `name: selectors
gates:
  - name: Core task success
    metric: task_success
    kind: paired_proportion
    max_regression_points: 1
  - { metric: infra_error, kind: max_rate, max_rate: 0.02 }
${gate}`,
  );
  return file;
}

const errorOf = (gate: string) => {
  const file = policyFile(gate);
  const err = inputError(() => loadPolicy(file));
  return { message: err.message, where: err.where, file };
};

describe('gate metrics in a policy file', () => {
  it('accepts scorer:, expectation:, category: metrics and a slice or a list of slices', () => {
    const { policy } = loadPolicy(
      policyFile(`  - { metric: scorer:json_schema, kind: paired_proportion, max_regression_points: 2 }
  - { metric: "expectation:contains:refund", kind: new_failures }
  - { metric: category:pii_leak, kind: new_failures, tolerance: zero, critical: true, slice: pii }
  - { metric: task_success, kind: paired_proportion, max_regression_points: 3, slice: [refunds, billing] }
`),
    );
    expect(policy.gates.slice(2).map((g) => [g.metric, g.slice])).toEqual([
      ['scorer:json_schema', undefined],
      ['expectation:contains:refund', undefined],
      ['category:pii_leak', 'pii'],
      ['task_success', ['refunds', 'billing']],
    ]);
    expect(metricNames).toHaveLength(8);
  });

  it('a misspelled failure category names the file, line, field and the category meant', () => {
    const e = errorOf(`  - name: No leaks
    kind: new_failures
    metric: category:pii_lek
`);
    expect(e.message).toBe('unknown failure category `pii_lek` in `category:pii_lek` — did you mean `pii_leak`?');
    expect(e.where).toEqual({ file: e.file, line: 10, field: 'gates.2.metric' });
  });

  it('a category nothing is close to lists the categories', () => {
    const e = errorOf('  - { kind: new_failures, metric: "category:jailbreak" }\n');
    expect(e.message).toMatch(/^unknown failure category `jailbreak` in `category:jailbreak` \(failure categories: task_success, policy_violation, .*, cost\)$/);
    expect(e.where).toMatchObject({ line: 8, field: 'gates.2.metric' });
  });

  it('a misspelled scorer type, a bare category, a misspelled prefix and an empty expectation are errors that say what to write', () => {
    expect(errorOf('  - { kind: paired_proportion, max_regression_points: 1, metric: "scorer:jsonschema" }\n').message).toBe(
      'unknown scorer type `jsonschema` in `scorer:jsonschema` — did you mean `json_schema`?',
    );
    expect(errorOf('  - { kind: new_failures, metric: pii_leak }\n').message).toBe('unknown metric `pii_leak` — a failure category is written `category:pii_leak`');
    expect(errorOf('  - { kind: new_failures, metric: json_schema }\n').message).toBe("unknown metric `json_schema` — a scorer's pass rate is written `scorer:json_schema`");
    expect(errorOf('  - { kind: new_failures, metric: "categroy:pii_leak" }\n').message).toBe('unknown metric `categroy:pii_leak` — did you mean `category:pii_leak`?');
    expect(errorOf('  - { kind: new_failures, metric: "expectation:" }\n').message).toBe('`expectation:`: an expectation metric names the expectation, as in expectation:cites-refund-policy');
    expect(errorOf('  - { kind: new_failures, metric: task_sucess }\n').message).toBe('unknown metric `task_sucess` — did you mean `task_success`?');
  });

  it('an empty slice, an empty list and a slice listed twice name the slice field', () => {
    const empty = errorOf('  - { kind: new_failures, metric: category:pii_leak, slice: "" }\n');
    expect(empty.message).toBe('a slice name cannot be empty');
    expect(empty.where).toMatchObject({ line: 8, field: 'gates.2.slice' });
    const none = errorOf('  - { kind: new_failures, metric: category:pii_leak, slice: [] }\n');
    expect(none.message).toBe('list at least one slice, or leave `slice` out to gate every case');
    expect(none.where).toMatchObject({ field: 'gates.2.slice' });
    const twice = errorOf(`  - kind: new_failures
    metric: category:pii_leak
    slice: [refunds, refunds]
`);
    expect(twice.message).toBe('a slice is listed twice');
    expect(twice.where).toMatchObject({ line: 10, field: 'gates.2.slice' });
  });

  it('a misspelled slice key is an unknown key pointing at `slice`', () => {
    const e = errorOf(`  - kind: new_failures
    metric: category:pii_leak
    slcie: refunds
`);
    expect(e.message).toBe('unknown key `slcie` — did you mean `slice`?');
    expect(e.where).toMatchObject({ line: 10, field: 'gates.2.slcie' });
  });
});
