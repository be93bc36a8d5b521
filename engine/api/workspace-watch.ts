import { runCalls } from '../gates/run-completeness.js';
import { leaseHolderGone } from '../replay/replay-lease.js';
import { ReplayProgressMeter, SpendTracker, type ProgressCounts } from '../replay/replay-progress-meter.js';
import type { ReplayLeaseRow } from '../store/index.js';
import type { HandlerContext } from './handler-context.js';

export interface WorkspaceWatchOptions {
  /** How often the database is looked at (default 500 ms). */
  intervalMs?: number;
}

/** A running watch; stop() ends it (idempotent). */
export interface WorkspaceWatch {
  stop(): void;
  /** Looks at the database now (what each tick does); for tests. */
  tick(): void;
}

interface Watched {
  lease: ReplayLeaseRow;
  total: number;
  meter: ReplayProgressMeter;
}

/**
 * Tells the UI about changes other processes make to the workspace database. SQLite's `data_version` of this
 * process's own connection changes exactly when another connection commits, so a cheap poll finds a CLI replay,
 * import or gate: it emits `workspace.changed`. While another process holds a replay lease, its progress is
 * rebuilt from the stored results and sent as `replay.progress`, so a CLI replay shows up live in an open window.
 */
export function startWorkspaceWatch(ctx: HandlerContext, opts: WorkspaceWatchOptions = {}): WorkspaceWatch {
  const { store, events } = ctx;
  let version: number | null = null;
  const watched = new Map<string, Watched>();
  let stopped = false;

  const countsOf = (w: Pick<Watched, 'total'>, runId: string): ProgressCounts => {
    const c = store.replayWatch.progress(runId);
    return { done: c.done, total: w.total, infraErrors: c.infraErrors };
  };

  /** The end of another process's replay, as its run's status tells. */
  const finish = (runId: string, w: Watched) => {
    watched.delete(runId);
    const run = store.runs.get(runId);
    const counts = run ? countsOf(w, runId) : undefined;
    const state = run?.status === 'completed' ? 'completed' : run?.status === 'failed' ? 'failed' : 'interrupted';
    const message = run === undefined ? 'the run was deleted by the process that replayed it' : state === 'completed' ? undefined : `the replay in ${w.lease.host} pid ${w.lease.pid} stopped; resume the run to finish it`;
    w.meter.finish(state, { ...(counts ? { counts } : {}), ...(message !== undefined ? { message } : {}) });
  };

  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    const next = store.replayWatch.dataVersion();
    const changed = version !== null && next !== version;
    if (changed) events.emit('workspace.changed', { dataVersion: next });
    const first = version === null;
    version = next;
    if (!changed && !first && watched.size === 0) return;
    // Leases only change through commits of other processes (this process's own are the controller's).
    const live = new Map<string, ReplayLeaseRow>();
    for (const l of store.replayLeases.all()) {
      if (ctx.replays?.ownsLease(l.token) || leaseHolderGone(l, now) !== null) continue;
      live.set(l.runId, l);
    }
    for (const [runId, w] of watched) {
      const l = live.get(runId);
      if (!l || l.token !== w.lease.token) finish(runId, w);
    }
    for (const [runId, lease] of live) {
      let w = watched.get(runId);
      if (!w) {
        const run = store.runs.get(runId);
        if (!run) continue;
        const spend = new SpendTracker(store, runId, store.replayWatch.cursorAt(lease.acquiredAt));
        w = { lease, total: runCalls(store, run, 0).expectedCalls, meter: new ReplayProgressMeter(runId, (p) => events.emit('replay.progress', p), () => spend.read(), { minIntervalMs: 0 }) };
        watched.set(runId, w);
      } else if (!changed) {
        continue;
      }
      w.meter.update(countsOf(w, runId));
    }
  };

  const safeTick = () => {
    try {
      tick();
    } catch {
      // A busy or briefly locked database: the next tick looks again.
    }
  };
  safeTick();
  const timer = setInterval(safeTick, opts.intervalMs ?? 500);
  // The watch never keeps the process alive on its own.
  timer.unref();
  return {
    tick,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
    },
  };
}
