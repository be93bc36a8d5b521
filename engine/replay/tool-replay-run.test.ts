import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { gateRun } from '../gates/gate-run.js';
import { importIntoWorkspace } from '../importers/import-into-workspace.js';
import { packageRoot } from '../package-root.js';
import { useReplayWorkspace } from '../../test-support/replay-workspace.js';
import { loadBehaviours, simulateCompletion } from '../sim/index.js';
import { buildChatRequest } from './build-request.js';
import { executeReplay } from './execute-replay.js';
import { prepareRun } from './prepare-run.js';
import type { UnreplayableToolCall } from './tool-replay.js';

const t = useReplayWorkspace('cg-tool-replay-');

describe('replaying conversations with tool calls', () => {
  it('answers matching calls from the recorded results and stops at calls it cannot answer', async () => {
    await importIntoWorkspace(t.ws, t.store, { paths: [join(packageRoot(), 'fixtures/traffic/support-bot-capture.jsonl')] });
    const suiteFile = join(t.dir, 'evals/suites/tools.yaml');
    writeFileSync(suiteFile, stringify({ name: 'tools', traffic: { slices: ['tool_use'] } }));
    const targets = t.targets();
    const { run, suite } = prepareRun(t.store, { suiteFile, suiteSource: 'tools.yaml', ...targets, repeats: 1 });
    expect(suite.cases).toHaveLength(50);
    // Every case starts at the user's question; the app's lookup and its result are the answer book.
    for (const c of suite.cases) {
      expect(c.input.messages.at(-1)!.role).toBe('user');
      expect(c.input.tool_results).toHaveLength(1);
    }
    // What the candidate will do on the first call, straight from the simulator (the same deterministic model).
    const behaviours = loadBehaviours();
    const garbled = suite.cases.filter((c) => simulateCompletion(behaviours, 'sim-candidate', buildChatRequest(c, targets.candidate.target) as never).deviation === 'tool_argument_error');
    expect(garbled.length).toBeGreaterThan(0);

    const outcome = await executeReplay(t.store, t.ws, run.id, targets, { simUrl: t.sim.url, concurrency: 8 });
    expect(outcome).toMatchObject({ interrupted: false, infraErrors: 0, unreplayableToolCalls: garbled.length });
    const results = t.store.results.byRun(run.id);
    const baseline = results.filter((r) => r.arm === 'baseline');
    // The baseline looked every order up, got the recorded result and answered from it.
    expect(baseline.every((r) => r.toolRounds === 1 && r.unreplayableToolCall === null && r.finishReason === 'stop')).toBe(true);
    const byKey = new Map(t.store.suites.activeCases(run.suiteId).map((c) => [c.id, c.evalCase]));
    for (const r of baseline) {
      const recorded = JSON.parse(byKey.get(r.caseId)!.input.tool_results![0]!.content) as { status: string };
      expect(r.outputText).toContain(recorded.status);
    }
    // Two calls per case for the baseline: the lookup, then the answer.
    expect(t.sim.requestLog.filter((e) => e.model === 'sim-baseline')).toHaveLength(100);

    const stuck = results.filter((r) => r.arm === 'candidate' && r.unreplayableToolCall !== null);
    expect(new Set(stuck.map((r) => byKey.get(r.caseId)!.id))).toEqual(new Set(garbled.map((c) => c.id)));
    for (const r of stuck) {
      const call = JSON.parse(r.unreplayableToolCall!) as UnreplayableToolCall;
      expect(call).toMatchObject({ name: 'lookup_order', round: 0, reason: 'no_recorded_result' });
      expect(call.arguments).toMatch(/^\{"order_id":"\d+"\}$/);
    }
    // Unreplayable results are not scored: there is no answer to judge.
    expect(outcome.scored.results).toBe(100 - garbled.length);

    const { exported } = gateRun({ store: t.store, workspaceRoot: t.dir, runId: run.id, policyFile: join(t.dir, 'evals/policies/model-upgrade.yaml'), outDir: join(t.dir, 'out') });
    expect(exported.report.run.unreplayable_tool_calls).toEqual({ baseline: 0, candidate: garbled.length });
    expect(exported.report.notes.some((n) => n.startsWith(`UNREPLAYABLE TOOL CALLS: in 0 baseline and ${garbled.length} candidate`))).toBe(true);
    // Cost per request per slice and arm: the candidate is the cheaper model.
    const [slice] = exported.report.slices;
    expect(slice).toMatchObject({ slice: 'tool_use', cases: 50 });
    expect(slice!.candidate_cost_per_request!).toBeGreaterThan(0);
    expect(slice!.candidate_cost_per_request!).toBeLessThan(slice!.baseline_cost_per_request!);
    expect(readFileSync(exported.files.markdown, 'utf8')).toContain(`| tool_use | 50 | 100.0% |`);
    const taskSuccess = exported.report.gates.find((g) => g.metric === 'task_success')!;
    expect(taskSuccess.details).toMatchObject({ excluded_unreplayable_tool_call: garbled.length });

    // Every round was cached: a new run of the same targets makes no call at all.
    const before = t.sim.requestLog.length;
    const again = prepareRun(t.store, { suiteFile, suiteSource: 'tools.yaml', ...targets, repeats: 1, forceNew: true });
    const second = await executeReplay(t.store, t.ws, again.run.id, targets, { simUrl: t.sim.url, concurrency: 8 });
    expect(t.sim.requestLog.length).toBe(before);
    expect(second).toMatchObject({ called: 0, unreplayableToolCalls: garbled.length });
    expect(t.store.results.byRun(again.run.id).map((r) => [r.outputText, r.toolRounds, r.unreplayableToolCall])).toEqual(results.map((r) => [r.outputText, r.toolRounds, r.unreplayableToolCall]));
  });

  it('batch mode replays the same tool conversations, one batch round per model call', async () => {
    await importIntoWorkspace(t.ws, t.store, { paths: [join(packageRoot(), 'fixtures/traffic/support-bot-capture.jsonl')] });
    const suiteFile = join(t.dir, 'evals/suites/tools.yaml');
    writeFileSync(suiteFile, stringify({ name: 'tools', traffic: { slices: ['tool_use'], limit_per_slice: 20 } }));
    const targets = t.targets();
    const interactive = prepareRun(t.store, { suiteFile, suiteSource: 'tools.yaml', ...targets, repeats: 1 }).run;
    await executeReplay(t.store, t.ws, interactive.id, targets, { simUrl: t.sim.url, concurrency: 8, cache: false });
    const batched = prepareRun(t.store, { suiteFile, suiteSource: 'tools.yaml', ...targets, repeats: 1, forceNew: true }).run;
    const outcome = await executeReplay(t.store, t.ws, batched.id, targets, { simUrl: t.sim.url, cache: false, batch: true, batchPollMs: 5 });
    const what = (runId: string) => t.store.results.byRun(runId).map((r) => [r.caseId, r.arm, r.status, r.outputText, r.toolCallsJson, r.toolRounds, r.unreplayableToolCall, r.promptTokens, r.completionTokens]);
    expect(what(batched.id)).toEqual(what(interactive.id));
    expect(t.store.results.byRun(batched.id).filter((r) => r.arm === 'baseline').every((r) => r.toolRounds === 1)).toBe(true);
    // The lookups went up in a first batch per arm, the answers after the tool results in a second.
    const rounds = ('batches' in outcome ? outcome.batches.map((b) => [b.arm, b.requests]) : []).sort();
    const unreplayable = t.store.results.byRun(batched.id).filter((r) => r.unreplayableToolCall !== null).length;
    expect(rounds).toEqual([
      ['baseline', 20],
      ['baseline', 20],
      ['candidate', 20],
      ['candidate', 20 - unreplayable - t.store.results.byRun(batched.id).filter((r) => r.arm === 'candidate' && r.toolRounds === 0 && r.unreplayableToolCall === null).length],
    ].sort());
  });
});
