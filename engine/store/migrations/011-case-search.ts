import type { Migration } from '../migration.js';

/**
 * Full-text search over a run's cases (the case list's search box): one document per (run, case) holding the
 * case's input messages and each arm's outputs, in an FTS5 index. Filled lazily by the first search of a run and
 * rebuilt when the run's results change (case_search_runs.version says which state of the run it holds);
 * contentless, since the text is already in cases and results. Deleting a run removes its documents (cascade), and
 * the trigger removes their index entries.
 */
export const migration011: Migration = {
  id: 11,
  name: 'case-search',
  sql: `
CREATE TABLE case_search_runs (
  run_id    TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  version   TEXT NOT NULL,
  built_at  TEXT NOT NULL
);
CREATE TABLE case_search_docs (
  id       INTEGER PRIMARY KEY,
  run_id   TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  case_id  INTEGER NOT NULL,
  UNIQUE (run_id, case_id)
);
CREATE VIRTUAL TABLE case_search USING fts5(input, baseline, candidate, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER case_search_docs_deleted AFTER DELETE ON case_search_docs BEGIN
  DELETE FROM case_search WHERE rowid = old.id;
END;
`,
};
