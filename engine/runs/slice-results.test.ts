import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../shared/gates/evaluate-policy.js';
import { NotFoundError } from '../errors.js';
import { caseOutcomes } from '../gates/case-outcomes.js';
import { decideRun, loadPolicy } from '../gates/decide-run.js';
import { gateRun } from '../gates/gate-run.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { OVERVIEW_SLICES, seedOverviewRun, sliceOf } from '../../test-support/overview-run.js';
import { groupBySlice, runSlices } from './slice-results.js';

let dir: string;
let ws: Workspace;
let store: Store;
let runId: string;
const CASES = 90;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-slices-'));
  ({ ws, store, runId } = seedOverviewRun(dir, CASES));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const defaultPolicyFile = () => join(ws.root, ws.config.defaults.policy);

describe('runSlices', () => {
  it('gates each slice with evaluatePolicy on exactly that slice’s outcomes, the policy text stored with the evaluation', async () => {
    const policy = loadPolicy(defaultPolicyFile());
    const { evaluationId } = decideRun(store, runId, policy);
    expect(store.gates.latest(runId)?.policyText).toBe(readFileSync(defaultPolicyFile(), 'utf8'));

    const got = await runSlices(store, ws, runId);
    expect(got.policy).toEqual({ name: 'model-upgrade', digest: policy.digest });
    expect(got.reason).toBeUndefined();
    expect(got.slices.map((s) => s.slice)).toEqual([...[...OVERVIEW_SLICES].sort(), null]);

    const outcomes = caseOutcomes(store, runId);
    for (const s of got.slices) {
      const mine = outcomes.filter((o) => (o.slice ?? null) === s.slice);
      // The shipped policy also gates the slice `unanswerable` on its own, which this run does not have: that gate
      // has no row here (a slice row shows the gates over all cases and those written for its slice).
      const overAll = { ...policy.policy, gates: policy.policy.gates.filter((g) => g.slice === undefined) };
      expect(overAll.gates.length).toBe(policy.policy.gates.length - 1);
      const direct = evaluatePolicy(overAll, mine, policy.digest);
      expect(s.cases).toBe(mine.length);
      expect(s.verdict).toBe(direct.verdict);
      expect(s.gates).toEqual(direct.gates);
    }
    // 90 cases: every 10th has no slice; the rest cycle through three slices.
    const counts = Object.fromEntries(got.slices.map((s) => [String(s.slice), s.cases]));
    const expected: Record<string, number> = { null: 0 };
    for (let i = 0; i < CASES; i++) expected[String(sliceOf(i) ?? null)] = (expected[String(sliceOf(i) ?? null)] ?? 0) + 1;
    expect(counts).toEqual(expected);
    // Small slices: the task-success gate cannot decide, and says how many cases would.
    const billing = got.slices.find((s) => s.slice === 'billing')!;
    const core = billing.gates.find((g) => g.name === 'Core task success')!;
    expect(core.verdict).toBe('INCONCLUSIVE');
    expect(core.samples_needed).toBeGreaterThan(billing.cases);
    // The refunds slice is where the candidate fails: its regression estimate is the largest.
    const estimate = (slice: string) => got.slices.find((s) => s.slice === slice)!.gates.find((g) => g.name === 'Core task success')!.estimate!;
    expect(estimate('refunds')).toBeGreaterThan(estimate('billing'));
    expect(estimate('refunds')).toBeGreaterThan(estimate('shipping'));

    // Stored with the evaluation: the second answer is read back, not computed again.
    expect(store.gates.slicesJson(evaluationId, store.gates.resultsState(runId).key)).toBe(JSON.stringify(got.slices));
    expect(await runSlices(store, ws, runId)).toEqual(got);
  });

  it('gating a run stores its slices with the evaluation, so the overview reads them instead of computing them', () => {
    const out = join(dir, 'report');
    const { evaluation } = gateRun({ store, workspaceRoot: ws.root, runId, policyFile: defaultPolicyFile(), outDir: out });
    const latest = store.gates.latest(runId)!;
    const stored = store.gates.slicesJson(latest.id, store.gates.resultsState(runId).key);
    expect(stored).toBeDefined();
    const slices = JSON.parse(stored!) as { slice: string | null; verdict: string }[];
    expect(slices.map((s) => s.slice)).toEqual([...[...OVERVIEW_SLICES].sort(), null]);
    expect(latest.evaluation.verdict).toBe(evaluation.verdict);
  });

  it('computes again when the run gets results after the slices were stored', async () => {
    decideRun(store, runId, loadPolicy(defaultPolicyFile()));
    const before = await runSlices(store, ws, runId);
    const shipping = store.results.byRun(runId).find((r) => r.arm === 'candidate' && r.status === 'infra_error')!;
    store.results.deleteInfraErrors(runId);
    store.results.insertMany([{ ...shipping, status: 'ok', outputText: 'ok', error: null, latencyMs: 300, costUsd: 0.001 }]);
    const after = await runSlices(store, ws, runId);
    expect(after).not.toEqual(before);
  });

  it('a run never gated: no policy, no slices, and the command that gates it', async () => {
    expect(await runSlices(store, ws, runId)).toEqual({ policy: null, slices: [], reason: `the run has not been gated yet: canary-gate gate --run ${runId}` });
  });

  it('an evaluation stored before policy texts were kept: the default policy file when its digest matches, else none with a reason', async () => {
    const policy = loadPolicy(defaultPolicyFile());
    const outcomes = caseOutcomes(store, runId);
    store.gates.insert(runId, evaluatePolicy(policy.policy, outcomes, policy.digest));
    const fallback = await runSlices(store, ws, runId);
    expect(fallback.policy).toEqual({ name: 'model-upgrade', digest: policy.digest });
    expect(fallback.slices).toHaveLength(OVERVIEW_SLICES.length + 1);

    writeFileSync(defaultPolicyFile(), `${readFileSync(defaultPolicyFile(), 'utf8')}\n# edited since\n`);
    store.gates.insert(runId, evaluatePolicy(policy.policy, outcomes, policy.digest));
    const none = await runSlices(store, ws, runId);
    expect(none.policy).toBeNull();
    expect(none.slices).toEqual([]);
    expect(none.reason).toContain(`before policies were stored with evaluations, and the workspace's evals/policies/model-upgrade.yaml is not that file`);
    expect(none.reason).toContain(`canary-gate gate --run ${runId}`);
  });

  it('a partial run gated with --allow-incomplete: no slice is PASS', async () => {
    const lenient = join(dir, 'lenient.yaml');
    writeFileSync(lenient, 'name: lenient\ngates:\n  - { metric: infra_error, kind: max_rate, max_rate: 0.9 }\n');
    store.runs.setStatus(runId, 'interrupted');
    decideRun(store, runId, loadPolicy(lenient), { allowIncomplete: true });
    const got = await runSlices(store, ws, runId);
    expect(got.slices.length).toBe(OVERVIEW_SLICES.length + 1);
    for (const s of got.slices) {
      expect(s.verdict).toBe('INCONCLUSIVE');
      expect(s.gates[0]!.reason).toMatch(/^INCOMPLETE RUN: passed on a partial sample/);
    }
  });

  it('an unknown run is not found', async () => {
    await expect(runSlices(store, ws, 'run-nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('groupBySlice', () => {
  it('named slices in name order, then the cases without one', () => {
    const o = (caseId: string, slice?: string) => ({ caseId, ...(slice ? { slice } : {}), baseline: null, candidate: null });
    const groups = groupBySlice([o('a', 'z'), o('b'), o('c', 'a'), o('d', 'z')]);
    expect(groups.map((g) => [g.slice, g.cases.map((c) => c.caseId)])).toEqual([
      ['a', ['c']],
      ['z', ['a', 'd']],
      [null, ['b']],
    ]);
  });
});
