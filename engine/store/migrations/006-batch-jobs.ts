import type { Migration } from '../migration.js';

/**
 * Provider batches submitted for a run (replay --batch): one row per batch, so that a replay interrupted while
 * its batches run polls them again instead of submitting (and paying for) the same calls twice. `part` numbers
 * an arm's batches (a provider caps a batch's size; a retry of infra errors submits a new one); `custom_ids` are
 * the calls in the batch, so a call the provider returned nothing for is still recorded as an infra error. A
 * batch the provider no longer knows (404: deleted, another account, the embedded sim restarted) is 'lost', and
 * its calls are submitted again.
 */
export const migration006: Migration = {
  id: 6,
  name: 'batch-jobs',
  sql: `
CREATE TABLE batch_jobs (
  run_id           TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  arm              TEXT NOT NULL CHECK (arm IN ('baseline', 'candidate')),
  part             INTEGER NOT NULL CHECK (part >= 0),
  provider         TEXT NOT NULL,
  batch_id         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('submitted', 'collected', 'lost')),
  provider_status  TEXT NOT NULL,
  custom_ids_json  TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (run_id, arm, part)
);
`,
};
