import type { Migration } from '../migration.js';

/**
 * Tool replay: how many rounds of tool calls a result answered from recorded tool results, and, when the model
 * made a call no recorded result matches, that call (JSON) — the case's "unreplayable tool call" outcome.
 */
export const migration007: Migration = {
  id: 7,
  name: 'tool-replay',
  sql: `ALTER TABLE results ADD COLUMN tool_rounds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE results ADD COLUMN unreplayable_tool_call TEXT;`,
};
