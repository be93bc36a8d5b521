// kill -9 of a running `canary-gate replay`, then the same command again: no (case, arm, attempt) lost or doubled,
// and the simulated endpoint (in this process, so its request log outlives the killed CLI) proves that only the
// calls in flight at the kill were made twice.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildChatRequest } from '../engine/replay/build-request.js';
import { requestHash, startSimServer, type SimServer } from '../engine/sim/index.js';
import { openStore } from '../engine/store/index.js';
import { initWorkspace, openWorkspace } from '../engine/workspace.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'canary-gate.js');
const CASES = 150;
const CONCURRENCY = 6;

let tmp: string;
let sim: SimServer;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-replay-kill-'));
  // Real latency (scaled down), so calls are in flight when the kill lands.
  sim = await startSimServer({ port: 0, timeScale: 0.05 });
});
afterAll(async () => {
  await sim.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process's event loop (the sim answers from it). */
function run(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; stdout: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.resume();
  return { child, done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout }))) };
}

describe('kill -9 during replay', () => {
  it('leaves exactly one result per (case, arm, attempt) after the rerun; only calls in flight at the kill are repeated', async () => {
    const dir = join(tmp, 'ws');
    initWorkspace(dir);
    const config = readFileSync(join(dir, 'canary-gate.yaml'), 'utf8').replaceAll('base_url: sim', `base_url: ${sim.url}`);
    writeFileSync(join(dir, 'canary-gate.yaml'), config);
    const cases = Array.from({ length: CASES }, (_, i) => ({
      id: `k-${i}`,
      input: { messages: [{ role: 'system', content: `invoice INV-${2000 + i} amount: $${i}.00` }, { role: 'user', content: `How much is invoice INV-${2000 + i}?` }] },
      expectations: [{ type: 'contains', value: `$${i}.00` }],
    }));
    writeFileSync(join(dir, 'evals/suites/kill.yaml'), stringify({ name: 'kill', cases }));
    const args = ['replay', '--workspace', dir, '--suite', 'evals/suites/kill.yaml', '--concurrency', String(CONCURRENCY), '--repeats', '2', '--json'];
    const total = CASES * 2 * 2;

    const first = run(args);
    // Kill at an arbitrary moment in the middle: after a third of the calls reached the endpoint.
    const until = Date.now() + 60_000;
    while (sim.requestLog.length < total / 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await first.done;
    await new Promise((r) => setTimeout(r, 300)); // the calls in flight at the kill finish at the server
    const loggedAtKill = sim.requestLog.length;

    const ws = openWorkspace(dir);
    const store = openStore(ws.databaseFile);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const [runRow] = store.runs.list(10, 0).runs;
    const caseById = new Map(store.suites.activeCases(runRow!.suiteId).map((c) => [c.id, c.evalCase]));
    const targets = { baseline: store.targets.get(runRow!.baselineTargetId)!.target, candidate: store.targets.get(runRow!.candidateTargetId)!.target };
    const hashOf = (caseId: number, arm: 'baseline' | 'candidate', attempt: number) => {
      const body = buildChatRequest(caseById.get(caseId)!, targets[arm]);
      body.seed = (typeof body.seed === 'number' ? body.seed : 0) + attempt;
      return requestHash(targets[arm].model, body as never);
    };
    const storedAtKill = store.results.byRun(runRow!.id);
    expect(storedAtKill.length).toBeGreaterThan(0);
    expect(storedAtKill.length).toBeLessThan(total);
    const storedHashes = new Set(storedAtKill.map((r) => hashOf(r.caseId, r.arm, r.attempt)));
    // Every request the endpoint saw before the kill either has its result stored or was in flight.
    const inFlightAtKill = sim.requestLog.slice(0, loggedAtKill).filter((e) => !storedHashes.has(e.requestHash));
    // At most the calls on the wire (concurrency per arm) plus answers that had arrived but waited for the
    // same event-loop turn's commit (results are committed once per turn).
    expect(inFlightAtKill.length).toBeLessThanOrEqual(CONCURRENCY * 2 * 2);
    store.close();

    const second = await run(args).done;
    expect(second.code).toBe(0);
    const outcome = JSON.parse(second.stdout.trim().split('\n').at(-1)!) as { run_id: string; resumed: boolean; alreadyDone: number; called: number };
    expect(outcome).toMatchObject({ run_id: runRow!.id, resumed: true, alreadyDone: storedAtKill.length });

    const final = openStore(ws.databaseFile);
    const results = final.results.byRun(runRow!.id);
    expect(results).toHaveLength(total);
    expect(new Set(results.map((r) => `${r.caseId}:${r.arm}:${r.attempt}`)).size).toBe(total);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    final.close();
    // Requests per identity: a second request only for a call that was in flight at the kill.
    const seen = new Map<string, number>();
    for (const e of sim.requestLog) seen.set(e.requestHash, (seen.get(e.requestHash) ?? 0) + 1);
    const repeated = [...seen.entries()].filter(([, n]) => n > 1).map(([h]) => h);
    const inFlight = new Set(inFlightAtKill.map((e) => e.requestHash));
    expect(repeated.filter((h) => !inFlight.has(h))).toEqual([]);
    expect([...seen.values()].every((n) => n <= 2)).toBe(true);
    expect(seen.size).toBe(total);
  }, 120_000);
});
