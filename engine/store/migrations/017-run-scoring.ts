import type { Migration } from '../migration.js';

/**
 * Which expectations and which scorer versions scored a run, once per scoring (after a replay, a merge, or a
 * `canary-gate score` re-scoring). A re-scoring may take the expectations of the current suite file instead of
 * those stored with the run (an expectation fixed since the replay): `suite_digest` and `suite_path` name that file's
 * version (NULL when the run's own stored expectations were used), and `cases_from_file` / `cases_stored` say how
 * many cases took which. `versions_json` counts the scores each scorer version produced, so a gate or a report can
 * say which code judged the run.
 */
export const migration017: Migration = {
  id: 17,
  name: 'run-scoring',
  sql: `
CREATE TABLE run_scorings (
  id               INTEGER PRIMARY KEY,
  run_id           TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  scored_at        TEXT NOT NULL,
  suite_digest     TEXT,
  suite_path       TEXT,
  cases_from_file  INTEGER NOT NULL DEFAULT 0,
  cases_stored     INTEGER NOT NULL DEFAULT 0,
  results          INTEGER NOT NULL,
  scores           INTEGER NOT NULL,
  failed           INTEGER NOT NULL,
  errors           INTEGER NOT NULL,
  versions_json    TEXT NOT NULL
);
CREATE INDEX run_scorings_run ON run_scorings(run_id, id);
`,
};
