import type { Migration } from '../migration.js';

/**
 * Sharded replays: a run may be shard i of n of one replay (part of its identity, so a shard resumes only its
 * own run), and a merged run remembers which shard runs it was combined from (so merging again is a no-op).
 */
export const migration005: Migration = {
  id: 5,
  name: 'run-shards',
  sql: `
ALTER TABLE runs ADD COLUMN shard_index INTEGER CHECK (shard_index >= 1);
ALTER TABLE runs ADD COLUMN shard_count INTEGER CHECK (shard_count >= 1 AND shard_index <= shard_count AND ((shard_index IS NULL) = (shard_count IS NULL)));
CREATE INDEX runs_shard ON runs(shard_count, shard_index, created_at DESC) WHERE shard_count IS NOT NULL;

CREATE TABLE merged_shards (
  run_id         TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  shard_index    INTEGER NOT NULL CHECK (shard_index >= 1),
  shard_count    INTEGER NOT NULL CHECK (shard_count >= shard_index),
  source_run_id  TEXT NOT NULL,
  source_path    TEXT NOT NULL,
  results        INTEGER NOT NULL,
  PRIMARY KEY (run_id, shard_index)
) WITHOUT ROWID;
CREATE INDEX merged_shards_source ON merged_shards(source_run_id, shard_index);
`,
};
