import type { Database, Statement } from 'better-sqlite3';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { ResultRow } from './result-repository.js';
import type { ScoreRow } from './score-repository.js';

/** One stored case of a suite version, whatever its status. */
export interface ReviewedCase {
  id: number;
  key: string;
  status: string;
  evalCase: EvalCase;
}

const RESULT_COLUMNS = `id, run_id AS runId, case_id AS caseId, arm, attempt, status, output_text AS outputText, finish_reason AS finishReason,
  tool_calls_json AS toolCallsJson, error, latency_ms AS latencyMs, prompt_tokens AS promptTokens, completion_tokens AS completionTokens,
  cost_usd AS costUsd, retries, cached, ttft_ms AS ttftMs, tool_rounds AS toolRounds, unreplayable_tool_call AS unreplayableToolCall`;

/**
 * Reads of the case review (one case's detail, and the cheap state of a run that says when its case index is
 * stale): the case list reads a whole run through the gates' own path, these read one case.
 */
export class CaseReviewRepository {
  private readonly caseStmt: Statement;
  private readonly caseIndexStmt: Statement;
  private readonly resultsStmt: Statement;
  private readonly scoresStmt: Statement;
  private readonly runStateStmt: Statement;
  private readonly changesStmt: Statement;

  constructor(private readonly db: Database) {
    this.caseStmt = db.prepare('SELECT id, case_key AS key, status, case_json AS json FROM cases WHERE suite_id = ? AND case_key = ?');
    this.caseIndexStmt = db.prepare("SELECT COUNT(*) FROM cases WHERE suite_id = ? AND status = 'active' AND id < ?").pluck();
    this.resultsStmt = db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE run_id = ? AND case_id = ? ORDER BY arm, attempt`);
    this.scoresStmt = db.prepare(`SELECT s.result_id AS resultId, s.name, s.scorer, s.passed, s.severity, s.category, s.detail
      FROM scores s JOIN results r ON r.id = s.result_id WHERE r.run_id = ? AND r.case_id = ? ORDER BY s.result_id, s.id`);
    // Every figure here is read from an index or a table's rowid bounds: checked on each case list call.
    this.runStateStmt = db.prepare(`SELECT
      (SELECT COUNT(*) FROM results WHERE run_id = @run) AS results,
      (SELECT MAX(id) FROM results WHERE run_id = @run) AS lastResult,
      (SELECT MAX(id) FROM scores) AS lastScore,
      (SELECT MAX(id) FROM gate_evaluations WHERE run_id = @run) AS lastEvaluation,
      (SELECT suite_id FROM runs WHERE id = @run) AS suite`);
    this.changesStmt = db.prepare('SELECT total_changes() AS own').pluck();
  }

  /** A case of a suite version by its key, or undefined. */
  caseByKey(suiteId: number, key: string): ReviewedCase | undefined {
    const r = this.caseStmt.get(suiteId, key) as { id: number; key: string; status: string; json: string } | undefined;
    return r && { id: r.id, key: r.key, status: r.status, evalCase: JSON.parse(r.json) as EvalCase };
  }

  /** The position of an active case in its suite version (the order of the case list's `index`). */
  activeIndexOf(suiteId: number, caseId: number): number {
    return this.caseIndexStmt.get(suiteId, caseId) as number;
  }

  /** Every result of one case of a run, by arm and attempt. */
  resultsOfCase(runId: string, caseId: number): ResultRow[] {
    return (this.resultsStmt.all(runId, caseId) as (Omit<ResultRow, 'cached'> & { cached: number })[]).map((r) => ({ ...r, cached: r.cached === 1 }));
  }

  /** Every score of one case's results in a run. */
  scoresOfCase(runId: string, caseId: number): ScoreRow[] {
    return (this.scoresStmt.all(runId, caseId) as (Omit<ScoreRow, 'passed'> & { passed: number })[]).map((s) => ({ ...s, passed: s.passed === 1 }));
  }

  /**
   * A cheap fingerprint of what a run's case views are computed from: its results (count and newest id), the
   * newest score id (over all runs: a run's own would need a join over its results; re-scoring deletes and inserts), its newest gate
   * evaluation. Re-scoring, resuming, deleting infra errors and gating all change it.
   */
  runState(runId: string): string {
    const s = this.runStateStmt.get({ run: runId }) as Record<string, number | null>;
    return [s.suite, s.results, s.lastResult, s.lastScore, s.lastEvaluation].join(':');
  }

  /**
   * Changes the database has seen: another connection's commits (PRAGMA data_version) and this connection's own
   * writes (total_changes). While it stays the same, nothing any view reads can have changed.
   */
  changeCounter(): string {
    return `${this.db.pragma('data_version', { simple: true }) as number}:${this.changesStmt.get() as number}`;
  }
}
