// Two `canary-gate replay` processes on one run (two terminals, a retried CI job): one replays, the other is
// refused with exit 4 naming the holder, or with --wait waits and then finds nothing left to call. The simulated
// endpoint runs in this process, with latency, so its request log counts every call both processes make.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { machineKey } from '../engine/replay/replay-lease.js';
import { startSimServer, type SimServer } from '../engine/sim/index.js';
import { openStore } from '../engine/store/index.js';
import { initWorkspace, openWorkspace } from '../engine/workspace.js';

const BIN = fileURLToPath(new URL('../bin/canary-gate.js', import.meta.url));
const CASES = 40;
const CALLS = CASES * 2;

let tmp: string;
let sim: SimServer;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-replay-lease-'));
  // Real latency (scaled down to ~180 ms a call): a replay of the suite takes about 4 s, long enough to start a
  // second one while it runs, even on a loaded machine.
  sim = await startSimServer({ port: 0, timeScale: 0.2 });
});
afterAll(async () => {
  await sim.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking this process's event loop (the sim answers from it). */
function run(args: string[]): { pid: number; done: Promise<Done> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { pid: child.pid!, done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr }))) };
}

function workspace(name: string): { dir: string; args: string[] } {
  const dir = join(tmp, name);
  initWorkspace(dir);
  const config = readFileSync(join(dir, 'canary-gate.yaml'), 'utf8').replaceAll('base_url: sim', `base_url: ${sim.url}`);
  writeFileSync(join(dir, 'canary-gate.yaml'), config);
  const cases = Array.from({ length: CASES }, (_, i) => ({
    id: `l-${i}`,
    input: { messages: [{ role: 'system', content: `invoice INV-${3000 + i} amount: $${i}.25` }, { role: 'user', content: `How much is invoice INV-${3000 + i}?` }] },
    expectations: [{ type: 'contains', value: `$${i}.25` }],
  }));
  writeFileSync(join(dir, 'evals/suites/lease.yaml'), stringify({ name: 'lease', cases }));
  return { dir, args: ['replay', '--workspace', dir, '--suite', 'evals/suites/lease.yaml', '--concurrency', '2'] };
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as { run_id: string; resumed: boolean; called: number; cacheHits: number; alreadyDone: number };

describe('two replays of one run', () => {
  it('the second is refused with exit 4 naming the holder; --wait waits, then finds nothing left to call; every call is made once', async () => {
    const { args } = workspace('ws-wait');
    const logged = sim.requestLog.length;
    const first = run([...args, '--json']);
    await until('the first replay to call', () => sim.requestLog.length > logged + 2);

    const refused = await run(args).done;
    expect(refused.code).toBe(4);
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^canary-gate replay: infrastructure error: run (\\S+) is being replayed by pid ${first.pid} on ${hostname()} since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(last heartbeat \\d+ s ago\\); nothing was called\\. Wait for it with replay --wait`),
    );
    expect(refused.stdout).toBe('');

    const waiter = run([...args, '--wait']);
    const a = await first.done;
    const w = await waiter.done;
    expect(a.code).toBe(0);
    const outcome = lastJson(a.stdout);
    expect(outcome).toMatchObject({ resumed: false, called: CALLS });
    expect(lines[0]).toContain(`run ${outcome.run_id} is being replayed`);

    expect(w.code).toBe(0);
    expect(w.stderr).toContain(`Run ${outcome.run_id} is being replayed by pid ${first.pid} on ${hostname()} since `);
    expect(w.stderr).toContain('waiting for it (--wait)');
    expect(w.stderr).toMatch(new RegExp(`Run ${outcome.run_id} is free after \\d+ s; resuming it\\.`));
    expect(w.stdout).toContain(`Run ${outcome.run_id}: 0 call(s) made, 0 answered from the response cache, ${CALLS} already stored`);
    expect(w.stdout).toContain('Spent $0.0000 on this replay.');
    // Every (case, arm) reached the endpoint exactly once.
    const calls = sim.requestLog.slice(logged);
    expect(calls).toHaveLength(CALLS);
    expect(new Set(calls.map((c) => c.requestHash)).size).toBe(CALLS);
  }, 120_000);

  it('two replays started together on a fresh workspace pick the same run: one replays it, the other exits 4', async () => {
    const { args } = workspace('ws-together');
    const logged = sim.requestLog.length;
    const both = await Promise.all([run([...args, '--json']).done, run([...args, '--json']).done]);
    expect(both.map((d) => d.code).sort()).toEqual([0, 4]);
    const winner = both.find((d) => d.code === 0)!;
    const loser = both.find((d) => d.code === 4)!;
    const outcome = lastJson(winner.stdout);
    expect(outcome.called).toBe(CALLS);
    expect(loser.stderr).toContain(`run ${outcome.run_id} is being replayed by pid `);
    expect(sim.requestLog.length - logged).toBe(CALLS);
  }, 120_000);

  it('the lease of a killed replay is taken over at once (its pid is gone), and one without a heartbeat for 30 s too, saying so', async () => {
    const { dir, args } = workspace('ws-stale');
    const logged = sim.requestLog.length;
    const killed = run([...args, '--json']);
    await until('the replay to call', () => sim.requestLog.length > logged + 10);
    process.kill(killed.pid, 'SIGKILL');
    await killed.done;
    await new Promise((r) => setTimeout(r, 300)); // the calls in flight at the kill finish at the server
    const store = openStore(openWorkspace(dir).databaseFile);
    const [runRow] = store.runs.list(10, 0).runs;
    const runId = runRow!.id;
    const left = store.replayLeases.get(runId);
    const stored = store.results.byRun(runId).length;
    store.close();
    // The killed process never released its lease: it names its pid, on this host.
    expect(left).toMatchObject({ pid: killed.pid, host: hostname(), machineKey: machineKey() });
    expect(stored).toBeLessThan(CALLS);

    const resumed = await run(['replay', '--workspace', dir, '--run', runId]).done;
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Took over run ${runId} from pid ${killed.pid} on ${hostname()} since ${new Date(left!.acquiredAt).toISOString()}`);
    expect(resumed.stderr).toContain(`its process ${killed.pid} no longer exists.`);
    expect(resumed.stdout).toContain(`${stored} already stored`);

    // A holder on another host (its pid means nothing here) whose heartbeat stopped 60 s ago.
    const again = openStore(openWorkspace(dir).databaseFile);
    expect(again.replayLeases.get(runId)).toBeUndefined();
    const acquiredAt = Date.now() - 5 * 60_000;
    again.replayLeases.take({ runId, token: '0'.repeat(32), pid: process.pid, host: 'build-agent-7', machineKey: null, acquiredAt, heartbeatAt: Date.now() - 60_000 }, () => true);
    again.close();
    const late = await run(['replay', '--workspace', dir, '--run', runId]).done;
    expect(late.code).toBe(0);
    expect(late.stderr).toMatch(new RegExp(`Took over run ${runId} from pid ${process.pid} on build-agent-7 since ${new Date(acquiredAt).toISOString()} \\(last heartbeat 6\\d s ago\\): no heartbeat for 6\\d s\\.`));
    expect(late.stdout).toContain(`Run ${runId}: 0 call(s) made, 0 answered from the response cache, ${CALLS} already stored`);

    const final = openStore(openWorkspace(dir).databaseFile);
    expect(final.replayLeases.get(runId)).toBeUndefined();
    expect(final.results.byRun(runId)).toHaveLength(CALLS);
    final.close();
  }, 120_000);
});
