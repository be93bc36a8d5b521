import type { Database, Statement } from 'better-sqlite3';
import type { Score } from '../../shared/scorers/score-expectation.js';

export interface ScoreRow extends Score {
  resultId: number;
}

/** Scores live apart from results so that re-scoring never re-calls a model. */
export class ScoreRepository {
  private readonly insertStmt: Statement;
  private readonly deleteForRunStmt: Statement;
  private readonly byRunStmt: Statement;
  private readonly unscoredStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO scores (result_id, name, scorer, passed, severity, category, detail, value, scorer_version, error)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (result_id, name) DO UPDATE SET
      scorer = excluded.scorer, passed = excluded.passed, severity = excluded.severity, category = excluded.category, detail = excluded.detail,
      value = excluded.value, scorer_version = excluded.scorer_version, error = excluded.error`);
    this.deleteForRunStmt = db.prepare('DELETE FROM scores WHERE result_id IN (SELECT id FROM results WHERE run_id = ?)');
    this.byRunStmt = db.prepare(`SELECT s.result_id, s.name, s.scorer, s.passed, s.severity, s.category, s.detail, s.value, s.scorer_version, s.error
      FROM scores s JOIN results r ON r.id = s.result_id WHERE r.run_id = ? ORDER BY s.result_id, s.id`);
    this.unscoredStmt = db.prepare(`SELECT COUNT(*) AS n FROM results r WHERE r.run_id = ? AND r.status = 'ok'
      AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.result_id = r.id)`);
  }

  /** Deletes every score of a run (before re-scoring it). */
  deleteForRun(runId: string): void {
    this.deleteForRunStmt.run(runId);
  }

  /** Inserts (or replaces) scores in one transaction. */
  insertMany(scores: readonly ScoreRow[]): void {
    this.db.transaction(() => {
      for (const s of scores) this.insertStmt.run(s.resultId, s.name, s.scorer, s.passed ? 1 : 0, s.severity, s.category, s.detail, s.value ?? null, s.version ?? null, s.error ?? null);
    })();
  }

  /** Every score of a run. */
  byRun(runId: string): ScoreRow[] {
    type Row = { result_id: number; name: string; scorer: Score['scorer']; passed: number; severity: Score['severity']; category: Score['category']; detail: string; value: number | null; scorer_version: string | null; error: string | null };
    return (this.byRunStmt.all(runId) as Row[]).map((r) => ({
      resultId: r.result_id,
      name: r.name,
      scorer: r.scorer,
      passed: r.passed === 1,
      severity: r.severity,
      category: r.category,
      detail: r.detail,
      ...(r.value === null ? {} : { value: r.value }),
      ...(r.scorer_version === null ? {} : { version: r.scorer_version }),
      ...(r.error === null ? {} : { error: r.error }),
    }));
  }

  /** How many successful results of a run have no score yet. */
  unscoredCount(runId: string): number {
    return (this.unscoredStmt.get(runId) as { n: number }).n;
  }
}
