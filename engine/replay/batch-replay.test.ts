import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useReplayWorkspace, writeInvoiceSuite } from '../../test-support/replay-workspace.js';
import { requestHash, type SimServer, type SimServerOptions } from '../sim/index.js';
import type { ResultRow, Store } from '../store/index.js';
import { resolveTarget } from '../targets/resolve-target.js';
import { openWorkspace, type Workspace } from '../workspace.js';
import { toAnthropicRequest } from '../providers/anthropic-request.js';
import { gateRun } from '../gates/gate-run.js';
import { batchCustomId } from './batch-replay.js';
import { executeReplay } from './execute-replay.js';
import { prepareRun } from './prepare-run.js';
import { taskRequestBody } from './run-tasks.js';

const CASES = 12;

const writeSuite = (dir: string): string => writeInvoiceSuite(dir, 'batch-test', CASES);

const t = useReplayWorkspace('cg-batch-');
let dir: string;
let ws: Workspace;
let store: Store;
let sim: SimServer;
let suiteFile: string;
/** Replaces this test's sim server with one started with these options. */
const startSim = async (opts: SimServerOptions = {}) => {
  await t.restartSim(opts);
  sim = t.sim;
};
beforeEach(() => {
  ({ dir, ws, store, sim } = t);
  suiteFile = writeSuite(dir);
});

const targets = () => ({ baseline: resolveTarget(ws.config, 'baseline', ws.configFile), candidate: resolveTarget(ws.config, 'candidate', ws.configFile) });
const newRun = (repeats = 1) => prepareRun(store, { suiteFile, suiteSource: 'batch.yaml', ...targets(), repeats, forceNew: true }).run;
/** What a result says, without what depends on how it was called (timing, cache, retries). */
const answers = (rows: ResultRow[]) => rows.map((r) => [r.caseId, r.arm, r.attempt, r.status, r.outputText, r.finishReason, r.promptTokens, r.completionTokens, r.costUsd]);
const useAnthropic = () => {
  writeFileSync(ws.configFile, readFileSync(ws.configFile, 'utf8').replaceAll('provider: openai-chat', 'provider: anthropic-messages'));
  ws = openWorkspace(dir);
};

describe('replay --batch', () => {
  for (const provider of ['openai-chat', 'anthropic-messages'] as const) {
    it(`stores the same rows as interactive replay, with identical answers for the same seeds (${provider})`, async () => {
      if (provider === 'anthropic-messages') useAnthropic();
      const t = targets();
      const interactive = newRun(2);
      await executeReplay(store, ws, interactive.id, t, { simUrl: sim.url, cache: false });
      const interactiveHashes = sim.requestLog.map((e) => e.requestHash).sort();
      const logged = sim.requestLog.length;

      const batched = newRun(2);
      const batches: string[] = [];
      const progress: number[] = [];
      const outcome = await executeReplay(store, ws, batched.id, t, {
        simUrl: sim.url, cache: false, batch: true, batchPollMs: 5,
        onBatch: (b) => batches.push(`${b.arm}:${b.status}`),
        onProgress: (p) => progress.push(p.done),
      });
      expect(outcome).toMatchObject({ total: CASES * 2 * 2, called: CASES * 2 * 2, infraErrors: 0, interrupted: false, cacheHits: 0 });
      expect(outcome.batches.map((b) => [b.arm, b.provider, b.status, b.requests, b.resumed])).toEqual([
        ['baseline', provider, 'collected', CASES * 2, false],
        ['candidate', provider, 'collected', CASES * 2, false],
      ]);
      expect(batches.sort()).toEqual(['baseline:collected', 'baseline:submitted', 'candidate:collected', 'candidate:submitted']);
      expect(progress.at(-1)).toBe(CASES * 4);
      expect(store.runs.get(batched.id)!.status).toBe('completed');

      const a = store.results.byRun(interactive.id);
      const b = store.results.byRun(batched.id);
      expect(b).toHaveLength(CASES * 4);
      expect(answers(b)).toEqual(answers(a));
      // Repeats were seeded apart, and the answers really differ from one attempt to the next somewhere.
      expect(new Set(b.map((r) => r.outputText)).size).toBeGreaterThan(CASES);
      // A batch answer is not timed: no latency is made up for it, so a latency gate has no data to pass on.
      expect(b.every((r) => r.latencyMs === null && r.retries === 0 && !r.cached)).toBe(true);
      const { evaluation } = gateRun({ store, workspaceRoot: ws.root, runId: batched.id, policyFile: join(dir, ws.config.defaults.policy), outDir: join(dir, 'out') });
      expect(evaluation.gates.find((g) => g.metric === 'latency_ms')).toMatchObject({ verdict: 'INCONCLUSIVE', n: 0 });
      expect(outcome.spentUsd).toBeCloseTo(b.reduce((s, r) => s + r.costUsd!, 0), 10);
      expect(outcome.scored).toMatchObject({ results: CASES * 4, scores: CASES * 4 });
      // The batch lines were exactly the interactive requests: same bodies, one line each, one batch per arm.
      const lines = sim.requestLog.slice(logged);
      expect(lines.map((e) => e.requestHash).sort()).toEqual(interactiveHashes);
      expect(new Set(lines.map((e) => e.batchId))).toEqual(new Set(outcome.batches.map((x) => x.batchId)));
    });
  }

  it('stores failed batch lines as infra errors, and a retry of those submits only them', async () => {
    await startSim({ faults: { rate500: 0.3 } });
    const t = targets();
    const run = newRun();
    const first = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    const faulted = sim.requestLog.filter((e) => e.fault === 'server_error').length;
    expect(faulted).toBeGreaterThan(2);
    expect(first.infraErrors).toBe(faulted);
    const rows = store.results.byRun(run.id);
    expect(rows).toHaveLength(CASES * 2);
    const infra = rows.filter((r) => r.status === 'infra_error');
    expect(infra).toHaveLength(faulted);
    expect(infra.every((r) => /^http: HTTP 500: .*simulated/.test(r.error ?? '') && r.outputText === null)).toBe(true);
    // Scored as infra errors, never as quality failures: only answered rows get scores.
    expect(first.scored).toMatchObject({ results: CASES * 2 - faulted, scores: CASES * 2 - faulted });

    // --retry-infra-errors: forget them and replay again; a new batch part carries exactly those calls.
    expect(store.results.deleteInfraErrors(run.id)).toBe(faulted);
    const second = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(second).toMatchObject({ alreadyDone: CASES * 2 - faulted, called: faulted, infraErrors: 0, interrupted: false });
    expect(second.batches.reduce((n, b) => n + b.requests, 0)).toBe(faulted);
    expect(second.batches.every((b) => b.part === 1 && !b.resumed)).toBe(true);
    expect(store.results.byRun(run.id).every((r) => r.status === 'ok')).toBe(true);
  });

  it('resumes after an interruption by polling the batches already submitted, never submitting them again', async () => {
    await startSim({ batchProcessingMs: 300 });
    const t = targets();
    const run = newRun();
    const abort = new AbortController();
    const submitted: string[] = [];
    const first = await executeReplay(store, ws, run.id, t, {
      simUrl: sim.url, batch: true, batchPollMs: 5, signal: abort.signal,
      // Ctrl-C as soon as both arms' batches are up.
      onBatch: (b) => {
        submitted.push(b.batchId);
        if (submitted.length === 2) abort.abort();
      },
    });
    expect(first).toMatchObject({ interrupted: true, stoppedBy: 'signal', called: 0 });
    expect(store.results.counts(run.id).total).toBe(0);
    expect(store.runs.get(run.id)!.status).toBe('interrupted');
    expect(store.batchJobs.byRun(run.id).map((j) => [j.batchId, j.status])).toEqual(submitted.map((id) => [id, 'submitted']));
    expect(sim.requestLog).toHaveLength(0); // the provider has not answered anything yet

    const resumed = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(resumed).toMatchObject({ interrupted: false, alreadyDone: 0, called: CASES * 2 });
    expect(resumed.batches.map((b) => [b.batchId, b.resumed, b.status])).toEqual(submitted.map((id) => [id, true, 'collected']));
    // The sim answered each call once, inside the two batches submitted before the interruption.
    expect(sim.requestLog).toHaveLength(CASES * 2);
    expect(new Set(sim.requestLog.map((e) => e.batchId))).toEqual(new Set(submitted));
    expect(new Set(sim.requestLog.map((e) => e.requestHash)).size).toBe(CASES * 2);
    expect(store.results.byRun(run.id)).toHaveLength(CASES * 2);
    expect(store.runs.get(run.id)!.status).toBe('completed');

    // Run again: nothing is missing, so nothing is submitted or called.
    const again = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(again).toMatchObject({ alreadyDone: CASES * 2, called: 0, batches: [] });
    expect(sim.requestLog).toHaveLength(CASES * 2);
  });

  it('stops polling at the overall deadline, leaving the submitted batches for the resume', async () => {
    await startSim({ batchProcessingMs: 1000 });
    const t = targets();
    const run = newRun();
    const started = performance.now();
    const first = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5, deadlineMs: 150 });
    expect(performance.now() - started).toBeLessThan(900); // did not wait for the batches to end
    expect(first).toMatchObject({ interrupted: true, stoppedBy: 'deadline', called: 0 });
    expect(store.runs.get(run.id)!.status).toBe('interrupted');
    expect(store.batchJobs.byRun(run.id).map((j) => j.status)).toEqual(['submitted', 'submitted']);
    const resumed = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(resumed).toMatchObject({ interrupted: false, called: CASES * 2 });
    expect(resumed.batches.every((b) => b.resumed)).toBe(true);
  });

  it('submits again the calls of a batch the provider no longer knows (the embedded sim restarted)', async () => {
    await startSim({ batchProcessingMs: 60_000 });
    const t = targets();
    const run = newRun();
    const abort = new AbortController();
    let submitted = 0;
    await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5, signal: abort.signal, onBatch: () => ++submitted === 2 && abort.abort() });
    const before = store.batchJobs.byRun(run.id).map((j) => j.batchId);
    await startSim();
    const resumed = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(resumed).toMatchObject({ interrupted: false, called: CASES * 2 });
    expect(resumed.batches.filter((b) => b.status === 'lost').map((b) => b.batchId).sort()).toEqual([...before].sort());
    expect(resumed.batches.filter((b) => b.status === 'collected').map((b) => [b.part, b.resumed])).toEqual([[1, false], [1, false]]);
    expect(store.results.byRun(run.id)).toHaveLength(CASES * 2);
  });

  it('on resume stores only the missing results of a batch whose calls partly have results', async () => {
    await startSim({ batchProcessingMs: 200 });
    const t = targets();
    const run = newRun();
    const stopBatch = new AbortController();
    await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5, signal: stopBatch.signal, onBatch: (b) => b.arm === 'candidate' && stopBatch.abort() });
    expect(store.batchJobs.byRun(run.id)).toHaveLength(2);
    // Meanwhile an interactive replay of the same run stored some of its calls before it was stopped too.
    const stopInteractive = new AbortController();
    await executeReplay(store, ws, run.id, t, { simUrl: sim.url, cache: false, concurrency: 1, signal: stopInteractive.signal, onProgress: (p) => p.done >= 9 && stopInteractive.abort() });
    const early = store.results.byRun(run.id);
    expect(early.length).toBeGreaterThanOrEqual(9);
    expect(early.length).toBeLessThan(CASES * 2);

    const resumed = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(resumed).toMatchObject({ alreadyDone: early.length, interrupted: false });
    expect(resumed.batches.every((b) => b.resumed && b.status === 'collected')).toBe(true);
    const rows = store.results.byRun(run.id);
    expect(rows).toHaveLength(CASES * 2);
    // The rows stored interactively are kept as they were (timed); the batch filled in only the rest (untimed).
    expect(rows.filter((r) => r.latencyMs !== null).map((r) => r.id).sort()).toEqual(early.map((r) => r.id).sort());
    expect(rows.filter((r) => r.latencyMs === null)).toHaveLength(CASES * 2 - early.length);
    expect(store.batchJobs.byRun(run.id).every((j) => j.status === 'collected')).toBe(true);
  });

  it('answers from the response cache before submitting anything, and fills it from batch answers', async () => {
    const t = targets();
    const first = await executeReplay(store, ws, newRun().id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(first).toMatchObject({ cacheHits: 0, called: CASES * 2 });
    const logged = sim.requestLog.length;
    // The interactive path hits what the batch path filled, and the batch path hits it too.
    expect(await executeReplay(store, ws, newRun().id, t, { simUrl: sim.url })).toMatchObject({ cacheHits: CASES * 2, called: 0 });
    const again = await executeReplay(store, ws, newRun().id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(again).toMatchObject({ cacheHits: CASES * 2, called: 0, batches: [] });
    expect(sim.requestLog).toHaveLength(logged);
  });

  it('answers a recorded baseline without a batch; only the candidate is submitted', async () => {
    writeFileSync(
      ws.configFile,
      readFileSync(ws.configFile, 'utf8').replace(/  baseline:\n    provider: openai-chat\n    base_url: sim\n    model: sim-baseline\n/, '  baseline:\n    provider: recorded\n    model: prod-recorded\n'),
    );
    ws = openWorkspace(dir);
    const run = newRun();
    const outcome = await executeReplay(store, ws, run.id, targets(), { simUrl: sim.url, batch: true, batchPollMs: 5 });
    expect(outcome.batches.map((b) => [b.arm, b.requests])).toEqual([['candidate', CASES]]);
    // These cases were written without a captured response: infra errors for the recorded arm.
    expect(store.results.byRun(run.id).filter((r) => r.arm === 'baseline').every((r) => /no response was captured/.test(r.error ?? ''))).toBe(true);
    expect(outcome.infraErrors).toBe(CASES);
  });

  it('encodes case, arm and attempt in each custom_id and sends the body interactive replay sends', async () => {
    useAnthropic();
    const t = targets();
    const run = newRun(2);
    await executeReplay(store, ws, run.id, t, { simUrl: sim.url, batch: true, batchPollMs: 5 });
    const storedCase = store.suites.activeCases(run.suiteId)[3]!;
    const task = { storedCase, arm: 'candidate' as const, attempt: 1 };
    expect(batchCustomId(task)).toBe(`case-${storedCase.id}-candidate-1`);
    const body = taskRequestBody(task, t.candidate.target, 2);
    expect(body.seed).toBe(1);
    expect(sim.requestLog.map((e) => e.requestHash)).toContain(requestHash('sim-candidate', toAnthropicRequest(body)));
  });
});
