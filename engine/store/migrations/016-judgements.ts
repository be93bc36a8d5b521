import type { Migration } from '../migration.js';

/**
 * Model-graded judgements of issue 16. One row per question put to a judge: a rubric grade of one result (subject
 * = the graded arm, order 'single'), or one order of a pairwise comparison of a case's two answers (subject
 * 'pair', order 'ab' = baseline shown first, 'ba' = candidate shown first). The judge's fingerprint and the
 * rubric's digest are part of the key: a changed judge or rubric asks again instead of reusing an old verdict,
 * and a resumed judge phase asks only what has no row yet. `status = 'judge_error'` is a judge that answered no
 * valid verdict after its corrective retry (or failed at the infrastructure level): never a model failure.
 * The suite's pairwise block is kept per suite version (its digest covers it), so a run is judged as prepared.
 */
export const migration016: Migration = {
  id: 16,
  name: 'judgements',
  sql: `
CREATE TABLE judgements (
  id                 INTEGER PRIMARY KEY,
  run_id             TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  case_id            INTEGER NOT NULL REFERENCES cases(id),
  kind               TEXT NOT NULL CHECK (kind IN ('rubric', 'pairwise')),
  name               TEXT NOT NULL,
  subject            TEXT NOT NULL CHECK (subject IN ('baseline', 'candidate', 'pair')),
  attempt            INTEGER NOT NULL CHECK (attempt >= 0),
  position_order     TEXT NOT NULL CHECK (position_order IN ('single', 'ab', 'ba')),
  judge_target       TEXT NOT NULL,
  judge_fingerprint  TEXT NOT NULL,
  rubric_sha256      TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('ok', 'judge_error')),
  grade              REAL,
  verdict            TEXT CHECK (verdict IN ('A', 'B', 'tie')),
  reason             TEXT,
  error              TEXT,
  latency_ms         REAL,
  prompt_tokens      INTEGER,
  completion_tokens  INTEGER,
  cost_usd           REAL,
  calls              INTEGER NOT NULL DEFAULT 0,
  cached             INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
  created_at         TEXT NOT NULL,
  UNIQUE (run_id, kind, name, case_id, subject, attempt, position_order, judge_fingerprint, rubric_sha256)
);
CREATE INDEX judgements_run_kind ON judgements(run_id, kind, status);

CREATE TABLE suite_pairwise_judges (
  suite_id   INTEGER PRIMARY KEY REFERENCES suites(id) ON DELETE CASCADE,
  spec_json  TEXT NOT NULL
);
`,
};
