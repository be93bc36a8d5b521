import type { Database, Statement } from 'better-sqlite3';

/**
 * What watching a replay reads: the spend of the results written after a cursor, and the
 * database's data_version. Read often (a few times a second), so every query is bounded by what is new.
 */
export class ReplayWatchRepository {
  private readonly lastIdStmt: Statement;
  private readonly lastIdBeforeStmt: Statement;
  private readonly spendStmt: Statement;
  private readonly progressStmt: Statement;

  constructor(private readonly db: Database) {
    this.lastIdStmt = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM results');
    // Results are appended, so their rowids grow with created_at: the last row before a time bounds the spend. Read
    // backwards, so the scan stops at the first older row instead of crossing the whole table when nothing is newer.
    this.lastIdBeforeStmt = db.prepare('SELECT id FROM results NOT INDEXED WHERE created_at < ? ORDER BY id DESC LIMIT 1');
    // The rowid range, not the run's index: only the rows written since the cursor are read.
    this.spendStmt = db.prepare(
      'SELECT COALESCE(SUM(CASE WHEN run_id = ? AND cached = 0 THEN cost_usd END), 0) AS spent, COALESCE(MAX(id), ?) AS last FROM results NOT INDEXED WHERE id > ?',
    );
    // Both counts come from the (run_id, arm, status) index alone.
    this.progressStmt = db.prepare(`SELECT COUNT(*) AS done, COALESCE(SUM(status = 'infra_error'), 0) AS infraErrors FROM results WHERE run_id = ?`);
  }

  /** Results stored for a run so far (infra errors included), and how many are infra errors. */
  progress(runId: string): { done: number; infraErrors: number } {
    return this.progressStmt.get(runId) as { done: number; infraErrors: number };
  }

  /** The newest result's id (0 when there is none): a spend cursor that counts only what comes next. */
  lastResultId(): number {
    return (this.lastIdStmt.get() as { id: number }).id;
  }

  /** A spend cursor just before the first result written at or after `atMs` (ms since the epoch). */
  cursorAt(atMs: number): number {
    const row = this.lastIdBeforeStmt.get(new Date(atMs).toISOString()) as { id: number } | undefined;
    return row ? row.id : 0;
  }

  /** USD of the run's answers that were called (not from the response cache) after the cursor, and the new cursor. */
  spendAfter(runId: string, cursor: number): { spentUsd: number; cursor: number } {
    const row = this.spendStmt.get(runId, cursor, cursor) as { spent: number; last: number };
    return { spentUsd: row.spent, cursor: row.last };
  }

  /** SQLite's data_version of this connection: it changes when another connection commits. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
