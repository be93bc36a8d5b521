import type { Migration } from '../migration.js';

/** Time to first token of streamed answers. */
export const migration004: Migration = {
  id: 4,
  name: 'time-to-first-token',
  sql: `ALTER TABLE results ADD COLUMN ttft_ms REAL;`,
};
