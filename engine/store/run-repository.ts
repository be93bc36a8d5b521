import type { Database, Statement } from 'better-sqlite3';
import type { RunStatus } from '../../shared/domain/run.js';

export interface RunRow {
  id: string;
  suiteId: number;
  baselineTargetId: number;
  candidateTargetId: number;
  repeats: number;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
}

interface RawRun {
  id: string;
  suite_id: number;
  baseline_target_id: number;
  candidate_target_id: number;
  repeats: number;
  status: RunStatus;
  created_at: string;
  updated_at: string;
}

const toRun = (r: RawRun): RunRow => ({
  id: r.id,
  suiteId: r.suite_id,
  baselineTargetId: r.baseline_target_id,
  candidateTargetId: r.candidate_target_id,
  repeats: r.repeats,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Replay runs: one suite version against a baseline and a candidate target. */
export class RunRepository {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement;
  private readonly listStmt: Statement;
  private readonly countStmt: Statement;
  private readonly statusStmt: Statement;
  private readonly resumableStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO runs (id, suite_id, baseline_target_id, candidate_target_id, repeats, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`);
    this.getStmt = db.prepare('SELECT * FROM runs WHERE id = ?');
    this.listStmt = db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?');
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM runs');
    this.statusStmt = db.prepare('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?');
    this.resumableStmt = db.prepare(`SELECT * FROM runs WHERE suite_id = ? AND baseline_target_id = ? AND candidate_target_id = ? AND repeats = ?
      AND status IN ('pending', 'running', 'interrupted', 'failed') ORDER BY created_at DESC LIMIT 1`);
  }

  /** Creates a run in status pending. */
  create(id: string, suiteId: number, baselineTargetId: number, candidateTargetId: number, repeats: number): RunRow {
    const now = new Date().toISOString();
    this.insertStmt.run(id, suiteId, baselineTargetId, candidateTargetId, repeats, now, now);
    return this.get(id)!;
  }

  /** One run, or undefined. */
  get(id: string): RunRow | undefined {
    const r = this.getStmt.get(id) as RawRun | undefined;
    return r && toRun(r);
  }

  /** Newest first, paged. */
  list(limit: number, offset: number): { runs: RunRow[]; total: number } {
    return {
      runs: (this.listStmt.all(limit, offset) as RawRun[]).map(toRun),
      total: (this.countStmt.get() as { n: number }).n,
    };
  }

  /** Sets a run's status. */
  setStatus(id: string, status: RunStatus): void {
    this.statusStmt.run(status, new Date().toISOString(), id);
  }

  /** The newest unfinished run with exactly this suite, these targets and repeats, to resume instead of starting over. */
  findResumable(suiteId: number, baselineTargetId: number, candidateTargetId: number, repeats: number): RunRow | undefined {
    const r = this.resumableStmt.get(suiteId, baselineTargetId, candidateTargetId, repeats) as RawRun | undefined;
    return r && toRun(r);
  }
}
