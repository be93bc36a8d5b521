import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfraError } from '../errors.js';
import type { ReplayLeaseRow, Store } from '../store/index.js';

/**
 * At most one process replays a run at a time: two replays of one run (two terminals, a retried CI job) would
 * otherwise both call every missing case. The lease is a row per run in the workspace database, taken in a write
 * transaction, kept alive by a heartbeat and deleted when the replay ends.
 *
 * Liveness is judged by the heartbeat, not by pid and host alone (see engine/store/bulk-load-lock.ts for why
 * those are fragile): a pid can be reused, or unsignalable, and processes in containers sharing a volume see
 * other pid spaces. The pid only shortens the wait: when the holder ran on this machine, in this pid namespace,
 * and its pid no longer exists, the lease is taken over at once; otherwise after `staleMs` without a heartbeat.
 * A reused pid can therefore delay a takeover by `staleMs`, never block it.
 */

/** Without a heartbeat for this long, a lease is taken over: 30 s. */
export const DEFAULT_LEASE_STALE_MS = 30_000;

export interface LeaseOptions {
  /** A lease whose heartbeat is older than this is stale (default 30 s); the heartbeat runs 6 times as often. */
  staleMs?: number;
  /** The clock (ms since the epoch). */
  now?: () => number;
}

/** Who holds a run's replay, as printed. */
export function describeHolder(h: ReplayLeaseRow, now = Date.now()): string {
  return `pid ${h.pid} on ${h.host} since ${new Date(h.acquiredAt).toISOString()} (last heartbeat ${Math.max(0, Math.round((now - h.heartbeatAt) / 1000))} s ago)`;
}

/** Another live process replays the run. The CLI exits 4. */
export class RunLeasedError extends InfraError {
  override name = 'RunLeasedError';
  constructor(
    readonly runId: string,
    readonly holder: ReplayLeaseRow,
  ) {
    super(`run ${runId} is being replayed by ${describeHolder(holder)}; nothing was called. Wait for it with replay --wait, or let it finish`);
  }
}

/** A lease taken over from a holder judged gone, and why. */
export interface TakenOver {
  holder: ReplayLeaseRow;
  reason: string;
}

/** Tokens of the leases this process holds: a lease with this process's pid and another token is a dead namesake's. */
const heldTokens = new Set<string>();

let machineKeyCache: string | null | undefined;

/**
 * The machine and pid namespace a pid belongs to (Linux: boot id and the pid namespace's inode), so a pid is only
 * checked where it names the same process space; null where that cannot be told (then only the heartbeat counts).
 */
export function machineKey(): string | null {
  if (machineKeyCache !== undefined) return machineKeyCache;
  try {
    machineKeyCache = `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}/${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    machineKeyCache = null;
  }
  return machineKeyCache;
}

/** False only when the OS says no such process (ESRCH); EPERM means it exists under another user. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code !== 'ESRCH';
  }
}

/** Why a holder is gone, or null while it may be alive. */
function staleReason(h: ReplayLeaseRow, now: number, staleMs: number): string | null {
  if (now - h.heartbeatAt > staleMs) return `no heartbeat for ${Math.round((now - h.heartbeatAt) / 1000)} s`;
  const key = machineKey();
  if (key === null || h.machineKey !== key || h.host !== hostname()) return null;
  if (h.pid === process.pid) return heldTokens.has(h.token) ? null : `its process ${h.pid} no longer exists (this process has its pid now)`;
  return pidExists(h.pid) ? null : `its process ${h.pid} no longer exists`;
}

/** Why a lease's holder is judged gone (its lease may be taken over), or null while it may still be replaying. */
export function leaseHolderGone(h: ReplayLeaseRow, now = Date.now(), staleMs = DEFAULT_LEASE_STALE_MS): string | null {
  return staleReason(h, now, staleMs);
}

/** A run's replay lease held by this process: heartbeats until released, and tells when it was lost. */
export class ReplayLease {
  private readonly lostController = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private released = false;
  /** Set once another process took the lease over (this one missed heartbeats for `staleMs`). */
  lost = false;
  /** That process, if it still holds the lease when this one finds out. */
  lostTo: ReplayLeaseRow | undefined;

  constructor(
    private readonly store: Store,
    readonly row: ReplayLeaseRow,
    private readonly now: () => number,
    heartbeatMs: number,
  ) {
    heldTokens.add(row.token);
    this.timer = setInterval(() => this.beat(), heartbeatMs);
    // The heartbeat never keeps the process alive on its own.
    this.timer.unref();
  }

  get runId(): string {
    return this.row.runId;
  }

  /** Aborted when another process took the lease over: the replay must stop calling. */
  get signal(): AbortSignal {
    return this.lostController.signal;
  }

  /** Records a heartbeat now; false when the lease is no longer this process's. */
  beat(): boolean {
    if (this.released || this.lost) return false;
    let mine: boolean;
    try {
      mine = this.store.replayLeases.heartbeat(this.row.runId, this.row.token, this.now());
    } catch {
      // A busy or briefly failing database: the next beat tries again (the lease only goes stale after staleMs).
      return true;
    }
    if (!mine) {
      this.lost = true;
      this.lostTo = this.store.replayLeases.get(this.row.runId);
      clearInterval(this.timer);
      this.lostController.abort();
    }
    return mine;
  }

  /** Lets the run go (idempotent); a lease already taken over is left to its new holder. */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    heldTokens.delete(this.row.token);
    try {
      this.store.replayLeases.release(this.row.runId, this.row.token);
    } catch {
      // Closed or failing database: the lease goes stale by itself.
    }
  }
}

function attempt(store: Store, runId: string, opts: LeaseOptions): { lease: ReplayLease; tookOver: TakenOver | null } | { holder: ReplayLeaseRow } {
  const now = opts.now ?? Date.now;
  const staleMs = opts.staleMs ?? DEFAULT_LEASE_STALE_MS;
  const at = now();
  const row: ReplayLeaseRow = { runId, token: randomBytes(16).toString('hex'), pid: process.pid, host: hostname(), machineKey: machineKey(), acquiredAt: at, heartbeatAt: at };
  const judged: { reason: string | null } = { reason: null };
  const took = store.replayLeases.take(row, (h) => (judged.reason = staleReason(h, at, staleMs)) !== null);
  if (!took.taken) return { holder: took.holder };
  const lease = new ReplayLease(store, row, now, Math.max(1, Math.floor(staleMs / 6)));
  return { lease, tookOver: took.previous && judged.reason !== null ? { holder: took.previous, reason: judged.reason } : null };
}

/**
 * Takes the replay lease of a run, taking it over from a holder that is gone (no heartbeat for `staleMs`, or a
 * pid that no longer exists on this machine). Throws RunLeasedError when a live process holds it.
 */
export function acquireReplayLease(store: Store, runId: string, opts: LeaseOptions = {}): { lease: ReplayLease; tookOver: TakenOver | null } {
  const got = attempt(store, runId, opts);
  if ('holder' in got) throw new RunLeasedError(runId, got.holder);
  return got;
}

/**
 * Waits until the run's lease is free (or its holder gone), then takes it. `onWaiting` is told of the holder at
 * each poll while one holds it. Returns null when `signal` stops the wait first.
 */
export async function waitForReplayLease(
  store: Store,
  runId: string,
  opts: LeaseOptions & { pollMs?: number; signal?: AbortSignal; onWaiting?: (holder: ReplayLeaseRow) => void } = {},
): Promise<{ lease: ReplayLease; tookOver: TakenOver | null; waitedMs: number } | null> {
  const started = Date.now();
  for (;;) {
    if (opts.signal?.aborted) return null;
    const got = attempt(store, runId, opts);
    if (!('holder' in got)) return { ...got, waitedMs: Date.now() - started };
    opts.onWaiting?.(got.holder);
    try {
      await sleep(opts.pollMs ?? 1000, undefined, opts.signal ? { signal: opts.signal } : {});
    } catch {
      return null;
    }
  }
}
