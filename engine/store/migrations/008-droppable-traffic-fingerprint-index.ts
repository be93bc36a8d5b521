import type { Migration } from '../migration.js';

/**
 * The unique fingerprint index becomes a named index (a table-level UNIQUE cannot be dropped), so a bulk import
 * can set it aside while it loads and build it once at the end: at 1M rows, keeping a random-keyed index up to
 * date touched a different leaf page for almost every row and doubled the bytes written per sample.
 * `traffic_bulk_load` names the import that holds the index aside (at most one), so a crashed one can be
 * recognised and its index rebuilt (whether it is alive is told by its lock, see bulk-load-lock.ts; pid and host
 * only name it in messages).
 */
export const migration008: Migration = {
  id: 8,
  name: 'droppable-traffic-fingerprint-index',
  sql: `
CREATE TABLE traffic_samples_v3 (
  id            INTEGER PRIMARY KEY,
  source_id     TEXT NOT NULL,
  fingerprint   BLOB NOT NULL CHECK (length(fingerprint) = 16),
  slice         TEXT,
  captured_at   TEXT NOT NULL,
  sample_json   TEXT NOT NULL,
  source_file   TEXT,
  source_line   INTEGER,
  imported_at   TEXT NOT NULL
);
INSERT INTO traffic_samples_v3 (id, source_id, fingerprint, slice, captured_at, sample_json, source_file, source_line, imported_at)
  SELECT id, source_id, fingerprint, slice, captured_at, sample_json, source_file, source_line, imported_at
  FROM traffic_samples;
DROP TABLE traffic_samples;
ALTER TABLE traffic_samples_v3 RENAME TO traffic_samples;
CREATE UNIQUE INDEX traffic_samples_fingerprint ON traffic_samples(fingerprint);
CREATE INDEX traffic_samples_slice ON traffic_samples(slice, id);

CREATE TABLE traffic_bulk_load (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  pid         INTEGER NOT NULL,
  host        TEXT NOT NULL,
  started_at  TEXT NOT NULL
);
`,
};
