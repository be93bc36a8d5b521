import type { Database, Statement } from 'better-sqlite3';
import { MESSAGE_TEXT } from './case-review-repository.js';

/** One arm's outputs (every attempt's text and tool calls) of a case, for the index. */
const armText = (arm: 'baseline' | 'candidate') => `(SELECT group_concat(concat_ws(' ', r.output_text, r.tool_calls_json), char(10))
  FROM results r WHERE r.run_id = d.run_id AND r.case_id = d.case_id AND r.arm = '${arm}')`;

/**
 * The FTS5 index of runs' cases (migration 011): which state of a run it holds, its rebuild, and its search. The
 * documents are built by SQLite from the stored cases and results, so a run of 100,000 cases is indexed without
 * bringing its text into JavaScript.
 */
export class CaseSearchRepository {
  private readonly versionStmt: Statement;
  private readonly deleteDocsStmt: Statement;
  private readonly insertDocsStmt: Statement;
  private readonly indexDocsStmt: Statement;
  private readonly markStmt: Statement;
  private readonly searchStmt: Statement;

  constructor(private readonly db: Database) {
    this.versionStmt = db.prepare('SELECT version FROM case_search_runs WHERE run_id = ?').pluck();
    this.deleteDocsStmt = db.prepare('DELETE FROM case_search_docs WHERE run_id = ?');
    this.insertDocsStmt = db.prepare(`INSERT INTO case_search_docs (run_id, case_id)
      SELECT ru.id, c.id FROM runs ru JOIN cases c ON c.suite_id = ru.suite_id AND c.status = 'active' WHERE ru.id = ? ORDER BY c.id`);
    this.indexDocsStmt = db.prepare(`INSERT INTO case_search (rowid, input, baseline, candidate)
      SELECT d.id,
        concat_ws(char(10), c.case_key, (SELECT group_concat(${MESSAGE_TEXT}, char(10)) FROM json_each(c.case_json, '$.input.messages') m)),
        ${armText('baseline')}, ${armText('candidate')}
      FROM case_search_docs d JOIN cases c ON c.id = d.case_id WHERE d.run_id = ?`);
    this.markStmt = db.prepare(`INSERT INTO case_search_runs (run_id, version, built_at) VALUES (?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE SET version = excluded.version, built_at = excluded.built_at`);
    this.searchStmt = db
      .prepare('SELECT d.case_id FROM case_search s JOIN case_search_docs d ON d.id = s.rowid WHERE case_search MATCH ? AND d.run_id = ?')
      .pluck();
  }

  /** The state of the run the index holds (the version it was built at), or undefined when it was never built. */
  indexedVersion(runId: string): string | undefined {
    return this.versionStmt.get(runId) as string | undefined;
  }

  /** Replaces the run's documents with ones built from its cases and results as they are now, in one transaction. */
  rebuild(runId: string, version: string): void {
    this.db.transaction(() => {
      this.deleteDocsStmt.run(runId);
      this.insertDocsStmt.run(runId);
      this.indexDocsStmt.run(runId);
      this.markStmt.run(runId, version, new Date().toISOString());
    })();
  }

  /** Database ids of the run's cases whose input or outputs match an FTS5 query (already safe: see fts-query). */
  search(runId: string, ftsQuery: string): number[] {
    return this.searchStmt.all(ftsQuery, runId) as number[];
  }
}
