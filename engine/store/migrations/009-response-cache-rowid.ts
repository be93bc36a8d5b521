import type { Migration } from '../migration.js';

/**
 * The response cache becomes an ordinary rowid table with a unique index on its key. As a WITHOUT ROWID table
 * the whole row (a completion's JSON, about a kilobyte) lived in the b-tree ordered by a random sha256, so every
 * insert landed on a different, nearly full page: a replay wrote several pages per answer and the WAL
 * checkpoints spent more time than the calls. Now rows append in arrival order and only the 32-byte keys are
 * scattered. Measured on 40,000 inserts in transactions of 32: 57 µs per entry before, 19 µs after.
 */
export const migration009: Migration = {
  id: 9,
  name: 'response-cache-rowid',
  sql: `
CREATE TABLE response_cache_v2 (
  id             INTEGER PRIMARY KEY,
  key            BLOB NOT NULL CHECK (length(key) = 32),
  response_json  TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
INSERT INTO response_cache_v2 (key, response_json, created_at) SELECT key, response_json, created_at FROM response_cache ORDER BY created_at;
DROP TABLE response_cache;
ALTER TABLE response_cache_v2 RENAME TO response_cache;
CREATE UNIQUE INDEX response_cache_key ON response_cache(key);
`,
};
