import type { Database, Statement } from 'better-sqlite3';
import type { Arm } from '../../shared/domain/run.js';

export interface NewResult {
  runId: string;
  caseId: number;
  arm: Arm;
  attempt: number;
  status: 'ok' | 'infra_error';
  outputText: string | null;
  finishReason: string | null;
  toolCallsJson: string | null;
  error: string | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
  retries: number;
  /** Answered from the response cache (no call was made). */
  cached?: boolean;
  /** Time to first token of a streamed answer. */
  ttftMs?: number | null;
  /** Rounds of tool calls answered from the case's recorded tool results before this answer. */
  toolRounds?: number;
  /** The model's call that no recorded tool result matched (JSON of UnreplayableToolCall); the case stops there. */
  unreplayableToolCall?: string | null;
}

export interface ResultRow extends NewResult {
  id: number;
}

/** What scoring reads of a result that has an answer to score. */
export interface ScorableResult {
  id: number;
  caseId: number;
  outputText: string | null;
  finishReason: string | null;
  toolCallsJson: string | null;
}

interface RawResult {
  id: number;
  run_id: string;
  case_id: number;
  arm: Arm;
  attempt: number;
  status: 'ok' | 'infra_error';
  output_text: string | null;
  finish_reason: string | null;
  tool_calls_json: string | null;
  error: string | null;
  latency_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  retries: number;
  cached: number;
  ttft_ms: number | null;
  tool_rounds: number;
  unreplayable_tool_call: string | null;
}

const toResult = (r: RawResult): ResultRow => ({
  id: r.id,
  runId: r.run_id,
  caseId: r.case_id,
  arm: r.arm,
  attempt: r.attempt,
  status: r.status,
  outputText: r.output_text,
  finishReason: r.finish_reason,
  toolCallsJson: r.tool_calls_json,
  error: r.error,
  latencyMs: r.latency_ms,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  costUsd: r.cost_usd,
  retries: r.retries,
  cached: r.cached === 1,
  ttftMs: r.ttft_ms,
  toolRounds: r.tool_rounds,
  unreplayableToolCall: r.unreplayable_tool_call,
});

/** One row per (run, case, arm, attempt): what the model answered, or the infra error it hit. */
export class ResultRepository {
  private readonly insertStmt: Statement;
  private readonly doneKeysStmt: Statement;
  private readonly byRunStmt: Statement;
  private readonly pageStmt: Statement;
  private readonly scorablePageStmt: Statement;
  private readonly idRangeStmt: Statement;
  private readonly countsStmt: Statement;
  private readonly deleteInfraStmt: Statement;
  private readonly deleteOneStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO results
      (run_id, case_id, arm, attempt, status, output_text, finish_reason, tool_calls_json, error, latency_ms,
       prompt_tokens, completion_tokens, cost_usd, retries, cached, ttft_ms, tool_rounds, unreplayable_tool_call, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id, case_id, arm, attempt) DO NOTHING`);
    this.doneKeysStmt = db.prepare('SELECT case_id, arm, attempt FROM results WHERE run_id = ?');
    this.byRunStmt = db.prepare('SELECT * FROM results WHERE run_id = ? ORDER BY case_id, arm, attempt');
    // Pages walk the run's rowid range (NOT INDEXED): through the (run_id, …) index, every page re-read and
    // re-sorted the rest of the run — scoring 40,000 results took 985 ms of queries, against 135 ms this way.
    this.pageStmt = db.prepare('SELECT * FROM results NOT INDEXED WHERE run_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?');
    this.scorablePageStmt = db.prepare(`SELECT id, case_id AS caseId, output_text AS outputText, finish_reason AS finishReason, tool_calls_json AS toolCallsJson
      FROM results NOT INDEXED WHERE run_id = ? AND id > ? AND id <= ? AND status = 'ok' AND unreplayable_tool_call IS NULL ORDER BY id LIMIT ?`);
    this.idRangeStmt = db.prepare('SELECT MIN(id) AS first, MAX(id) AS last FROM results WHERE run_id = ?');
    this.countsStmt = db.prepare(`SELECT COUNT(*) AS total, COALESCE(SUM(status = 'infra_error'), 0) AS infra,
      COALESCE(SUM(unreplayable_tool_call IS NOT NULL), 0) AS unreplayable FROM results WHERE run_id = ?`);
    this.deleteInfraStmt = db.prepare(`DELETE FROM results WHERE run_id = ? AND status = 'infra_error'`);
    this.deleteOneStmt = db.prepare('DELETE FROM results WHERE run_id = ? AND case_id = ? AND arm = ? AND attempt = ?');
  }

  /** Persists results in one transaction; a (case, arm, attempt) that already has a result is kept as is. */
  insertMany(rows: readonly NewResult[]): number {
    const now = new Date().toISOString();
    return this.db.transaction((list: readonly NewResult[]) => {
      let n = 0;
      for (const r of list) {
        n += this.insertStmt.run(r.runId, r.caseId, r.arm, r.attempt, r.status, r.outputText, r.finishReason, r.toolCallsJson, r.error,
          r.latencyMs, r.promptTokens, r.completionTokens, r.costUsd, r.retries, r.cached ? 1 : 0, r.ttftMs ?? null, r.toolRounds ?? 0, r.unreplayableToolCall ?? null, now).changes;
      }
      return n;
    })(rows);
  }

  /** Keys "caseId:arm:attempt" that already have a result in this run. */
  doneKeys(runId: string): Set<string> {
    const rows = this.doneKeysStmt.all(runId) as { case_id: number; arm: Arm; attempt: number }[];
    return new Set(rows.map((r) => resultKey(r.case_id, r.arm, r.attempt)));
  }

  /** Every result of a run. */
  byRun(runId: string): ResultRow[] {
    return (this.byRunStmt.all(runId) as RawResult[]).map(toResult);
  }

  /** A run's results in id order, one page at a time, so large runs are never held in memory whole. */
  *pagesByRun(runId: string, pageSize = 2000): Generator<ResultRow[]> {
    for (const page of this.pagesOf<RawResult>(this.pageStmt, runId, pageSize)) yield page.map(toResult);
  }

  /**
   * A run's results that have an answer to score (ok, not stopped at an unreplayable tool call), in id order, a
   * page at a time, with only what scoring reads: scoring follows every replay, and reading whole rows into
   * ResultRow objects cost it more than the scorers did.
   */
  scorablePagesByRun(runId: string, pageSize = 2000): Generator<ScorableResult[]> {
    return this.pagesOf<ScorableResult>(this.scorablePageStmt, runId, pageSize);
  }

  /** Pages of a (runId, after, last, limit) statement over the run's id range. */
  private *pagesOf<T extends { id: number }>(stmt: Statement, runId: string, pageSize: number): Generator<T[]> {
    const range = this.idRangeStmt.get(runId) as { first: number | null; last: number | null };
    if (range.first === null || range.last === null) return;
    let after = range.first - 1;
    for (;;) {
      const rows = stmt.all(runId, after, range.last, pageSize) as T[];
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Result, infra-error and unreplayable-tool-call counts of a run. */
  counts(runId: string): { total: number; infra: number; unreplayable: number } {
    return this.countsStmt.get(runId) as { total: number; infra: number; unreplayable: number };
  }

  /** Deletes the results (and their scores) of these (case, arm, attempt) keys of a run, in one transaction. */
  deleteMany(runId: string, keys: readonly { caseId: number; arm: Arm; attempt: number }[]): number {
    return this.db.transaction(() => keys.reduce((n, k) => n + this.deleteOneStmt.run(runId, k.caseId, k.arm, k.attempt).changes, 0))();
  }

  /** Forgets a run's infra errors so that a resume retries those calls. */
  deleteInfraErrors(runId: string): number {
    return this.deleteInfraStmt.run(runId).changes;
  }
}

/** The identity of one replay call within a run. */
export function resultKey(caseId: number, arm: Arm, attempt: number): string {
  return `${caseId}:${arm}:${attempt}`;
}
