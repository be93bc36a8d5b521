import type { Database, Statement } from 'better-sqlite3';
import type { ScoreRow } from './score-repository.js';

/** What scoring reads of a result that has an answer to score, with what the call took. */
export interface ScoringResult {
  id: number;
  caseId: number;
  outputText: string | null;
  finishReason: string | null;
  toolCallsJson: string | null;
  latencyMs: number | null;
  costUsd: number | null;
}

/** One scoring of a run: which expectations (the stored ones, or a suite file's) and which scorer versions. */
export interface RunScoring {
  runId: string;
  scoredAt: string;
  /** The digest and path of the suite file whose expectations scored the run; null for the run's stored ones. */
  suiteDigest: string | null;
  suitePath: string | null;
  casesFromFile: number;
  casesStored: number;
  results: number;
  scores: number;
  failed: number;
  errors: number;
  /** How many scores each scorer version produced. */
  versions: Record<string, number>;
}

/** Scores written per INSERT statement: one statement per row cost more than the scorers on a 200,000-output run. */
const ROWS_PER_INSERT = 64;
const COLUMNS = '(result_id, name, scorer, passed, severity, category, detail, value, scorer_version, error)';
const UPSERT = `ON CONFLICT (result_id, name) DO UPDATE SET scorer = excluded.scorer, passed = excluded.passed, severity = excluded.severity,
  category = excluded.category, detail = excluded.detail, value = excluded.value, scorer_version = excluded.scorer_version, error = excluded.error`;

/** Reading outputs for scoring and writing their scores in bulk, and the record of each scoring of a run. */
export class ScoringRepository {
  private readonly pageStmt: Statement;
  private readonly rangeStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly insertOneStmt: Statement;
  private readonly insertManyStmt: Statement;
  private readonly recordStmt: Statement;
  private readonly latestStmt: Statement;

  constructor(db: Database) {
    // Walks the run's rowid range (NOT INDEXED), as ResultRepository's pages do: through the (run_id, …) index every
    // page re-read and re-sorted the rest of the run.
    this.pageStmt = db.prepare(`SELECT id, case_id AS caseId, output_text AS outputText, finish_reason AS finishReason, tool_calls_json AS toolCallsJson,
      latency_ms AS latencyMs, cost_usd AS costUsd
      FROM results NOT INDEXED WHERE run_id = ? AND id > ? AND id <= ? AND status = 'ok' AND unreplayable_tool_call IS NULL ORDER BY id LIMIT ?`);
    this.rangeStmt = db.prepare('SELECT MIN(id) AS first, MAX(id) AS last FROM results WHERE run_id = ?');
    // The judges write rubric_judge scores from their own verdicts: re-scoring keeps them.
    this.deleteStmt = db.prepare(`DELETE FROM scores WHERE scorer <> 'rubric_judge' AND result_id IN (SELECT id FROM results WHERE run_id = ?)`);
    this.insertOneStmt = db.prepare(`INSERT INTO scores ${COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${UPSERT}`);
    this.insertManyStmt = db.prepare(`INSERT INTO scores ${COLUMNS} VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${UPSERT}`);
    this.recordStmt = db.prepare(`INSERT INTO run_scorings (run_id, scored_at, suite_digest, suite_path, cases_from_file, cases_stored, results, scores, failed, errors, versions_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.latestStmt = db.prepare('SELECT * FROM run_scorings WHERE run_id = ? ORDER BY id DESC LIMIT 1');
  }

  /** A run's scorable results in id order, a page at a time (bounded memory on any run size). */
  *scorablePages(runId: string, pageSize = 1000): Generator<ScoringResult[]> {
    const range = this.rangeStmt.get(runId) as { first: number | null; last: number | null };
    if (range.first === null || range.last === null) return;
    let after = range.first - 1;
    for (;;) {
      const rows = this.pageStmt.all(runId, after, range.last, pageSize) as ScoringResult[];
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Deletes a run's scores before it is scored again, except the judges' rubric_judge scores. */
  deleteForRescore(runId: string): number {
    return this.deleteStmt.run(runId).changes;
  }

  /** Writes scores (replacing a score of the same result and name); call inside a transaction. */
  insert(rows: readonly ScoreRow[]): void {
    let i = 0;
    const params: unknown[] = [];
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      params.length = 0;
      for (let j = i; j < i + ROWS_PER_INSERT; j++) pushRow(params, rows[j]!);
      this.insertManyStmt.run(params);
    }
    for (; i < rows.length; i++) this.insertOneStmt.run(pushRow([], rows[i]!));
  }

  /** Records one scoring of a run. */
  record(s: RunScoring): void {
    this.recordStmt.run(s.runId, s.scoredAt, s.suiteDigest, s.suitePath, s.casesFromFile, s.casesStored, s.results, s.scores, s.failed, s.errors, JSON.stringify(s.versions));
  }

  /** The latest scoring of a run, if it was scored since migration 018. */
  latest(runId: string): RunScoring | undefined {
    type Row = { run_id: string; scored_at: string; suite_digest: string | null; suite_path: string | null; cases_from_file: number; cases_stored: number; results: number; scores: number; failed: number; errors: number; versions_json: string };
    const r = this.latestStmt.get(runId) as Row | undefined;
    if (!r) return undefined;
    return {
      runId: r.run_id, scoredAt: r.scored_at, suiteDigest: r.suite_digest, suitePath: r.suite_path, casesFromFile: r.cases_from_file, casesStored: r.cases_stored,
      results: r.results, scores: r.scores, failed: r.failed, errors: r.errors, versions: JSON.parse(r.versions_json) as Record<string, number>,
    };
  }
}

function pushRow(params: unknown[], s: ScoreRow): unknown[] {
  params.push(s.resultId, s.name, s.scorer, s.passed ? 1 : 0, s.severity, s.category, s.detail, s.value ?? null, s.version ?? null, s.error ?? null);
  return params;
}

const repositories = new WeakMap<Database, ScoringRepository>();

/** The scoring repository of a database, prepared once per connection. */
export function scoringRepository(db: Database): ScoringRepository {
  let repo = repositories.get(db);
  if (!repo) {
    repo = new ScoringRepository(db);
    repositories.set(db, repo);
  }
  return repo;
}
