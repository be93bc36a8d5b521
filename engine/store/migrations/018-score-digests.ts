import type { Migration } from '../migration.js';

/**
 * A digest of each result's stored scores (the judges' rubric_judge scores aside), written by scoring: a re-scoring
 * compares the digest of the scores it computed with this one instead of reading every stored score back (reading
 * 800,000 scores was 40% of a 200,000-output re-scoring). A digest holds only while the result's scores are as
 * scoring left them: `last_score_id` is the highest score id of the result then (a score inserted since has a higher
 * one: SQLite gives a new row the table's highest id + 1, and a deleted row drops the digest), and the triggers drop
 * the digest when any other score of the result is changed or deleted, by whatever code. No trigger on insert: one
 * per inserted row made a run's first scoring a third slower.
 */
export const migration018: Migration = {
  id: 18,
  name: 'score-digests',
  sql: `
CREATE TABLE score_digests (
  result_id      INTEGER PRIMARY KEY REFERENCES results(id) ON DELETE CASCADE,
  digest         INTEGER NOT NULL,
  last_score_id  INTEGER
);
CREATE TRIGGER score_digests_update AFTER UPDATE ON scores WHEN NEW.scorer <> 'rubric_judge' OR OLD.scorer <> 'rubric_judge'
BEGIN DELETE FROM score_digests WHERE result_id IN (OLD.result_id, NEW.result_id); END;
CREATE TRIGGER score_digests_delete AFTER DELETE ON scores
BEGIN DELETE FROM score_digests WHERE result_id = OLD.result_id; END;
`,
};
