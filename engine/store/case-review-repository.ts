import type { Database, Statement } from 'better-sqlite3';
import type { Arm } from '../../shared/domain/run.js';
import type { FailureCategory, ScorerType, Severity } from '../../shared/domain/scorer-spec.js';
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

/** What a case's outcome reads of one result (a slim row: a run's outcomes read every result of it). */
export interface OutcomeResult {
  id: number;
  caseId: number;
  arm: Arm;
  status: 'ok' | 'infra_error';
  /** Stopped at a tool call no recorded result matched. */
  unreplayable: boolean;
  latencyMs: number | null;
  costUsd: number | null;
}

/** What a case's outcome reads of one score. */
export interface OutcomeScore {
  resultId: number;
  name: string;
  passed: boolean;
  severity: Severity;
  category: FailureCategory;
  /** The scorer type: read only when a gate selects scores by it (one more string per score of a large run). */
  scorer?: ScorerType;
}

/** The labels of an active case that gates read, from the cases table's own columns. */
export interface CaseLabels {
  id: number;
  key: string;
  slice: string | null;
  cluster: string | null;
}

/** What the case list shows of an active case besides its labels: tags, origin, severity, the last user message. */
export interface CaseListing {
  id: number;
  tags: string[];
  severity: Severity;
  origin: EvalCase['origin'];
  /** The text of the last user message (null when none has text content). */
  lastUserText: string | null;
}

/** The text of a message row `m` of json_each: a string content, or the text parts of an array content. */
export const MESSAGE_TEXT = `CASE json_type(m.value, '$.content')
  WHEN 'array' THEN (SELECT group_concat(p.value ->> '$.text', ' ') FROM json_each(m.value, '$.content') p)
  ELSE m.value ->> '$.content' END`;

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
  private readonly outcomeResultsStmt: Statement;
  private readonly outcomeScoresStmt: Statement;
  private readonly outcomeScoresWithScorerStmt: Statement;
  private readonly labelsStmt: Statement;
  private readonly listingsStmt: Statement;

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
    // Slim rows as arrays: reading whole rows (answers, errors, score details) was most of the time gating took.
    this.outcomeResultsStmt = db
      .prepare('SELECT id, case_id, arm, status, unreplayable_tool_call IS NOT NULL, latency_ms, cost_usd FROM results WHERE run_id = ? ORDER BY case_id, arm, attempt')
      .raw();
    this.outcomeScoresStmt = db
      .prepare('SELECT s.result_id, s.name, s.passed, s.severity, s.category FROM scores s JOIN results r ON r.id = s.result_id WHERE r.run_id = ? AND s.error IS NULL ORDER BY s.result_id, s.id')
      .raw();
    this.outcomeScoresWithScorerStmt = db
      .prepare(
        'SELECT s.result_id, s.name, s.passed, s.severity, s.category, s.scorer FROM scores s JOIN results r ON r.id = s.result_id WHERE r.run_id = ? AND s.error IS NULL ORDER BY s.result_id, s.id',
      )
      .raw();
    this.labelsStmt = db.prepare("SELECT id, case_key, slice, cluster FROM cases WHERE suite_id = ? AND status = 'active' ORDER BY id").raw();
    this.listingsStmt = db
      .prepare(`SELECT id, case_json -> '$.tags', severity, origin,
        (SELECT ${MESSAGE_TEXT} FROM json_each(case_json, '$.input.messages') m WHERE m.value ->> '$.role' = 'user' ORDER BY m.key DESC LIMIT 1)
        FROM cases WHERE suite_id = ? AND status = 'active' ORDER BY id`)
      .raw();
  }

  /** Every result of a run as its cases' outcomes read them, by case, arm and attempt. */
  outcomeResults(runId: string): OutcomeResult[] {
    return (this.outcomeResultsStmt.all(runId) as [number, number, Arm, 'ok' | 'infra_error', number, number | null, number | null][]).map(
      ([id, caseId, arm, status, unreplayable, latencyMs, costUsd]) => ({ id, caseId, arm, status, unreplayable: unreplayable === 1, latencyMs, costUsd }),
    );
  }

  /**
   * Every score of a run as its cases' outcomes read them, by result (scores a scorer could not decide left out).
   * With `scorerType`, each also names its scorer type (gates on scorer:<type> need it; others need not pay for it).
   */
  outcomeScores(runId: string, opts: { scorerType?: boolean } = {}): OutcomeScore[] {
    if (opts.scorerType) {
      // Scorer types repeat on every score: one string per type is kept, not one per row.
      const types = new Map<string, ScorerType>();
      return (this.outcomeScoresWithScorerStmt.all(runId) as [number, string, number, Severity, FailureCategory, ScorerType][]).map(([resultId, name, passed, severity, category, scorer]) => {
        let type = types.get(scorer);
        if (type === undefined) types.set(scorer, (type = scorer));
        return { resultId, name, passed: passed === 1, severity, category, scorer: type };
      });
    }
    return (this.outcomeScoresStmt.all(runId) as [number, string, number, Severity, FailureCategory][]).map(([resultId, name, passed, severity, category]) => ({
      resultId,
      name,
      passed: passed === 1,
      severity,
      category,
    }));
  }

  /** The active cases of a suite version, in suite order, with the labels gates read. */
  activeCaseLabels(suiteId: number): CaseLabels[] {
    return (this.labelsStmt.all(suiteId) as [number, string, string | null, string | null][]).map(([id, key, slice, cluster]) => ({ id, key, slice, cluster }));
  }

  /** The active cases of a suite version, in suite order, with what the case list shows of them (cut out of their JSON by SQLite). */
  activeCaseListings(suiteId: number): CaseListing[] {
    return (this.listingsStmt.all(suiteId) as [number, string | null, Severity, EvalCase['origin'], string | null][]).map(([id, tags, severity, origin, lastUserText]) => ({
      id,
      tags: tags === null ? [] : (JSON.parse(tags) as string[]),
      severity,
      origin,
      lastUserText,
    }));
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
