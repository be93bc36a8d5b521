import type { Migration } from '../migration.js';

/** The first schema: traffic, suites and cases, targets, runs, results, scores, gate evaluations, reports. */
export const migration001: Migration = {
  id: 1,
  name: 'initial',
  sql: `
CREATE TABLE traffic_samples (
  id            INTEGER PRIMARY KEY,
  source_id     TEXT NOT NULL,
  fingerprint   TEXT NOT NULL UNIQUE,
  slice         TEXT,
  captured_at   TEXT NOT NULL,
  sample_json   TEXT NOT NULL,
  source_file   TEXT,
  source_line   INTEGER,
  imported_at   TEXT NOT NULL
);
CREATE INDEX traffic_samples_slice ON traffic_samples(slice, id);

CREATE TABLE suites (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  digest       TEXT NOT NULL,
  source_path  TEXT,
  created_at   TEXT NOT NULL,
  UNIQUE (name, digest)
);

CREATE TABLE cases (
  id          INTEGER PRIMARY KEY,
  suite_id    INTEGER NOT NULL REFERENCES suites(id) ON DELETE CASCADE,
  case_key    TEXT NOT NULL,
  slice       TEXT,
  severity    TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  origin      TEXT NOT NULL CHECK (origin IN ('traffic', 'canary-failure', 'manual')),
  provenance  TEXT,
  cluster     TEXT,
  status      TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  case_json   TEXT NOT NULL,
  UNIQUE (suite_id, case_key)
);
CREATE INDEX cases_suite_slice ON cases(suite_id, slice);

CREATE TABLE targets (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  fingerprint  TEXT NOT NULL UNIQUE,
  config_json  TEXT NOT NULL,
  simulated    INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  created_at   TEXT NOT NULL
);

CREATE TABLE runs (
  id                   TEXT PRIMARY KEY,
  suite_id             INTEGER NOT NULL REFERENCES suites(id),
  baseline_target_id   INTEGER NOT NULL REFERENCES targets(id),
  candidate_target_id  INTEGER NOT NULL REFERENCES targets(id),
  repeats              INTEGER NOT NULL CHECK (repeats >= 1),
  status               TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'interrupted', 'failed')),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX runs_created ON runs(created_at DESC);

CREATE TABLE results (
  id                 INTEGER PRIMARY KEY,
  run_id             TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  case_id            INTEGER NOT NULL REFERENCES cases(id),
  arm                TEXT NOT NULL CHECK (arm IN ('baseline', 'candidate')),
  attempt            INTEGER NOT NULL CHECK (attempt >= 0),
  status             TEXT NOT NULL CHECK (status IN ('ok', 'infra_error')),
  output_text        TEXT,
  finish_reason      TEXT,
  tool_calls_json    TEXT,
  error              TEXT,
  latency_ms         REAL,
  prompt_tokens      INTEGER,
  completion_tokens  INTEGER,
  cost_usd           REAL,
  retries            INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  UNIQUE (run_id, case_id, arm, attempt)
);
CREATE INDEX results_run_arm ON results(run_id, arm, status);

CREATE TABLE scores (
  id          INTEGER PRIMARY KEY,
  result_id   INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  scorer      TEXT NOT NULL,
  passed      INTEGER NOT NULL CHECK (passed IN (0, 1)),
  severity    TEXT NOT NULL,
  category    TEXT NOT NULL,
  detail      TEXT NOT NULL,
  UNIQUE (result_id, name)
);
CREATE INDEX scores_category ON scores(category, passed);

CREATE TABLE gate_evaluations (
  id               INTEGER PRIMARY KEY,
  run_id           TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  policy_name      TEXT NOT NULL,
  policy_digest    TEXT NOT NULL,
  verdict          TEXT NOT NULL CHECK (verdict IN ('PASS', 'FAIL', 'INCONCLUSIVE')),
  evaluation_json  TEXT NOT NULL,
  created_at       TEXT NOT NULL
);
CREATE INDEX gate_evaluations_run ON gate_evaluations(run_id, id DESC);

CREATE TABLE reports (
  id                  INTEGER PRIMARY KEY,
  run_id              TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  gate_evaluation_id  INTEGER NOT NULL REFERENCES gate_evaluations(id),
  report_sha256       TEXT NOT NULL,
  manifest_sha256     TEXT NOT NULL,
  out_dir             TEXT NOT NULL,
  signed              INTEGER NOT NULL CHECK (signed IN (0, 1)),
  created_at          TEXT NOT NULL
);
`,
};
