import type { Database, Statement } from 'better-sqlite3';
import { scoresDigest } from './score-digest.js';
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

/** A scorable result as the page statement returns it (raw). */
type ScoringRow = [number, number, string | null, string | null, string | null, number | null, number | null];

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
/** Digests written per INSERT statement. */
const DIGESTS_PER_INSERT = 128;
const COLUMNS = '(result_id, name, scorer, passed, severity, category, detail, value, scorer_version, error)';
const UPSERT = `ON CONFLICT (result_id, name) DO UPDATE SET scorer = excluded.scorer, passed = excluded.passed, severity = excluded.severity,
  category = excluded.category, detail = excluded.detail, value = excluded.value, scorer_version = excluded.scorer_version, error = excluded.error`;

/** Reading outputs for scoring and writing their scores in bulk, and the record of each scoring of a run. */
export class ScoringRepository {
  private readonly pageStmt: Statement;
  private readonly rangeStmt: Statement;
  private readonly deleteUnscorableStmt: Statement;
  private readonly existingStmt: Statement;
  private readonly existingOfStmt: Statement;
  private readonly digestsStmt: Statement;
  private readonly digestOneStmt: Statement;
  private readonly digestManyStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteOneStmt: Statement;
  private readonly insertOneStmt: Statement;
  private readonly insertManyStmt: Statement;
  private readonly recordStmt: Statement;
  private readonly latestStmt: Statement;
  /** The parameters of one multi-row insert, reused. */
  private readonly params = new Array<unknown>(ROWS_PER_INSERT * 10);
  private readonly digestParams = new Array<unknown>(DIGESTS_PER_INSERT * 2);

  constructor(db: Database) {
    // Walks the run's rowid range (NOT INDEXED), as ResultRepository's pages do: through the (run_id, …) index every
    // page re-read and re-sorted the rest of the run.
    this.pageStmt = db.prepare(`SELECT id, case_id AS caseId, output_text AS outputText, finish_reason AS finishReason, tool_calls_json AS toolCallsJson,
      latency_ms AS latencyMs, cost_usd AS costUsd
      FROM results NOT INDEXED WHERE run_id = ? AND id > ? AND id <= ? AND status = 'ok' AND unreplayable_tool_call IS NULL ORDER BY id LIMIT ?`).raw(true);
    this.rangeStmt = db.prepare('SELECT MIN(id) AS first, MAX(id) AS last FROM results WHERE run_id = ?');
    // The judges write rubric_judge scores from their own verdicts: re-scoring keeps them.
    this.deleteUnscorableStmt = db.prepare(`DELETE FROM scores WHERE scorer <> 'rubric_judge'
      AND result_id IN (SELECT id FROM results WHERE run_id = ? AND (status <> 'ok' OR unreplayable_tool_call IS NOT NULL))`);
    // In (result_id, name) order, through the unique index: a page's stored scores come grouped by result, as ours do.
    this.existingStmt = db.prepare(`SELECT id, result_id, name, scorer, passed, severity, category, detail, value, scorer_version, error
      FROM scores WHERE result_id BETWEEN ? AND ? ORDER BY result_id`).raw(true);
    this.existingOfStmt = db.prepare(`SELECT id, result_id, name, scorer, passed, severity, category, detail, value, scorer_version, error
      FROM scores WHERE result_id = ?`).raw(true);
    // Only digests that still hold: no score of the result inserted since (its highest score id is the recorded one).
    this.digestsStmt = db.prepare(`SELECT d.result_id, d.digest FROM score_digests d WHERE d.result_id BETWEEN ? AND ?
      AND d.last_score_id IS (SELECT MAX(s.id) FROM scores s WHERE s.result_id = d.result_id) ORDER BY d.result_id`).raw(true);
    const digestInsert = (n: number) => `INSERT OR REPLACE INTO score_digests (result_id, digest, last_score_id)
      SELECT column1, column2, (SELECT MAX(s.id) FROM scores s WHERE s.result_id = column1) FROM (VALUES ${Array.from({ length: n }, () => '(?, ?)').join(', ')})`;
    this.digestOneStmt = db.prepare(digestInsert(1));
    this.digestManyStmt = db.prepare(digestInsert(DIGESTS_PER_INSERT));
    this.updateStmt = db.prepare('UPDATE scores SET scorer = ?, passed = ?, severity = ?, category = ?, detail = ?, value = ?, scorer_version = ?, error = ? WHERE id = ?');
    this.deleteOneStmt = db.prepare('DELETE FROM scores WHERE id = ?');
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
      const raw = this.pageStmt.all(runId, after, range.last, pageSize) as ScoringRow[];
      if (raw.length === 0) return;
      // Read as arrays and made objects here: the driver's row objects took twice as long to read 200,000 results.
      const rows = new Array<ScoringResult>(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const r = raw[i]!;
        rows[i] = { id: r[0], caseId: r[1], outputText: r[2], finishReason: r[3], toolCallsJson: r[4], latencyMs: r[5], costUsd: r[6] };
      }
      yield rows;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Deletes the scores of a run's results that have no answer to score (an infra error, an unreplayable tool call), but the judges'. */
  deleteUnscorable(runId: string): number {
    return this.deleteUnscorableStmt.run(runId).changes;
  }

  /**
   * Makes the stored scores of a page of results exactly `rows`, the judges' rubric_judge scores aside. Re-scoring
   * mostly reproduces what is stored, so a result whose stored digest (see migration 018) equals the digest of its
   * new scores is left alone without reading its scores; the others are compared row by row: an equal score is left
   * as it is, a changed one updated in place, a new one inserted, one that no expectation produces any more deleted.
   * Their digests are then written. `resultIds` ascending, `rows` grouped by result in that order. Call inside a
   * transaction.
   */
  replacePage(resultIds: readonly number[], rows: readonly ScoreRow[]): void {
    if (resultIds.length === 0) return;
    const first = resultIds[0]!;
    const last = resultIds[resultIds.length - 1]!;
    const stored = this.digestsStmt.all(first, last) as [number, number][];
    // The results whose scores differ (or have no digest), with where their new scores are in `rows` and their digest.
    const changed: number[] = [];
    const from: number[] = [];
    const to: number[] = [];
    const digests: number[] = [];
    let d = 0;
    let r = 0;
    for (const id of resultIds) {
      const start = r;
      while (r < rows.length && rows[r]!.resultId === id) r++;
      const digest = scoresDigest(rows, start, r);
      while (d < stored.length && stored[d]![0] < id) d++;
      if (d < stored.length && stored[d]![0] === id && stored[d]![1] === digest) continue;
      changed.push(id);
      from.push(start);
      to.push(r);
      digests.push(digest);
    }
    if (changed.length === 0) return;
    // Most of a page changed (a first scoring, new expectations): one range read; else only those results' scores.
    const existing = changed.length * 4 > resultIds.length
      ? (this.existingStmt.all(first, last) as (StoredScore | null)[])
      : changed.flatMap((id) => this.existingOfStmt.all(id) as (StoredScore | null)[]);
    const fresh: ScoreRow[] = [];
    let e = 0;
    for (let k = 0; k < changed.length; k++) {
      const id = changed[k]!;
      while (e < existing.length && existing[e]![1] < id) e++;
      let eEnd = e;
      while (eEnd < existing.length && existing[eEnd]![1] === id) eEnd++;
      for (let i = from[k]!; i < to[k]!; i++) {
        const s = rows[i]!;
        let match = -1;
        for (let j = e; j < eEnd; j++) {
          if (existing[j] !== null && existing[j]![2] === s.name) {
            match = j;
            break;
          }
        }
        if (match < 0) {
          fresh.push(s);
          continue;
        }
        const old = existing[match]!;
        existing[match] = null;
        if (!sameScore(old, s)) this.updateStmt.run(s.scorer, s.passed ? 1 : 0, s.severity, s.category, s.detail, s.value ?? null, s.version ?? null, s.error ?? null, old[0]);
      }
      for (let j = e; j < eEnd; j++) if (existing[j] !== null && existing[j]![3] !== 'rubric_judge') this.deleteOneStmt.run(existing[j]![0]);
      e = eEnd;
    }
    this.insert(fresh);
    // After the writes, with each result's highest score id as it is now.
    this.writeDigests(changed, digests);
  }

  /** Records the digests of results whose scores were just written. */
  private writeDigests(ids: readonly number[], digests: readonly number[]): void {
    let i = 0;
    const params = this.digestParams;
    for (; i + DIGESTS_PER_INSERT <= ids.length; i += DIGESTS_PER_INSERT) {
      for (let j = 0; j < DIGESTS_PER_INSERT; j++) {
        params[2 * j] = ids[i + j];
        params[2 * j + 1] = digests[i + j];
      }
      this.digestManyStmt.run(params);
    }
    for (; i < ids.length; i++) this.digestOneStmt.run(ids[i], digests[i]);
  }

  /** Writes scores (replacing a score of the same result and name); call inside a transaction. */
  insert(rows: readonly ScoreRow[]): void {
    let i = 0;
    const params = this.params;
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      for (let j = 0; j < ROWS_PER_INSERT; j++) setRow(params, j * 10, rows[i + j]!);
      this.insertManyStmt.run(params);
    }
    const one = new Array<unknown>(10);
    for (; i < rows.length; i++) this.insertOneStmt.run(setRow(one, 0, rows[i]!));
  }

  /** Records one scoring of a run. */
  record(s: RunScoring): void {
    this.recordStmt.run(s.runId, s.scoredAt, s.suiteDigest, s.suitePath, s.casesFromFile, s.casesStored, s.results, s.scores, s.failed, s.errors, JSON.stringify(s.versions));
  }

  /** The latest scoring of a run, if it was scored since migration 017. */
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

function setRow(params: unknown[], at: number, s: ScoreRow): unknown[] {
  params[at] = s.resultId;
  params[at + 1] = s.name;
  params[at + 2] = s.scorer;
  params[at + 3] = s.passed ? 1 : 0;
  params[at + 4] = s.severity;
  params[at + 5] = s.category;
  params[at + 6] = s.detail;
  params[at + 7] = s.value ?? null;
  params[at + 8] = s.version ?? null;
  params[at + 9] = s.error ?? null;
  return params;
}

/** A stored score row: id, result_id, name, scorer, passed, severity, category, detail, value, scorer_version, error. */
type StoredScore = [number, number, string, string, number, string, string, string, number | null, string | null, string | null];

/** Whether a stored score says exactly what `s` says. */
function sameScore(e: StoredScore, s: ScoreRow): boolean {
  // The reason last: the others are cheap and tell most changes.
  return e[4] === (s.passed ? 1 : 0) && e[9] === (s.version ?? null) && e[8] === (s.value ?? null) && e[10] === (s.error ?? null)
    && e[3] === s.scorer && e[5] === s.severity && e[6] === s.category && e[7] === s.detail;
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
