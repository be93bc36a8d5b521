import type { Database, Statement } from 'better-sqlite3';

/** Who holds the replay of a run, and since when (times in ms since the epoch). */
export interface ReplayLeaseRow {
  runId: string;
  token: string;
  pid: number;
  host: string;
  /** Identifies the machine and pid namespace the pid belongs to; null where it cannot be told. */
  machineKey: string | null;
  acquiredAt: number;
  heartbeatAt: number;
}

interface RawLease {
  run_id: string;
  token: string;
  pid: number;
  host: string;
  machine_key: string | null;
  acquired_at: number;
  heartbeat_at: number;
}

const toLease = (r: RawLease): ReplayLeaseRow => ({
  runId: r.run_id, token: r.token, pid: r.pid, host: r.host, machineKey: r.machine_key, acquiredAt: r.acquired_at, heartbeatAt: r.heartbeat_at,
});

/** The outcome of an attempt to take a run's lease. */
export type LeaseTake = { taken: true; previous: ReplayLeaseRow | null } | { taken: false; holder: ReplayLeaseRow };

/** Per-run replay leases: at most one process replays a run at a time. */
export class ReplayLeaseRepository {
  private readonly getStmt: Statement;
  private readonly allStmt: Statement;
  private readonly upsertStmt: Statement;
  private readonly heartbeatStmt: Statement;
  private readonly releaseStmt: Statement;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare('SELECT * FROM replay_leases WHERE run_id = ?');
    this.allStmt = db.prepare('SELECT * FROM replay_leases ORDER BY acquired_at');
    this.upsertStmt = db.prepare(`INSERT INTO replay_leases (run_id, token, pid, host, machine_key, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host, machine_key = excluded.machine_key,
        acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`);
    this.heartbeatStmt = db.prepare('UPDATE replay_leases SET heartbeat_at = ? WHERE run_id = ? AND token = ?');
    this.releaseStmt = db.prepare('DELETE FROM replay_leases WHERE run_id = ? AND token = ?');
  }

  /** The lease on a run, if any process holds (or held and never released) it. */
  get(runId: string): ReplayLeaseRow | undefined {
    const r = this.getStmt.get(runId) as RawLease | undefined;
    return r ? toLease(r) : undefined;
  }

  /** Every lease in the workspace (held, or left behind by a process that died), oldest first. */
  all(): ReplayLeaseRow[] {
    return (this.allStmt.all() as RawLease[]).map(toLease);
  }

  /**
   * Takes the run's lease for `lease` when nobody holds it or `stale` says its holder is gone, in one write
   * transaction (taken before the read), so two processes never both take it.
   */
  take(lease: ReplayLeaseRow, stale: (holder: ReplayLeaseRow) => boolean): LeaseTake {
    return this.db.transaction((): LeaseTake => {
      const current = this.get(lease.runId);
      if (current && !stale(current)) return { taken: false, holder: current };
      this.upsertStmt.run(lease.runId, lease.token, lease.pid, lease.host, lease.machineKey, lease.acquiredAt, lease.heartbeatAt);
      return { taken: true, previous: current ?? null };
    }).immediate();
  }

  /** Records that the holder is alive; false when the lease is no longer its own (it was taken over). */
  heartbeat(runId: string, token: string, now: number): boolean {
    return this.heartbeatStmt.run(now, runId, token).changes > 0;
  }

  /** Lets the run go if `token` still holds it; false when it did not. */
  release(runId: string, token: string): boolean {
    return this.releaseStmt.run(runId, token).changes > 0;
  }
}
