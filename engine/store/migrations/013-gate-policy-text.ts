import type { Migration } from '../migration.js';

/**
 * The exact YAML text of the policy each gate evaluation was decided with. Until now only the policy's name and
 * digest were kept, so the run overview could not gate the run's slices with the same policy once the file had
 * been edited (or was never in this workspace). NULL for evaluations stored before this migration.
 *
 * And the slices gated with that policy, once computed: on a 100,000-case run the bootstrap gates of all slices
 * take about as long as the run's own gates (tens of seconds), too long to repeat each time the overview opens.
 * `results_key` says which results they were computed on (a resumed run computes them again).
 *
 * And two covering indexes for the overview's latency and cost distributions: through results_run_arm each of
 * 100,000 values costs a row lookup (about 1 s for a run's two arms); from these, sorted, about a quarter of that.
 */
export const migration013: Migration = {
  id: 13,
  name: 'gate-policy-text',
  sql: `
ALTER TABLE gate_evaluations ADD COLUMN policy_text TEXT;

CREATE TABLE gate_slice_results (
  gate_evaluation_id  INTEGER PRIMARY KEY REFERENCES gate_evaluations(id) ON DELETE CASCADE,
  results_key         TEXT NOT NULL,
  slices_json         TEXT NOT NULL,
  created_at          TEXT NOT NULL
);

CREATE INDEX results_ok_latency ON results(run_id, arm, latency_ms) WHERE status = 'ok' AND unreplayable_tool_call IS NULL;
CREATE INDEX results_ok_cost ON results(run_id, arm, cost_usd) WHERE status = 'ok' AND unreplayable_tool_call IS NULL;
`,
};
