import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { useReplayWorkspace, writeInvoiceSuite } from '../../test-support/replay-workspace.js';
import { InfraError } from '../errors.js';
import type { ReplayLeaseRow } from '../store/index.js';
import { executeReplay } from './execute-replay.js';
import { prepareRun } from './prepare-run.js';
import { acquireReplayLease, machineKey, RunLeasedError, waitForReplayLease } from './replay-lease.js';

const t = useReplayWorkspace('cg-lease-');

function newRun(cases = 3): string {
  const suiteFile = writeInvoiceSuite(t.dir, 'lease', cases);
  return prepareRun(t.store, { suiteFile, suiteSource: 's', ...t.targets(), repeats: 1 }).run.id;
}

/** Writes a lease as another process would have left it. */
function foreignLease(runId: string, row: Partial<ReplayLeaseRow>): ReplayLeaseRow {
  const now = Date.now();
  const lease: ReplayLeaseRow = { runId, token: 'f'.repeat(32), pid: process.ppid, host: hostname(), machineKey: machineKey(), acquiredAt: now - 1000, heartbeatAt: now, ...row };
  expect(t.store.replayLeases.take(lease, () => true).taken).toBe(true);
  return lease;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(res.stdout);
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('replay lease', () => {
  it('is held by one process at a time: a second taker is told who holds it (pid, host, since) and about --wait', () => {
    const runId = newRun();
    const { lease, tookOver } = acquireReplayLease(t.store, runId);
    expect(tookOver).toBeNull();
    expect(t.store.replayLeases.get(runId)).toMatchObject({ pid: process.pid, host: hostname(), token: lease.row.token });
    const err = caught(() => acquireReplayLease(t.store, runId));
    expect(err).toBeInstanceOf(RunLeasedError);
    expect(err).toBeInstanceOf(InfraError);
    expect((err as Error).message).toMatch(
      new RegExp(`^run ${runId} is being replayed by pid ${process.pid} on ${hostname()} since ${new Date(lease.row.acquiredAt).toISOString()} \\(last heartbeat 0 s ago\\); nothing was called\\. Wait for it with replay --wait`),
    );
    lease.release();
    expect(t.store.replayLeases.get(runId)).toBeUndefined();
    const again = acquireReplayLease(t.store, runId);
    expect(again.tookOver).toBeNull();
    again.lease.release();
  });

  it('is not taken from a live process on this machine with a fresh heartbeat, nor from another host whatever its pid', () => {
    const runId = newRun();
    foreignLease(runId, { pid: process.ppid });
    expect(caught(() => acquireReplayLease(t.store, runId))).toBeInstanceOf(RunLeasedError);
    // Another host (or another pid namespace): its pid says nothing here, only the heartbeat counts.
    foreignLease(runId, { pid: deadPid(), host: 'build-agent-7' });
    expect((caught(() => acquireReplayLease(t.store, runId)) as Error).message).toContain(' on build-agent-7 since ');
    foreignLease(runId, { pid: deadPid(), machineKey: 'another-container' });
    expect(caught(() => acquireReplayLease(t.store, runId))).toBeInstanceOf(RunLeasedError);
  });

  it('is taken over, saying why, from a holder without a heartbeat for 30 s (even a live pid elsewhere)', () => {
    const runId = newRun();
    const old = foreignLease(runId, { host: 'build-agent-7', heartbeatAt: Date.now() - 45_000 });
    const { lease, tookOver } = acquireReplayLease(t.store, runId);
    expect(tookOver?.holder).toEqual(old);
    expect(tookOver?.reason).toMatch(/^no heartbeat for 4[56] s$/);
    expect(t.store.replayLeases.get(runId)?.token).toBe(lease.row.token);
    lease.release();
  });

  it('is taken over at once from a process of this machine that no longer exists', () => {
    const runId = newRun();
    const pid = deadPid();
    foreignLease(runId, { pid });
    const { lease, tookOver } = acquireReplayLease(t.store, runId);
    expect(tookOver?.reason).toBe(`its process ${pid} no longer exists`);
    lease.release();
  });

  it('heartbeats while held; a lease taken over by another process is lost: its signal aborts and its release leaves the new holder alone', async () => {
    const runId = newRun();
    const { lease } = acquireReplayLease(t.store, runId, { staleMs: 120 });
    const first = t.store.replayLeases.get(runId)!.heartbeatAt;
    await new Promise((r) => setTimeout(r, 80));
    expect(t.store.replayLeases.get(runId)!.heartbeatAt).toBeGreaterThan(first);
    const usurper = foreignLease(runId, { token: 'u'.repeat(32), host: 'elsewhere' });
    expect(lease.beat()).toBe(false);
    expect(lease.lost).toBe(true);
    expect(lease.signal.aborted).toBe(true);
    expect(lease.lostTo).toEqual(usurper);
    lease.release();
    expect(t.store.replayLeases.get(runId)).toEqual(usurper);
  });

  it('--wait polls until the holder lets go, then takes it; a stopped wait takes nothing', async () => {
    const runId = newRun();
    const { lease } = acquireReplayLease(t.store, runId);
    const seen: number[] = [];
    const waiting = waitForReplayLease(t.store, runId, { pollMs: 10, onWaiting: (h) => seen.push(h.pid) });
    await new Promise((r) => setTimeout(r, 60));
    lease.release();
    const got = await waiting;
    expect(got).not.toBeNull();
    expect(got!.tookOver).toBeNull();
    expect(got!.waitedMs).toBeGreaterThanOrEqual(50);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([process.pid]));
    const abort = new AbortController();
    const stopped = waitForReplayLease(t.store, runId, { pollMs: 10, signal: abort.signal });
    setTimeout(() => abort.abort(), 30);
    expect(await stopped).toBeNull();
    expect(t.store.replayLeases.get(runId)?.token).toBe(got!.lease.row.token);
    got!.lease.release();
  });
});

describe('executeReplay and the lease', () => {
  it('refuses a run another process replays, interactive or batch, before calling anything', async () => {
    const runId = newRun();
    foreignLease(runId, { pid: process.ppid });
    for (const batch of [false, true]) {
      await expect(executeReplay(t.store, t.ws, runId, t.targets(), { simUrl: t.sim.url, batch, batchPollMs: 5 })).rejects.toBeInstanceOf(RunLeasedError);
    }
    expect(t.sim.requestLog).toHaveLength(0);
    expect(t.store.results.byRun(runId)).toHaveLength(0);
  });

  it('takes the lease for the replay and releases it at the end, and on an error', async () => {
    const runId = newRun();
    const outcome = await executeReplay(t.store, t.ws, runId, t.targets(), { simUrl: t.sim.url });
    expect(outcome.called).toBe(6);
    expect(t.store.replayLeases.get(runId)).toBeUndefined();
    // A failing progress callback fails the replay; the lease is let go all the same.
    const other = prepareRun(t.store, { suiteFile: writeInvoiceSuite(t.dir, 'lease', 3), suiteSource: 's', ...t.targets(), repeats: 1, forceNew: true }).run.id;
    await expect(
      executeReplay(t.store, t.ws, other, t.targets(), {
        simUrl: t.sim.url,
        onProgress: (p) => {
          if (p.done > 0) throw new Error('progress sink failed');
        },
      }),
    ).rejects.toThrow('progress sink failed');
    expect(t.store.replayLeases.get(other)).toBeUndefined();
  });

  it('stops calling when the lease is taken over mid-replay', async () => {
    await t.restartSim({ timeScale: 0.05 });
    const runId = newRun(40);
    const { lease } = acquireReplayLease(t.store, runId, { staleMs: 60 });
    const replay = executeReplay(t.store, t.ws, runId, t.targets(), { simUrl: t.sim.url, lease, concurrency: 2 });
    await new Promise((r) => setTimeout(r, 100));
    foreignLease(runId, { token: 'u'.repeat(32), host: 'elsewhere' });
    const outcome = await replay;
    expect(lease.lost).toBe(true);
    expect(outcome.interrupted).toBe(true);
    expect(outcome.stoppedBy).toBe('signal');
    expect(outcome.called).toBeLessThan(80);
    lease.release();
    expect(t.store.replayLeases.get(runId)?.host).toBe('elsewhere');
  });
});
