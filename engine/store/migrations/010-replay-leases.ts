import type { Migration } from '../migration.js';

/**
 * One lease per run being replayed: which process holds it (pid, host, and the machine key that says whether the
 * pid means anything here), a random token only the holder knows, and its last heartbeat. Two replays of one run
 * — two terminals, a retried CI job — otherwise both call every missing case. Times are milliseconds since the
 * epoch, compared by the process that finds the lease.
 */
export const migration010: Migration = {
  id: 10,
  name: 'replay-leases',
  sql: `
CREATE TABLE replay_leases (
  run_id        TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  token         TEXT NOT NULL,
  pid           INTEGER NOT NULL,
  host          TEXT NOT NULL,
  machine_key   TEXT,
  acquired_at   INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL
);
`,
};
