import type { Migration } from '../migration.js';

/**
 * What the scorer catalogue of issue 16 stores beside pass/fail: a numeric score where the scorer yields one
 * (similarity, a rubric judge's grade, a custom scorer's number), the version of the scorer that produced the
 * score (so a re-scored run says which code judged it), and an error when the scorer could not decide (a judge
 * that answered no valid JSON, a custom scorer that threw or hung). A score with an error is neither a pass nor a
 * failure of the model: outcomes and gates leave it out.
 */
export const migration015: Migration = {
  id: 15,
  name: 'score-values',
  sql: `
ALTER TABLE scores ADD COLUMN value REAL;
ALTER TABLE scores ADD COLUMN scorer_version TEXT;
ALTER TABLE scores ADD COLUMN error TEXT;
`,
};
