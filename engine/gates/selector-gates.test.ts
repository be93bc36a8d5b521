import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GateResult } from '../../shared/domain/gate-result.js';
import type { Arm } from '../../shared/domain/run.js';
import type { FailureCategory, ScorerType } from '../../shared/domain/scorer-spec.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import { selectorsOfMetrics } from '../../shared/gates/metric-selector.js';
import { OVERVIEW_BASELINE, OVERVIEW_CANDIDATE } from '../../test-support/overview-run.js';
import { fingerprint } from '../hashing.js';
import { REPORT_FILE } from '../reports/export-report.js';
import { computeRunSlices, evaluateSlices, runSlices } from '../runs/slice-results.js';
import { gatePolicySchema } from '../../shared/domain/policy.js';
import { openStore, type NewResult, type ScoreRow, type Store } from '../store/index.js';
import { initWorkspace, openWorkspace, type Workspace } from '../workspace.js';
import { caseOutcomes, forEachCaseEvidence } from './case-outcomes.js';
import { decideRun, loadPolicy } from './decide-run.js';
import { gateRun } from './gate-run.js';

let dir: string;
let ws: Workspace;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-selector-gates-'));
  initWorkspace(dir);
  ws = openWorkspace(dir);
  store = openStore(ws.databaseFile);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One stored score of an attempt: [name, scorer type, category, passed, error?]. */
type S = [string, ScorerType, FailureCategory, boolean, string?];
/** An attempt: its scores, or an infra error. */
type Attempt = S[] | 'infra';
interface SeedCase {
  slice?: string;
  baseline: Attempt[];
  candidate: Attempt[];
}

/** A completed run of these cases (`repeats` attempts per arm), its scores stored as given (no scorer runs). */
function seedRun(runId: string, cases: readonly SeedCase[], repeats: number): string {
  const evalCases: EvalCase[] = cases.map((c, i) => ({
    id: `case-${String(i).padStart(4, '0')}`,
    input: { messages: [{ role: 'user', content: `Question ${i}` }] },
    expectations: [{ type: 'contains', value: 'ok' }],
    tags: [],
    ...(c.slice ? { slice: c.slice } : {}),
    severity: 'medium',
    origin: 'traffic',
    status: 'active',
  }));
  const suiteId = store.suites.upsert(`suite-${runId}`, fingerprint(evalCases), null, evalCases);
  const refs = store.suites.activeCaseRefs(suiteId);
  const b = store.targets.upsert('baseline', fingerprint(OVERVIEW_BASELINE), OVERVIEW_BASELINE, true);
  const c = store.targets.upsert('candidate', fingerprint(OVERVIEW_CANDIDATE), OVERVIEW_CANDIDATE, false);
  store.runs.create(runId, suiteId, b, c, repeats);
  const rows: NewResult[] = [];
  const wanted = new Map<string, S[]>();
  refs.forEach((ref, i) => {
    for (const arm of ['baseline', 'candidate'] as Arm[]) {
      cases[i]![arm].forEach((a, attempt) => {
        const infra = a === 'infra';
        rows.push({
          runId,
          caseId: ref.id,
          arm,
          attempt,
          status: infra ? 'infra_error' : 'ok',
          outputText: infra ? null : 'an answer',
          finishReason: infra ? null : 'stop',
          toolCallsJson: null,
          error: infra ? 'HTTP 503' : null,
          latencyMs: infra ? null : 200,
          promptTokens: null,
          completionTokens: null,
          costUsd: infra ? null : 0.001,
          retries: 0,
        });
        if (!infra) wanted.set(`${ref.id}/${arm}/${attempt}`, a);
      });
    }
  });
  store.results.insertMany(rows);
  const scores: ScoreRow[] = [];
  for (const r of store.results.byRun(runId)) {
    for (const [name, scorer, category, passed, error] of wanted.get(`${r.caseId}/${r.arm}/${r.attempt}`) ?? []) {
      scores.push({ resultId: r.id, name, scorer, category, passed, severity: 'medium', detail: '', ...(error ? { error } : {}) });
    }
  }
  store.scores.insertMany(scores);
  store.runs.setStatus(runId, 'completed');
  return runId;
}

const ok: S = ['contains ok', 'contains', 'task_success', true];
const schema = (passed: boolean): S => ['schema', 'json_schema', 'format_violation', passed];
const leak = (passed: boolean, error?: string): S => ['no leaks', 'pii_leak', 'pii_leak', passed, ...(error ? [error] : [])] as S;

describe('selector metrics from stored scores (forEachCaseEvidence)', () => {
  const CASES: SeedCase[] = [
    // Two attempts per arm: the candidate's schema fails in one of two attempts (share 0.5).
    { baseline: [[ok, schema(true)], [ok, schema(true)]], candidate: [[ok, schema(true)], [ok, schema(false)]] },
    // No json_schema expectation; the candidate leaks in attempt 0, attempt 1's leak scorer errored (left out).
    { baseline: [[ok, leak(true)], [ok, leak(true)]], candidate: [[ok, leak(false)], [ok, leak(false, 'judge timed out')]] },
    // A contains expectation filed under pii_leak: the category selects it, the pii_leak scorer type does not.
    { baseline: [[['no email', 'not_contains', 'pii_leak', true]], [['no email', 'not_contains', 'pii_leak', true]]], candidate: [[['no email', 'not_contains', 'pii_leak', false]], [['no email', 'not_contains', 'pii_leak', true]]] },
    // The candidate's every attempt is an infra error: no value.
    { baseline: [[ok, schema(false)], [ok, schema(true)]], candidate: ['infra', 'infra'] },
  ];
  const metrics = ['scorer:json_schema', 'scorer:pii_leak', 'category:pii_leak', 'expectation:schema'] as const;

  it('computes each asked selector’s failure share per arm: mean over attempts, errored scores left out', () => {
    seedRun('run-sel', CASES, 2);
    const outcomes = caseOutcomes(store, 'run-sel', selectorsOfMetrics(metrics));
    const shares = outcomes.map((o) => [o.baseline?.selectorFailures, o.candidate?.selectorFailures]);
    expect(shares).toEqual([
      [
        { 'scorer:json_schema': 0, 'scorer:pii_leak': null, 'category:pii_leak': null, 'expectation:schema': 0 },
        { 'scorer:json_schema': 0.5, 'scorer:pii_leak': null, 'category:pii_leak': null, 'expectation:schema': 0.5 },
      ],
      [
        { 'scorer:json_schema': null, 'scorer:pii_leak': 0, 'category:pii_leak': 0, 'expectation:schema': null },
        { 'scorer:json_schema': null, 'scorer:pii_leak': 1, 'category:pii_leak': 1, 'expectation:schema': null },
      ],
      [
        { 'scorer:json_schema': null, 'scorer:pii_leak': null, 'category:pii_leak': 0, 'expectation:schema': null },
        { 'scorer:json_schema': null, 'scorer:pii_leak': null, 'category:pii_leak': 0.5, 'expectation:schema': null },
      ],
      [
        { 'scorer:json_schema': 0.5, 'scorer:pii_leak': null, 'category:pii_leak': null, 'expectation:schema': 0.5 },
        { 'scorer:json_schema': null, 'scorer:pii_leak': null, 'category:pii_leak': null, 'expectation:schema': null },
      ],
    ]);
    // The built-in metrics are unchanged by selectors: task success is every decided score of the attempt passing.
    expect(outcomes.map((o) => o.candidate?.taskSuccess)).toEqual([0.5, 0.5, 0.5, null]);
  });

  it('computes nothing it is not asked for, and reads scorer types only for a scorer: selector', () => {
    seedRun('run-sel', CASES, 2);
    const plain = caseOutcomes(store, 'run-sel', []);
    expect(plain.every((o) => o.baseline !== null && !('selectorFailures' in o.baseline))).toBe(true);
    const seen: (string | undefined)[] = [];
    forEachCaseEvidence(store, 'run-sel', (e) => e.scoresByResult.forEach((list) => list.forEach((s) => seen.push(s.scorer))), selectorsOfMetrics(['category:pii_leak']));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s === undefined)).toBe(true);
    const typed = new Set<string | undefined>();
    forEachCaseEvidence(store, 'run-sel', (e) => e.scoresByResult.forEach((list) => list.forEach((s) => typed.add(s.scorer))), selectorsOfMetrics(['scorer:pii_leak']));
    expect([...typed].sort()).toEqual(['contains', 'json_schema', 'not_contains', 'pii_leak']);
  });

  it('by default computes the selectors of the run’s latest evaluation (what the case views of its gates read)', () => {
    seedRun('run-sel', CASES, 2);
    expect(caseOutcomes(store, 'run-sel')[0]!.baseline).not.toHaveProperty('selectorFailures');
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'name: p\ngates:\n  - { metric: "category:pii_leak", kind: new_failures }\n');
    decideRun(store, 'run-sel', loadPolicy(file));
    expect(caseOutcomes(store, 'run-sel')[1]!.candidate!.selectorFailures).toEqual({ 'category:pii_leak': 1 });
  });
});

/**
 * 1,000 cases: 100 `refunds`, 20 `pii`, 880 `billing`. The baseline passes everything; the candidate fails 12 refunds
 * cases (1.5 % of the run with the leaks below is no 3-point regression; 12 % of refunds is) and leaks PII in 3 of
 * the 20 `pii` cases checked for leaks (the only cases with a pii_leak expectation).
 */
function sliceRegressionRun(): string {
  const cases: SeedCase[] = [];
  for (let i = 0; i < 1000; i++) {
    const slice = i < 100 ? 'refunds' : i < 120 ? 'pii' : 'billing';
    const candidatePasses = !(slice === 'refunds' && i < 12);
    const checked = slice === 'pii';
    const leaks = checked && i >= 100 && i < 103;
    cases.push({
      slice,
      baseline: [[ok, ...(checked ? [leak(true)] : [])]],
      candidate: [[candidatePasses ? ok : (['contains ok', 'contains', 'task_success', false] as S), ...(checked ? [leak(!leaks)] : [])]],
    });
  }
  return seedRun('run-slices', cases, 1);
}

const POLICY = `name: slice-demo
gates:
  - { name: Core task success, metric: task_success, kind: paired_proportion, max_regression_points: 3 }
  - { metric: task_success, kind: paired_proportion, max_regression_points: 3, slice: refunds }
  - { metric: "category:pii_leak", kind: new_failures, tolerance: zero, critical: true }
  - { metric: "category:pii_leak", kind: new_failures, tolerance: zero, slice: refund }
`;

describe('the memory of selector values', () => {
  it('arms with the same 0/1/null values share one frozen record; an averaged share gets its own', () => {
    sliceRegressionRun();
    const outcomes = caseOutcomes(store, 'run-slices', selectorsOfMetrics(['category:pii_leak', 'scorer:contains']));
    const records = new Set(outcomes.flatMap((o) => [o.baseline!.selectorFailures, o.candidate!.selectorFailures]));
    // 2,000 arms, four combinations: (null, 0) and the 12 failed refunds' (null, 1) outside the pii slice, (0, 0)
    // and the 3 leaks' (1, 0) in it.
    expect(records.size).toBe(4);
    expect([...records].every((r) => Object.isFrozen(r))).toBe(true);
    expect(outcomes[100]!.candidate!.selectorFailures).toEqual({ 'category:pii_leak': 1, 'scorer:contains': 0 });
    seedRun('run-avg', [{ baseline: [[leak(true)], [leak(false)]], candidate: [[leak(true)], [leak(true)]] }], 2);
    const [avg] = caseOutcomes(store, 'run-avg', selectorsOfMetrics(['category:pii_leak']));
    expect(avg!.baseline!.selectorFailures).toEqual({ 'category:pii_leak': 0.5 });
    expect(Object.isFrozen(avg!.baseline!.selectorFailures)).toBe(false);
  });
});

describe('a regression confined to one slice', () => {
  it('PASSes the run-wide gate, FAILs the gate on its slice; report details and the slice table say so', async () => {
    const runId = sliceRegressionRun();
    const policyFile = join(dir, 'evals', 'policies', 'slice-demo.yaml');
    writeFileSync(policyFile, POLICY);
    const outDir = join(dir, 'out');
    const { evaluation } = gateRun({ store, workspaceRoot: ws.root, runId, policyFile, outDir });
    const byName = (gates: readonly GateResult[], name: string) => gates.find((g) => g.name === name)!;

    const overall = byName(evaluation.gates, 'Core task success');
    expect(overall).toMatchObject({ verdict: 'PASS', n: 1000, baseline: 1 });
    // 12 refunds failures and the 3 leaks (a failed score fails task success too).
    expect(overall.candidate).toBeCloseTo(985 / 1000, 12);
    expect(overall.estimate).toBeCloseTo(1.5, 10);
    expect(overall.upper!).toBeLessThan(3);

    const refunds = byName(evaluation.gates, 'Core task success in slice refunds');
    expect(refunds).toMatchObject({ verdict: 'FAIL', n: 100, baseline: 1 });
    expect(refunds.candidate).toBeCloseTo(88 / 100, 12);
    expect(refunds.estimate).toBeCloseTo(12, 10);
    expect(refunds.lower!).toBeGreaterThan(3);
    expect(refunds.details).toMatchObject({ slice: 'refunds', slice_cases: 100, b: 12, c: 0 });

    // Only the 20 cases checked for leaks count; 3 new leaks FAIL zero tolerance.
    const pii = byName(evaluation.gates, 'pii_leak failures');
    expect(pii).toMatchObject({ verdict: 'FAIL', n: 20, critical: true });
    expect(pii.details).toMatchObject({ category: 'pii_leak', b: 3, c: 0, excluded_null_metric: 980 });

    // A misspelled slice gates nothing: INCONCLUSIVE, naming the slice meant.
    const typo = byName(evaluation.gates, 'pii_leak failures in slice refund');
    expect(typo).toMatchObject({ verdict: 'INCONCLUSIVE', n: 0, reason: 'no cases in slice refund — did you mean refunds?' });
    expect(evaluation.verdict).toBe('FAIL');

    // The signed report carries the selector and the slice in each gate's details.
    const report = JSON.parse(readFileSync(join(outDir, REPORT_FILE), 'utf8')) as { gates: GateResult[] };
    expect(report.gates.map((g) => [g.metric, g.details.slice ?? null, g.details.category ?? null])).toEqual([
      ['task_success', null, null],
      ['task_success', 'refunds', null],
      ['category:pii_leak', null, 'pii_leak'],
      ['category:pii_leak', 'refund', 'pii_leak'],
    ]);

    // The slice table: the refunds row FAILs the run-wide gate on its own cases and shows the slice gate under the
    // same name; billing has no column for it (the gate is not about billing) and PASSes task success.
    const { slices } = await runSlices(store, ws, runId);
    const row = (slice: string) => slices.find((s) => s.slice === slice)!;
    expect(row('refunds').cases).toBe(100);
    expect(byName(row('refunds').gates, 'Core task success')).toMatchObject({ verdict: 'FAIL', n: 100 });
    expect(byName(row('refunds').gates, 'Core task success in slice refunds')).toMatchObject({ verdict: 'FAIL', n: 100, estimate: refunds.estimate });
    expect(row('billing').gates.map((g) => g.name)).toEqual(['Core task success', 'pii_leak failures']);
    expect(byName(row('billing').gates, 'Core task success')).toMatchObject({ verdict: 'PASS', n: 880 });
    expect(byName(row('pii').gates, 'pii_leak failures')).toMatchObject({ verdict: 'FAIL', n: 20 });
    expect(byName(row('pii').gates, 'pii_leak failures').details).toMatchObject({ b: 3 });
    // Computed afresh (the worker thread's path: it reads the outcomes itself, with the policy's selectors), the same.
    expect(computeRunSlices(store, runId, loadPolicy(policyFile).policy, evaluation.policy)).toEqual(slices);
  });
});

describe('evaluateSlices with slice gates', () => {
  it('a gate on a list of slices is evaluated in each listed slice’s row alone, keeps its name and written slices, and is absent elsewhere', () => {
    const arm = (fail: number) => ({ infraError: false, taskSuccess: 1 - fail, highSeverityFailure: null, citationValid: null, abstentionOk: null, overRefusal: null, latencyMs: 100, costUsd: 0.001 });
    const outcomes = ['a', 'a', 'b', 'c', undefined].map((slice, i) => ({ caseId: `k${i}`, ...(slice ? { slice } : {}), baseline: arm(0), candidate: arm(i === 1 ? 1 : 0) }));
    const policy = gatePolicySchema.parse({ name: 'p', gates: [{ metric: 'task_success', kind: 'new_failures', slice: ['a', 'b'] }, { metric: 'task_success', kind: 'max_rate', max_rate: 0.5 }] });
    const rows = evaluateSlices(policy, 'sha256:x', outcomes);
    expect(rows.map((r) => [r.slice, r.gates.map((g) => g.name)])).toEqual([
      ['a', ['Core task success in slices a, b', 'Core task success']],
      ['b', ['Core task success in slices a, b', 'Core task success']],
      ['c', ['Core task success']],
      [null, ['Core task success']],
    ]);
    const a = rows[0]!.gates[0]!;
    expect(a).toMatchObject({ n: 2, verdict: 'FAIL' });
    expect(a.details).toMatchObject({ slice: 'a, b', slice_cases: 2, b: 1 });
    expect(rows[1]!.gates[0]!).toMatchObject({ n: 1, details: { slice: 'a, b', slice_cases: 1, b: 0 } });
  });
});
