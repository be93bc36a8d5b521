import type { Migration } from '../migration.js';

/**
 * A content-addressed response cache (so re-running an unchanged target costs nothing) and a mark on results
 * that were answered from it.
 */
export const migration003: Migration = {
  id: 3,
  name: 'response-cache',
  sql: `
CREATE TABLE response_cache (
  key            BLOB PRIMARY KEY CHECK (length(key) = 32),
  response_json  TEXT NOT NULL,
  created_at     TEXT NOT NULL
) WITHOUT ROWID;
ALTER TABLE results ADD COLUMN cached INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1));
`,
};
