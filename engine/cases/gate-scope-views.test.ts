import { describe, expect, it } from 'vitest';
import { gatePolicySchema } from '../../shared/domain/policy.js';
import type { GateResult } from '../../shared/domain/gate-result.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import { evaluatePolicy } from '../../shared/gates/evaluate-policy.js';
import { selectorsOfPolicy } from '../../shared/gates/metric-selector.js';
import { seedFixtureRun, type FixtureAttempt, type FixtureCase } from '../../test-support/case-fixture.js';
import { useTempStore } from '../../test-support/temp-store.js';
import { caseOutcomes } from '../gates/case-outcomes.js';
import type { Store } from '../store/index.js';
import { gateDrilldown } from './gate-drilldown.js';
import { listCases } from './list-cases.js';

const temp = useTempStore('canary-gate-gate-scope-');
const RUN = 'run-scope';

const PASS = 'The answer is 42 [doc-1].';
const NO_ANSWER = 'No idea [doc-1].';
const FAKE_CITE = 'The answer is 42 [doc-9].';
const ok = (text: string): FixtureAttempt => ({ text });

function evalCase(id: string, slice: string | undefined, cites: boolean): EvalCase {
  return {
    id,
    ...(slice === undefined ? {} : { slice }),
    input: { messages: [{ role: 'user', content: `Question of ${id}?` }], documents: [{ id: 'doc-1', text: 'The answer is 42.' }] },
    expectations: [{ type: 'contains', value: '42', name: 'answer' }, ...(cites ? [{ type: 'citations' as const, name: 'cites' }] : [])],
    tags: [],
    severity: 'medium',
    origin: 'traffic',
    status: 'active',
  };
}

const fc = (id: string, slice: string | undefined, cites: boolean, baseline: FixtureAttempt[], candidate: FixtureAttempt[]): FixtureCase => ({ evalCase: evalCase(id, slice, cites), baseline, candidate });

/** 13 cases: six in refunds, six in billing, one without a slice; citations expected in r0–r3, b0, b1. */
const CASES: FixtureCase[] = [
  fc('r0', 'refunds', true, [ok(PASS)], [ok(PASS)]),
  fc('r1', 'refunds', true, [ok(PASS)], [ok(NO_ANSWER)]),
  fc('r2', 'refunds', true, [ok(PASS)], [ok(FAKE_CITE)]),
  fc('r3', 'refunds', true, [ok(FAKE_CITE)], [ok(PASS)]),
  fc('r4', 'refunds', false, [ok(PASS)], ['infra']),
  fc('r5', 'refunds', false, [ok(PASS)], [ok(PASS)]),
  fc('b0', 'billing', true, [ok(PASS)], [ok(FAKE_CITE)]),
  fc('b1', 'billing', true, [ok(PASS)], [ok(PASS)]),
  fc('b2', 'billing', false, [ok(PASS)], [ok(NO_ANSWER)]),
  fc('b3', 'billing', false, [ok(PASS)], []),
  fc('b4', 'billing', false, ['unreplayable'], [ok(PASS)]),
  fc('b5', 'billing', false, [ok(NO_ANSWER)], [ok(PASS)]),
  fc('n0', undefined, false, [ok(PASS)], [ok(PASS)]),
];

const POLICY = gatePolicySchema.parse({
  name: 'scoped',
  bootstrap: { replicates: 200, seed: 1 },
  gates: [
    { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 2, slice: 'refunds' },
    { kind: 'paired_proportion', metric: 'scorer:citations', max_regression_points: 2, slice: 'refunds', name: 'Citations in refunds' },
    { kind: 'new_failures', metric: 'category:citation_validity', name: 'Citation failures' },
    { kind: 'paired_proportion', metric: 'expectation:cites', max_regression_points: 2, name: 'Cites' },
    { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 2, slice: ['refunds', 'billing'], name: 'Both slices' },
    { kind: 'max_rate', metric: 'infra_error', max_rate: 0.5, slice: 'refunds', name: 'Refund infra' },
    { kind: 'max_rate', metric: 'scorer:citations', max_rate: 0.5, slice: 'billing', name: 'Billing citation rate' },
  ],
});

function seed(store: Store): GateResult[] {
  seedFixtureRun(store, RUN, CASES, { gate: false });
  const evaluation = evaluatePolicy(POLICY, caseOutcomes(store, RUN, selectorsOfPolicy(POLICY)), 'sha256:scoped');
  store.gates.insert(RUN, evaluation);
  return evaluation.gates;
}

const ids = (store: Store, gate: string, membership?: 'used' | 'excluded') =>
  listCases(store, { runId: RUN, filter: membership ? { gate, membership } : { gate }, sort: 'suite', offset: 0, limit: 100 }).rows.map((r) => r.case_id);

describe('the cases behind a slice or selector gate are the ones it used', () => {
  it('a slice gate: its slice alone, with the counts of the gate', () => {
    const gates = seed(temp.store);
    const g = gates.find((x) => x.name === 'Core task success in slice refunds')!;
    expect(g).toMatchObject({ n: 5, details: { slice: 'refunds', slice_cases: 6, excluded_infra_error: 1 } });
    const drill = gateDrilldown(temp.store, RUN, g.name);
    expect(drill).toEqual({
      gate: g.name,
      metric: 'task_success',
      used: 5,
      regressions: { count: 2, case_ids: ['r1', 'r2'] },
      improvements: { count: 1, case_ids: ['r3'] },
      excluded: { infra_error: { count: 1, case_ids: ['r4'] }, unreplayable: { count: 0, case_ids: [] }, missing_arm: 0, not_applicable: 0 },
      largest_ratios: [],
    });
    expect(ids(temp.store, g.name)).toEqual(['r0', 'r1', 'r2', 'r3', 'r5']);
    // Left out by the gate: r4 only; billing's infra-free exclusions (b3, b4) are not the gate's.
    expect(ids(temp.store, g.name, 'excluded')).toEqual(['r4']);
  });

  it('a selector gate: cases without a selected score are not applicable', () => {
    const gates = seed(temp.store);
    for (const name of ['Citation failures', 'Cites']) {
      const g = gates.find((x) => x.name === name)!;
      expect(g).toMatchObject({ n: 6, details: { excluded_null_metric: 4, excluded_infra_error: 1, excluded_missing_arm: 1, excluded_unreplayable_tool_call: 1 } });
      const drill = gateDrilldown(temp.store, RUN, name);
      expect(drill.used).toBe(6);
      expect(drill.excluded).toEqual({ infra_error: { count: 1, case_ids: ['r4'] }, unreplayable: { count: 1, case_ids: ['b4'] }, missing_arm: 1, not_applicable: 4 });
      expect(ids(temp.store, name)).toEqual(['r0', 'r1', 'r2', 'r3', 'b0', 'b1']);
    }
    expect(gateDrilldown(temp.store, RUN, 'Cites').regressions.case_ids).toEqual(['r2', 'b0']);
  });

  it('a selector gate on a slice: both restrictions', () => {
    const gates = seed(temp.store);
    const g = gates.find((x) => x.name === 'Citations in refunds')!;
    expect(g).toMatchObject({ n: 4, details: { scorer: 'citations', slice: 'refunds', slice_cases: 6, excluded_null_metric: 1, excluded_infra_error: 1 } });
    const drill = gateDrilldown(temp.store, RUN, g.name);
    expect(drill).toMatchObject({ used: 4, regressions: { count: 1, case_ids: ['r2'] }, improvements: { count: 1, case_ids: ['r3'] } });
    expect(drill.excluded).toEqual({ infra_error: { count: 1, case_ids: ['r4'] }, unreplayable: { count: 0, case_ids: [] }, missing_arm: 0, not_applicable: 1 });
    expect(ids(temp.store, g.name)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(ids(temp.store, g.name, 'excluded')).toEqual(['r4', 'r5']);
  });

  it('a gate on a list of slices: every listed slice and no other case', () => {
    const gates = seed(temp.store);
    const g = gates.find((x) => x.name === 'Both slices')!;
    expect(g).toMatchObject({ n: 9, details: { slice: 'refunds, billing', slice_cases: 12 } });
    const drill = gateDrilldown(temp.store, RUN, g.name);
    expect(drill.used).toBe(9);
    expect(drill.used + drill.excluded.infra_error.count + drill.excluded.unreplayable.count + drill.excluded.missing_arm + drill.excluded.not_applicable).toBe(12);
    expect(ids(temp.store, g.name)).not.toContain('n0');
    expect(ids(temp.store, g.name, 'excluded')).toEqual(['r4', 'b3', 'b4']);
  });

  it('max_rate gates on a slice count what evaluateMaxRate counted', () => {
    const gates = seed(temp.store);
    const infra = gates.find((x) => x.name === 'Refund infra')!;
    expect(infra).toMatchObject({ n: 6, details: { slice_cases: 6 } });
    expect(gateDrilldown(temp.store, RUN, infra.name).used).toBe(6);
    expect(ids(temp.store, infra.name)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    const rate = gates.find((x) => x.name === 'Billing citation rate')!;
    // The candidate arm of b0 and b1 (the billing cases with a citations score); b3 has no candidate.
    expect(rate).toMatchObject({ n: 2, details: { slice_cases: 6 } });
    const drill = gateDrilldown(temp.store, RUN, rate.name);
    expect(drill.used).toBe(2);
    expect(drill.excluded.missing_arm).toBe(1);
    expect(ids(temp.store, rate.name)).toEqual(['b0', 'b1']);
  });
});
