import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeInvoiceSuite } from '../../test-support/replay-workspace.js';
import { stringify } from 'yaml';
import { OpenAiChatProvider } from '../providers/openai-chat.js';
import { requestHash, startSimServer, type SimServer } from '../sim/index.js';
import { openStore, type Store } from '../store/index.js';
import { resolveTarget } from '../targets/resolve-target.js';
import { initWorkspace, openWorkspace, type Workspace } from '../workspace.js';
import { buildChatRequest } from './build-request.js';
import { executeReplay } from './execute-replay.js';
import { prepareRun } from './prepare-run.js';
import { replayRun } from './replay-run.js';
import { gateRun } from '../gates/gate-run.js';
import { scoreRun } from '../scoring/score-run.js';

const CASES = 40;

const writeSuite = (dir: string): string => writeInvoiceSuite(dir, 'resume-test', CASES);

let dir: string;
let ws: Workspace;
let store: Store;
let sim: SimServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-replay-'));
  initWorkspace(dir);
  ws = openWorkspace(dir);
  store = openStore(ws.databaseFile);
  sim = await startSimServer({ port: 0, timeScale: 0 });
});
afterEach(async () => {
  store.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const targets = () => ({ baseline: resolveTarget(ws.config, 'baseline', ws.configFile), candidate: resolveTarget(ws.config, 'candidate', ws.configFile) });

describe('replay', () => {
  it('resumes an interrupted run and never re-calls a (case, arm) that already has a result', async () => {
    const suiteFile = writeSuite(dir);
    const t = targets();
    const first = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    expect(first.resumed).toBe(false);

    const abort = new AbortController();
    const outcome1 = await executeReplay(store, ws, first.run.id, t, {
      simUrl: sim.url,
      concurrency: 4,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.done >= 30) abort.abort();
      },
    });
    expect(outcome1.interrupted).toBe(true);
    expect(store.runs.get(first.run.id)!.status).toBe('interrupted');
    const storedAfterInterrupt = store.results.counts(first.run.id).total;
    expect(storedAfterInterrupt).toBeGreaterThanOrEqual(30);
    expect(storedAfterInterrupt).toBeLessThan(CASES * 2);
    // Which calls already have a stored result, by the sim's request identity.
    const cases = new Map(store.suites.activeCases(first.run.suiteId).map((c) => [c.id, c.evalCase]));
    const storedHashes = new Set(
      store.results.byRun(first.run.id).map((r) => {
        const target = t[r.arm].target;
        return requestHash(target.model, buildChatRequest(cases.get(r.caseId)!, target));
      }),
    );
    expect(storedHashes.size).toBe(storedAfterInterrupt);
    await new Promise((r) => setTimeout(r, 50)); // let requests that were in flight at the interruption land in the log
    const requestsBefore = sim.requestLog.length;

    const second = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    expect(second).toMatchObject({ resumed: true, run: { id: first.run.id } });
    const outcome2 = await executeReplay(store, ws, first.run.id, t, { simUrl: sim.url, concurrency: 4 });
    expect(outcome2).toMatchObject({ interrupted: false, alreadyDone: storedAfterInterrupt, called: CASES * 2 - storedAfterInterrupt, infraErrors: 0 });
    // Exactly the missing calls went out, and none of them was a call whose result was already stored.
    const resumedCalls = sim.requestLog.slice(requestsBefore);
    expect(resumedCalls).toHaveLength(CASES * 2 - storedAfterInterrupt);
    expect(resumedCalls.filter((e) => storedHashes.has(e.requestHash))).toEqual([]);

    const results = store.results.byRun(first.run.id);
    expect(results).toHaveLength(CASES * 2);
    expect(new Set(results.map((r) => `${r.caseId}:${r.arm}:${r.attempt}`)).size).toBe(CASES * 2);
    expect(store.runs.get(first.run.id)!.status).toBe('completed');
    // The scoring step ran over everything: each result has its one expectation scored.
    expect(outcome2.scored).toMatchObject({ results: CASES * 2, scores: CASES * 2 });
    const costs = results.map((r) => r.costUsd);
    expect(costs.every((c) => typeof c === 'number' && c > 0)).toBe(true);

    // A completed run is not resumed: the next replay starts a new run.
    expect(prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 }).resumed).toBe(false);
  });

  it('retries 429s and 5xx until the call succeeds and records the retries', async () => {
    await sim.close();
    sim = await startSimServer({ port: 0, timeScale: 0, faults: { rate429: 0.3, rate500: 0.2, retryAfterSeconds: 0 } });
    const suiteFile = writeSuite(dir);
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    const cacheSizes = new Set<unknown>();
    const outcome = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, concurrency: 8, onProgress: () => cacheSizes.add(store.db.pragma('cache_size', { simple: true })) });
    expect(outcome.infraErrors).toBe(0);
    // The replay ran with a small page cache, and the store has its own back afterwards.
    expect([...cacheSizes]).toEqual([-4000]);
    expect(store.db.pragma('cache_size', { simple: true })).toBe(-16000);
    // 429s narrowed the calls in flight (adaptive concurrency) on both arms.
    expect(outcome.lowestConcurrency.baseline).toBeLessThan(8);
    expect(outcome.lowestConcurrency.candidate).toBeLessThan(8);
    const results = store.results.byRun(run.id);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    const retried = results.filter((r) => r.retries > 0).length;
    const faulted = sim.requestLog.filter((e) => e.status === 429 || e.status >= 500).length;
    expect(faulted).toBeGreaterThan(10);
    expect(retried).toBe(faulted);
    expect(sim.requestLog.length).toBe(CASES * 2 + faulted);
  });

  it('stores unreachable endpoints as infra errors, never as quality failures', async () => {
    const suiteFile = writeSuite(dir);
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    const dead = new OpenAiChatProvider('http://127.0.0.1:9/v1');
    const live = new OpenAiChatProvider(sim.url);
    const outcome = await replayRun(store, run.id, { baseline: live, candidate: dead }, {
      concurrency: 4,
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 },
      prices: ws.config.prices,
      circuitBreakerThreshold: 1000,
    });
    dead.close();
    live.close();
    expect(outcome.infraErrors).toBe(CASES);
    const rows = store.results.byRun(run.id);
    const infra = rows.filter((r) => r.status === 'infra_error');
    expect(infra).toHaveLength(CASES);
    expect(infra.every((r) => r.arm === 'candidate' && r.retries === 1 && /ECONNREFUSED/.test(r.error ?? ''))).toBe(true);
    // Scoring judges the answers only: the infra errors get no score at all.
    expect(await scoreRun(store, run.id)).toMatchObject({ results: CASES, scores: CASES });
  });
});

describe('overall deadline', () => {
  it('abandons the calls in flight at the deadline, stores nothing for them, and the resume finishes the run', async () => {
    await sim.close();
    sim = await startSimServer({ port: 0, timeScale: 0.3 });
    const suiteFile = writeSuite(dir);
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    const started = Date.now();
    const first = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, concurrency: 4, deadlineMs: 700 });
    const elapsed = Date.now() - started;
    expect(first).toMatchObject({ interrupted: true, stoppedBy: 'deadline' });
    // It stopped at the deadline: the whole run would take ~5 s at 4 calls in flight of ~200-400 ms each.
    expect(elapsed).toBeLessThan(2000);
    const stored = store.results.counts(run.id);
    expect(stored.total).toBeGreaterThan(0);
    expect(stored.total).toBeLessThan(CASES * 2);
    expect(stored.infra).toBe(0); // an abandoned call is not an infra error: it is simply not done yet
    expect(store.runs.get(run.id)!.status).toBe('interrupted');
    const second = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, concurrency: 8 });
    expect(second).toMatchObject({ interrupted: false, stoppedBy: null, alreadyDone: stored.total });
    expect(store.results.counts(run.id)).toEqual({ total: CASES * 2, infra: 0, unreplayable: 0 });
  });
});

describe('circuit breaker', () => {
  it('stops hammering a dead endpoint after consecutive infra errors; a resume that retries them finishes the run', async () => {
    const suiteFile = writeSuite(dir);
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    const dead = new OpenAiChatProvider('http://127.0.0.1:9/v1');
    const live = new OpenAiChatProvider(sim.url);
    const retry = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 };
    const first = await replayRun(store, run.id, { baseline: live, candidate: dead }, { concurrency: 2, retry, prices: ws.config.prices, circuitBreakerThreshold: 5 });
    expect(first).toMatchObject({ interrupted: true, stoppedBy: 'circuit' });
    // At most the threshold plus what was in flight reached the dead endpoint.
    expect(first.infraErrors).toBeGreaterThanOrEqual(5);
    expect(first.infraErrors).toBeLessThanOrEqual(5 + 2);
    expect(store.runs.get(run.id)!.status).toBe('interrupted');
    // The endpoint is back: forget the infra errors and resume.
    expect(store.results.deleteInfraErrors(run.id)).toBe(first.infraErrors);
    const second = await replayRun(store, run.id, { baseline: live, candidate: live }, { concurrency: 2, retry, prices: ws.config.prices });
    expect(second).toMatchObject({ interrupted: false, infraErrors: 0 });
    expect(store.results.counts(run.id)).toEqual({ total: CASES * 2, infra: 0, unreplayable: 0 });
    dead.close();
    live.close();
  });
});

describe('API keys', () => {
  it('reads the key from the named environment variable and never writes it to the database', async () => {
    const secret = 'sk-test-DO-NOT-STORE-8f3a9c1e2b7d';
    const config = readFileSync(ws.configFile, 'utf8').replace('    model: sim-candidate\n', '    model: sim-candidate\n    api_key_env: CG_TEST_API_KEY\n');
    writeFileSync(ws.configFile, config);
    ws = openWorkspace(dir);
    const suiteFile = writeSuite(dir);
    const t = targets();
    expect(t.candidate.target.api_key_env).toBe('CG_TEST_API_KEY');
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    await expect(executeReplay(store, ws, run.id, t, { simUrl: sim.url, env: {} })).rejects.toThrow(/CG_TEST_API_KEY .* is not set/);
    const outcome = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, env: { CG_TEST_API_KEY: secret } });
    expect(outcome.called).toBe(CASES * 2);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of readdirSync(ws.stateDir)) {
      const path = join(ws.stateDir, f);
      if (statSync(path).isFile()) expect(readFileSync(path).includes(secret), f).toBe(false);
    }
  });
});

describe('recorded baseline', () => {
  it('answers the baseline arm from the captured responses without a call, and marks the report', async () => {
    writeFileSync(
      ws.configFile,
      readFileSync(ws.configFile, 'utf8').replace(
        /  baseline:\n    provider: openai-chat\n    base_url: sim\n    model: sim-baseline\n/,
        '  baseline:\n    provider: recorded\n    model: prod-gpt-recorded\n',
      ),
    );
    ws = openWorkspace(dir);
    expect(ws.config.targets.baseline).toMatchObject({ provider: 'recorded', model: 'prod-gpt-recorded' });
    const cases = Array.from({ length: 10 }, (_, i) => ({
      id: `rec-${i}`,
      input: { messages: [{ role: 'system', content: `invoice INV-${i} amount: $${i}.00` }, { role: 'user', content: `Amount of INV-${i}?` }] },
      expectations: [{ type: 'contains', value: `$${i}.00` }],
      // The last case was captured without a response: an infra error for the recorded arm, never a quality failure.
      ...(i < 9 ? { recorded: { text: `It is $${i}.00.`, finish_reason: 'stop', prompt_tokens: 20, completion_tokens: 5, latency_ms: 700 + i, cost_usd: null } } : {}),
    }));
    const suiteFile = join(dir, 'evals', 'suites', 'recorded.yaml');
    writeFileSync(suiteFile, stringify({ name: 'recorded-test', cases }));
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'recorded.yaml', ...t, repeats: 1 });
    const outcome = await executeReplay(store, ws, run.id, t, { simUrl: sim.url });
    expect(outcome).toMatchObject({ called: 10, infraErrors: 1 });
    expect(sim.requestLog.map((e) => e.model)).toEqual(Array(10).fill('sim-candidate'));
    const baseline = store.results.byRun(run.id).filter((r) => r.arm === 'baseline');
    expect(baseline.filter((r) => r.status === 'ok').map((r) => [r.outputText, r.latencyMs, r.retries])).toEqual(
      Array.from({ length: 9 }, (_, i) => [`It is $${i}.00.`, 700 + i, 0]),
    );
    expect(baseline.find((r) => r.status === 'infra_error')?.error).toMatch(/no response was captured/);
    const { exported } = gateRun({ store, workspaceRoot: ws.root, runId: run.id, policyFile: join(dir, ws.config.defaults.policy), outDir: join(dir, 'out') });
    expect(exported.report.targets.baseline).toMatchObject({ provider: 'recorded', recorded: true, simulated: false });
    expect(exported.report.notes.some((n) => n.startsWith('RECORDED BASELINE'))).toBe(true);
    expect(readFileSync(exported.files.markdown, 'utf8')).toContain('recorded baseline: captured production responses');
  });

  it('keeps the captured response of imported traffic on the case', async () => {
    const { caseFromSample } = await import('../suites/load-suite.js');
    const c = caseFromSample(
      {
        id: 's1', timestamp: '2026-10-02T10:00:00Z', metadata: { slice: 'billing' }, latency_ms: 812, cost_usd: 0.0012,
        request: { model: 'gpt-prod', messages: [{ role: 'user', content: 'hi' }] },
        response: { choices: [{ message: { role: 'assistant', content: 'hello', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }], usage: { prompt_tokens: 3, completion_tokens: 1 } },
      },
      { name: 's', cases: [] },
    );
    expect(c.recorded).toEqual({ text: 'hello', finish_reason: 'tool_calls', tool_calls: [{ id: 'c1', name: 'f', arguments: '{}' }], prompt_tokens: 3, completion_tokens: 1, latency_ms: 812, cost_usd: 0.0012 });
  });
});

describe('budget (--max-cost)', () => {
  const tinyEstimateSuite = () => {
    // Captured counts far below what the simulated models really use: the estimate passes, the spend does not.
    const cases = Array.from({ length: 40 }, (_, i) => ({
      id: `b-${i}`,
      input: { messages: [{ role: 'system', content: `invoice INV-${i} amount: $${i}.00 ${'context '.repeat(50)}` }, { role: 'user', content: `Amount of INV-${i}?` }] },
      expectations: [{ type: 'contains', value: `$${i}.00` }],
      recorded: { text: '', finish_reason: 'stop', prompt_tokens: 1, completion_tokens: 0, latency_ms: null, cost_usd: null },
    }));
    const suiteFile = join(dir, 'evals', 'suites', 'budget.yaml');
    writeFileSync(suiteFile, stringify({ name: 'budget-test', cases }));
    return suiteFile;
  };

  it('refuses to start when the estimate is over the budget, calling nothing', async () => {
    const suiteFile = writeSuite(dir);
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    await expect(executeReplay(store, ws, run.id, t, { simUrl: sim.url, maxCostUsd: 0.000001 })).rejects.toThrow(/estimated at \$.* over the budget .* nothing was called/);
    expect(sim.requestLog).toHaveLength(0);
    expect(store.results.counts(run.id).total).toBe(0);
  });

  it('stops cleanly when the spend reaches the budget, and resumes with a larger one', async () => {
    const suiteFile = tinyEstimateSuite();
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'budget.yaml', ...t, repeats: 1 });
    const budget = 0.002;
    const first = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, concurrency: 2, maxCostUsd: budget });
    expect(first).toMatchObject({ interrupted: true, stoppedBy: 'budget' });
    expect(first.spentUsd).toBeGreaterThanOrEqual(budget);
    expect(first.called).toBeLessThan(80);
    expect(store.runs.get(run.id)!.status).toBe('interrupted');
    const stored = store.results.byRun(run.id);
    expect(stored.reduce((a, r) => a + (r.costUsd ?? 0), 0)).toBeCloseTo(first.spentUsd, 10);
    const second = await executeReplay(store, ws, run.id, t, { simUrl: sim.url, concurrency: 2, maxCostUsd: 1 });
    expect(second).toMatchObject({ interrupted: false, stoppedBy: null, alreadyDone: stored.length, called: 80 - stored.length });
  });
});

describe('response cache and repeats', () => {
  it('re-running an unchanged target costs nothing; --no-cache calls again; a changed target misses', async () => {
    const suiteFile = writeSuite(dir);
    const t = targets();
    const first = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    const a = await executeReplay(store, ws, first.run.id, t, { simUrl: sim.url });
    expect(a).toMatchObject({ called: CASES * 2, cacheHits: 0 });
    const second = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    const before = sim.requestLog.length;
    const b = await executeReplay(store, ws, second.run.id, t, { simUrl: sim.url });
    expect(b).toMatchObject({ called: 0, cacheHits: CASES * 2, spentUsd: 0 });
    expect(sim.requestLog.length).toBe(before);
    const texts = (runId: string) => store.results.byRun(runId).map((r) => [r.caseId, r.arm, r.outputText, r.costUsd]);
    expect(texts(second.run.id)).toEqual(texts(first.run.id));
    expect(store.results.byRun(second.run.id).every((r) => r.cached)).toBe(true);

    const third = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    expect(await executeReplay(store, ws, third.run.id, t, { simUrl: sim.url, cache: false })).toMatchObject({ called: CASES * 2, cacheHits: 0 });

    const changed = { ...t.candidate, target: { ...t.candidate.target, system_prompt: 'Be brief.' }, fingerprint: 'sha256:changed' };
    const fourth = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', baseline: t.baseline, candidate: changed, repeats: 1 });
    expect(await executeReplay(store, ws, fourth.run.id, { baseline: t.baseline, candidate: changed }, { simUrl: sim.url })).toMatchObject({ called: CASES, cacheHits: CASES });
  });

  it('stops every worker when something inside the run throws, rejects with it, and calls nothing afterwards', async () => {
    const suiteFile = writeSuite(dir);
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 1 });
    const live = new OpenAiChatProvider(sim.url);
    const replay = replayRun(store, run.id, { baseline: live, candidate: live }, {
      concurrency: 4,
      retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 },
      prices: ws.config.prices,
      onProgress: (p) => {
        if (p.done >= 10) throw new Error('progress display broke');
      },
    });
    await expect(replay).rejects.toThrow('progress display broke');
    await new Promise((r) => setTimeout(r, 100));
    live.close();
    // The ten answered calls, plus at most the four in flight when it threw (abandoned); no worker took a new one.
    expect(sim.requestLog.length).toBeLessThanOrEqual(10 + 4);
    expect(store.runs.get(run.id)!.status).toBe('interrupted');
    // What had been answered before the throw is stored; a resume calls only the rest.
    const stored = store.results.counts(run.id).total;
    expect(stored).toBeGreaterThanOrEqual(10);
    const resumed = await executeReplay(store, ws, run.id, t, { simUrl: sim.url });
    expect(resumed).toMatchObject({ interrupted: false, alreadyDone: stored, called: CASES * 2 - stored });
  });

  it('repeats are real samples: each attempt is its own seeded call and its own cache entry', async () => {
    const suiteFile = writeSuite(dir);
    const t = targets();
    const { run } = prepareRun(store, { suiteFile, suiteSource: 'resume.yaml', ...t, repeats: 3 });
    const out = await executeReplay(store, ws, run.id, t, { simUrl: sim.url });
    expect(out).toMatchObject({ called: CASES * 2 * 3, cacheHits: 0 });
    expect(new Set(sim.requestLog.map((e) => e.requestHash)).size).toBe(CASES * 2 * 3);
    expect(store.results.byRun(run.id).map((r) => r.attempt).filter((a) => a === 2)).toHaveLength(CASES * 2);
  });
});

describe('suites from traffic', () => {
  it('keeps cases apart when two imported samples share a source id', async () => {
    const { importCaptures } = await import('../importers/import-captures.js');
    const line = (question: string) => JSON.stringify({
      id: 'same-id', timestamp: '2026-10-02T10:00:00Z', metadata: { slice: 'billing' },
      request: { model: 'm', messages: [{ role: 'user', content: question }] },
    });
    const file = join(dir, 'dup-ids.jsonl');
    writeFileSync(file, `${line('first question')}\n${line('second question')}\n`);
    expect((await importCaptures([file], store, { redact: false })).imported).toBe(2);
    const suiteFile = join(dir, 'evals', 'suites', 'traffic-only.yaml');
    writeFileSync(suiteFile, stringify({ name: 'traffic-only', traffic: { slices: ['billing'] } }));
    const t = targets();
    const { suite } = prepareRun(store, { suiteFile, suiteSource: 'traffic-only.yaml', ...t, repeats: 1 });
    expect(suite.cases.map((c) => c.id)).toEqual(['traffic-same-id', expect.stringMatching(/^traffic-same-id#\d+$/)]);
  });
});
