import type { Migration } from '../migration.js';

/**
 * Blind-review votes: one per (run, case, reviewer) — voting again replaces the vote — with the side the baseline
 * was shown on, so a vote can be audited against what the reviewer saw. The case is its suite key (what every
 * face calls the case id); the engine checks it belongs to the run's suite before storing. Votes go with their run.
 */
export const migration012: Migration = {
  id: 12,
  name: 'review-votes',
  sql: `
CREATE TABLE votes (
  id             INTEGER PRIMARY KEY,
  run_id         TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  case_key       TEXT NOT NULL,
  reviewer       TEXT NOT NULL,
  choice         TEXT NOT NULL CHECK (choice IN ('baseline', 'candidate', 'tie', 'both_bad')),
  note           TEXT,
  baseline_side  TEXT NOT NULL CHECK (baseline_side IN ('left', 'right')),
  voted_at       TEXT NOT NULL,
  UNIQUE (run_id, case_key, reviewer)
);
CREATE INDEX votes_run ON votes(run_id, voted_at, id);
`,
};
