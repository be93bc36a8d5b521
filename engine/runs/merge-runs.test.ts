import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Shard } from '../../shared/domain/run.js';
import { writeShardSuite } from '../../test-support/shard-suite.js';
import { gateRun } from '../gates/gate-run.js';
import { executeReplay } from '../replay/execute-replay.js';
import { prepareRun } from '../replay/prepare-run.js';
import { startSimServer, type SimServer } from '../sim/index.js';
import { openStore, type Store } from '../store/index.js';
import { resolveTarget } from '../targets/resolve-target.js';
import { initWorkspace, openWorkspace } from '../workspace.js';
import { mergeShardRuns } from './merge-runs.js';
import { getRun, listRuns } from './run-views.js';
import { inputError } from '../../test-support/input-error.js';

const REPEATS = 2;
let tmp: string;
let sim: SimServer;

/** A fresh workspace with the shard test suite; `edit` may change its suite or config first. */
function workspace(name: string, edit: (root: string) => void = (root) => writeShardSuite(root)): string {
  const root = join(tmp, name);
  initWorkspace(root);
  edit(root);
  return root;
}

function withStore<T>(root: string, fn: (store: Store) => T): T {
  const store = openStore(openWorkspace(root).databaseFile);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** Replays the suite (or one shard of it) in a workspace on the shared simulated endpoint; stops after `stopAfter` results. */
async function replay(root: string, shard: Shard | null, stopAfter?: number): Promise<string> {
  const ws = openWorkspace(root);
  const store = openStore(ws.databaseFile);
  try {
    const targets = { baseline: resolveTarget(ws.config, 'baseline', ws.configFile), candidate: resolveTarget(ws.config, 'candidate', ws.configFile) };
    const { run } = prepareRun(store, { suiteFile: join(root, 'evals', 'suites', 'shard.yaml'), suiteSource: 'evals/suites/shard.yaml', ...targets, repeats: REPEATS, shard });
    const abort = new AbortController();
    await executeReplay(store, ws, run.id, targets, {
      simUrl: sim.url,
      concurrency: 1,
      signal: abort.signal,
      ...(stopAfter !== undefined ? { onProgress: (p: { done: number }) => p.done >= stopAfter && abort.abort() } : {}),
    });
    return run.id;
  } finally {
    store.close();
  }
}

/** A run's results and scores keyed by (case key, arm, attempt), without ids, timestamps or wall-clock latency. */
function contentOf(store: Store, runId: string) {
  const run = store.runs.get(runId)!;
  const keys = new Map(store.suites.allCases(run.suiteId).map((c) => [c.id, c.key]));
  const scores = new Map<number, unknown[]>();
  for (const s of store.scores.byRun(runId)) scores.set(s.resultId, [...(scores.get(s.resultId) ?? []), [s.name, s.passed, s.severity, s.category, s.detail]]);
  return Object.fromEntries(
    store.results.byRun(runId).map((r) => [
      `${keys.get(r.caseId)}:${r.arm}:${r.attempt}`,
      { status: r.status, text: r.outputText, finish: r.finishReason, tools: r.toolCallsJson, tokens: [r.promptTokens, r.completionTokens], cost: r.costUsd, scores: scores.get(r.id) ?? [] },
    ]),
  );
}

function gate(root: string, runId: string) {
  return withStore(root, (store) => gateRun({ store, workspaceRoot: root, runId, policyFile: join(root, 'evals', 'policies', 'shard-test.yaml'), outDir: join(root, 'out', runId) }));
}

const target = () => join(tmp, 'merged');
const shardDirs = () => [1, 2, 3].map((i) => join(tmp, `shard-${i}`));
const merge = (paths: string[], opts: { allowIncomplete?: boolean } = {}) => withStore(target(), (store) => mergeShardRuns(store, paths, { cwd: tmp, ...opts }));

const shardRunIds: string[] = [];
let wholeRunId: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-merge-'));
  sim = await startSimServer({ port: 0, timeScale: 0 });
  for (const [i, dir] of shardDirs().entries()) {
    workspace(`shard-${i + 1}`);
    shardRunIds.push(await replay(dir, { index: i + 1, count: 3 }));
  }
  workspace('merged'); // its suite file and policy, but nothing in its database yet
  workspace('whole');
  wholeRunId = await replay(join(tmp, 'whole'), null);
}, 60_000);
afterAll(async () => {
  await sim.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('replay --shard', () => {
  it('replays only its shard: every case in exactly one shard, every arm and repeat of a case together', () => {
    const perShard = shardDirs().map((dir, i) =>
      withStore(dir, (store) => {
        const results = store.results.byRun(shardRunIds[i]!);
        const keys = new Map(store.suites.allCases(store.runs.get(shardRunIds[i]!)!.suiteId).map((c) => [c.id, c.key]));
        const byCase = new Map<string, number>();
        for (const r of results) byCase.set(keys.get(r.caseId)!, (byCase.get(keys.get(r.caseId)!) ?? 0) + 1);
        expect([...byCase.values()].every((n) => n === 2 * REPEATS)).toBe(true);
        expect(store.runs.get(shardRunIds[i]!)).toMatchObject({ shard: { index: i + 1, count: 3 }, status: 'completed' });
        expect(listRuns(store, 10, 0).runs[0]).toMatchObject({ shard: { index: i + 1, count: 3 }, cases: byCase.size, results: results.length });
        return [...byCase.keys()];
      }),
    );
    expect(perShard.map((keys) => keys.length)).toEqual([8, 8, 8]);
    const all = perShard.flat();
    expect(new Set(all).size).toBe(24);
  });

  it('resumes only its own shard run; a whole replay never resumes a shard', () => {
    withStore(shardDirs()[0]!, (store) => {
      const ws = openWorkspace(shardDirs()[0]!);
      const targets = { baseline: resolveTarget(ws.config, 'baseline', ws.configFile), candidate: resolveTarget(ws.config, 'candidate', ws.configFile) };
      const suiteFile = join(ws.root, 'evals', 'suites', 'shard.yaml');
      const run = store.runs.get(shardRunIds[0]!)!;
      store.runs.setStatus(run.id, 'interrupted');
      try {
        expect(prepareRun(store, { suiteFile, suiteSource: 's', ...targets, repeats: REPEATS, shard: { index: 1, count: 3 } })).toMatchObject({ resumed: true, run: { id: run.id } });
        const other = prepareRun(store, { suiteFile, suiteSource: 's', ...targets, repeats: REPEATS, shard: { index: 2, count: 3 } });
        expect(other.resumed).toBe(false);
        const whole = prepareRun(store, { suiteFile, suiteSource: 's', ...targets, repeats: REPEATS });
        expect(whole.resumed).toBe(false);
        expect(whole.run.shard).toBeNull();
        store.db.prepare('DELETE FROM runs WHERE id IN (?, ?)').run(other.run.id, whole.run.id);
      } finally {
        store.runs.setStatus(run.id, 'completed');
      }
    });
  });

  it('refuses to gate a shard run, pointing to merge', () => {
    const err = inputError(() => gate(shardDirs()[1]!, shardRunIds[1]!));
    expect(err.describe()).toBe(
      `--run: run ${shardRunIds[1]} is shard 2/3 of a split replay and cannot be gated on its own; combine the shards with 'canary-gate merge <shard databases…>' and gate the merged run`,
    );
  });
});

describe('merge', () => {
  let mergedRunId: string;

  it('combines three shard workspaces into one run equal to an unsharded replay: results, scores and gates', () => {
    const [one, two, three] = shardDirs();
    // A workspace folder, a database file and a .canary-gate folder are all accepted.
    const outcome = merge([one!, join(two!, '.canary-gate', 'canary-gate.db'), join(three!, '.canary-gate')]);
    mergedRunId = outcome.runId;
    expect(outcome).toMatchObject({ created: true, changed: true, complete: true, repeats: REPEATS, results: 24 * 2 * REPEATS, written: { inserted: 96, replaced: 0, removed: 0 } });
    expect(outcome.shards.map((s) => [s.shard.index, s.runId, s.cases, s.results, s.missing])).toEqual(shardRunIds.map((id, i) => [i + 1, id, 8, 32, 0]));
    expect(outcome.scored).toMatchObject({ results: 96, scores: 96 });

    const merged = withStore(target(), (store) => contentOf(store, mergedRunId));
    const whole = withStore(join(tmp, 'whole'), (store) => contentOf(store, wholeRunId));
    expect(Object.keys(merged)).toHaveLength(96);
    expect(merged).toEqual(whole);

    const mergedGate = gate(target(), mergedRunId);
    const wholeGate = gate(join(tmp, 'whole'), wholeRunId);
    expect(mergedGate.evaluation.gates).toEqual(wholeGate.evaluation.gates);
    expect(mergedGate.evaluation.verdict).toBe(wholeGate.evaluation.verdict);
    // Not a vacuous equality: the simulated candidate answers unanswerable questions, and the gates catch it.
    expect(outcome.scored!.failed).toBeGreaterThan(0);
    // 24 cases × 2 averaged repeats: the regression is clear in the estimate, and never a PASS (the t interval on
    // the few discordant cases may not yet prove it beyond the allowance).
    const task = mergedGate.evaluation.gates.find((g) => g.metric === 'task_success');
    expect(task).toMatchObject({ n: 24, method: 'newcombe-design-effect' });
    expect(task!.estimate as number).toBeGreaterThan(task!.threshold);
    expect(task!.verdict).not.toBe('PASS');
    expect(mergedGate.exported.report.run).toMatchObject({ cases: 24, calls: 96, merged_from: shardRunIds.map((run_id, i) => ({ shard: `${i + 1}/3`, run_id })) });
    expect(mergedGate.exported.report.notes.some((n) => n.startsWith('MERGED: this run combines 3 shards'))).toBe(true);

    withStore(target(), (store) => {
      expect(getRun(store, mergedRunId)).toMatchObject({ status: 'completed', cases: 24, results: 96, merged_shards: 3, verdict: mergedGate.evaluation.verdict });
      expect(getRun(store, mergedRunId).shard).toBeUndefined();
    });
  });

  it('is idempotent: merging the same shards again writes nothing and names the same run', () => {
    const before = withStore(target(), (store) => ({ runs: store.runs.list(100, 0).total, results: store.results.byRun(mergedRunId).map((r) => r.id), scores: store.scores.byRun(mergedRunId) }));
    const again = merge(shardDirs().reverse());
    expect(again).toMatchObject({ runId: mergedRunId, created: false, changed: false, scored: null, written: { inserted: 0, replaced: 0, removed: 0 } });
    withStore(target(), (store) => {
      expect(store.runs.list(100, 0).total).toBe(before.runs);
      expect(store.results.byRun(mergedRunId).map((r) => r.id)).toEqual(before.results);
      expect(store.scores.byRun(mergedRunId)).toEqual(before.scores);
    });
  });

  it('refuses a missing shard, naming it and the files that were given', () => {
    const [one, two] = shardDirs();
    const err = inputError(() => merge([one!, two!]));
    expect(err.describe()).toBe(`shard: shard 3/3 missing: the databases given hold 1/3 from ${one}, 2/3 from ${two}`);
  });

  it('refuses a shard given twice, naming both files', () => {
    const [one, two, three] = shardDirs();
    const copy = join(tmp, 'copy-of-shard-2.db');
    copyFileSync(join(two!, '.canary-gate', 'canary-gate.db'), copy);
    const err = inputError(() => merge([one!, two!, copy, three!]));
    expect(err.where).toEqual({ file: copy, field: 'shard' });
    expect(err.message).toBe(`shard 2/3 is given twice: run ${shardRunIds[1]} in ${two} and run ${shardRunIds[1]} in ${copy}; each shard must come from exactly one database`);
    expect(inputError(() => merge([one!, two!, join(two!, '.canary-gate'), three!])).describe()).toBe(`${join(two!, '.canary-gate')}: the same database is given twice (also as ${two})`);
  });

  it('refuses shards of another suite version or other targets, naming the file and what differs', async () => {
    const [one, two] = shardDirs();
    const otherSuite = workspace('other-suite', (root) => writeShardSuite(root, { variant: 'Thanks!' }));
    await replay(otherSuite, { index: 3, count: 3 });
    const suiteErr = inputError(() => merge([one!, two!, otherSuite]));
    expect(suiteErr.where).toEqual({ file: otherSuite, field: 'suite digest' });
    expect(suiteErr.message).toMatch(new RegExp(`^shard 3/3 \\(run run-[\\w-]+\\) in ${otherSuite} has suite digest shard-test sha256:\\w{64}, but shard 1/3 \\(run ${shardRunIds[0]}\\) in ${one} has shard-test sha256:\\w{64}`));

    const otherCandidate = workspace('other-candidate', (root) => {
      writeShardSuite(root);
      const file = join(root, 'canary-gate.yaml');
      const config = parse(readFileSync(file, 'utf8'));
      config.targets.candidate.params.temperature = 0.3;
      writeFileSync(file, stringify(config));
    });
    await replay(otherCandidate, { index: 3, count: 3 });
    expect(inputError(() => merge([one!, two!, otherCandidate])).where).toEqual({ file: otherCandidate, field: 'candidate fingerprint' });

    const otherSplit = workspace('other-split');
    await replay(otherSplit, { index: 3, count: 4 });
    expect(inputError(() => merge([one!, two!, otherSplit])).where).toEqual({ file: otherSplit, field: 'shard count' });
  });

  it('refuses an incomplete shard by default; --allow-incomplete merges what there is; merging after the resume completes the same run', async () => {
    const [one, two] = shardDirs();
    const late = workspace('late-shard-3');
    const lateRun = await replay(late, { index: 3, count: 3 }, 10);
    const missing = 32 - withStore(late, (store) => store.results.counts(lateRun).total);
    expect(missing).toBeGreaterThan(0);
    const fresh = withStore(target(), (store) => store.runs.list(100, 0).total);

    const err = inputError(() => merge([one!, two!, late]));
    expect(err.message).toBe(
      `shard 3/3 (run ${lateRun}) in ${late} is interrupted: ${missing} of 32 calls have no result. Resume each on its runner (canary-gate replay --shard i/n), or merge what there is with --allow-incomplete`,
    );
    expect(withStore(target(), (store) => store.runs.list(100, 0).total)).toBe(fresh);

    const partial = merge([one!, two!, late], { allowIncomplete: true });
    expect(partial).toMatchObject({ created: true, complete: false, results: 96 - missing });
    expect(withStore(target(), (store) => store.runs.get(partial.runId)!.status)).toBe('interrupted');
    // An incomplete merge is not gated: the shard that lacks calls is named with the command that resumes it.
    const refused = inputError(() => gate(target(), partial.runId));
    expect(refused.message).toContain(`run ${partial.runId} is interrupted: ${missing} of 96 calls (24 cases × 2 arms × 2 attempts = 96 calls) have no result yet`);
    expect(refused.message).toContain(`Complete it with: resume where each shard was replayed (shard 3/3: canary-gate replay --run ${lateRun}), then merge again: canary-gate merge <shard databases…> — then gate it again`);

    expect(await replay(late, { index: 3, count: 3 })).toBe(lateRun); // the runner resumes its shard
    const completed = merge([one!, two!, late]);
    expect(completed).toMatchObject({ runId: partial.runId, created: false, changed: true, complete: true, results: 96, written: { inserted: missing, replaced: 0, removed: 0 } });
    withStore(target(), (store) => {
      expect(store.runs.get(partial.runId)!.status).toBe('completed');
      expect(contentOf(store, partial.runId)).toEqual(contentOf(store, mergedRunId));
    });
  });

  it('leaves the target unchanged when the merge fails inside its transaction', () => {
    const [one, two, three] = shardDirs();
    // A tampered copy of shard 3: one of its results claims a case of shard 1.
    const tampered = join(tmp, 'tampered.db');
    copyFileSync(join(three!, '.canary-gate', 'canary-gate.db'), tampered);
    const db = new BetterSqlite3(tampered);
    const shard1Case = withStore(one!, (store) => store.results.byRun(shardRunIds[0]!)[0]!);
    const key = withStore(one!, (store) => store.suites.allCases(store.runs.get(shardRunIds[0]!)!.suiteId).find((c) => c.id === shard1Case.caseId)!.key);
    const caseId = (db.prepare('SELECT id FROM cases WHERE case_key = ?').get(key) as { id: number }).id;
    db.prepare('UPDATE results SET case_id = ? WHERE id = (SELECT MIN(id) FROM results)').run(caseId);
    db.close();

    const emptyTarget = workspace('empty-target', () => undefined);
    const err = inputError(() => withStore(emptyTarget, (store) => mergeShardRuns(store, [one!, two!, tampered], { cwd: tmp, allowIncomplete: true })));
    expect(err.where.file).toBe(tampered);
    expect(err.message).toMatch(new RegExp(`has a result for case ${key}, which is not a case of that shard`));
    withStore(emptyTarget, (store) => {
      for (const table of ['suites', 'cases', 'targets', 'runs', 'results', 'scores', 'merged_shards']) {
        expect(store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
      }
    });
  });
});
