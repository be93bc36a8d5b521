import type { Migration } from '../migration.js';

/**
 * What the Traffic screen filters and searches by, kept beside the samples: per sample its slice, model, number
 * of redaction placeholders and a one-line preview (reading them out of sample_json for 100k samples on every
 * facet count took far longer than the 150 ms a filter may take), and an FTS5 index over the sample's text
 * (messages, response, documents). Filled lazily by the Traffic views (engine/traffic/traffic-index.ts), so an
 * import writes nothing more than before; contentless, since the text is already in sample_json.
 */
export const migration014: Migration = {
  id: 14,
  name: 'traffic-search',
  sql: `
CREATE TABLE traffic_sample_index (
  sample_id   INTEGER PRIMARY KEY,
  slice       TEXT,
  model       TEXT NOT NULL,
  redactions  INTEGER NOT NULL,
  preview     TEXT NOT NULL
);
CREATE INDEX traffic_sample_index_slice ON traffic_sample_index(slice, sample_id);
CREATE INDEX traffic_sample_index_model ON traffic_sample_index(model, sample_id);
CREATE INDEX traffic_sample_index_redacted ON traffic_sample_index(redactions, sample_id);
CREATE VIRTUAL TABLE traffic_search USING fts5(text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
`,
};
