import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/** The database cannot be used by this version of the code. */
export class SchemaError extends Error {
  override name = 'SchemaError';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface AppliedRow {
  id: number;
  name: string;
  sha256: string;
}

/**
 * Applies pending migrations, each in its own transaction. Refuses a database whose applied migrations
 * were edited (hash differs) or that is newer than this code, so no version silently misreads data.
 */
export function migrate(db: Database, list: readonly Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db.prepare('SELECT id, name, sha256 FROM _migrations ORDER BY id').all() as AppliedRow[];
  const known = new Map(list.map((m) => [m.id, m]));
  for (const row of applied) {
    const m = known.get(row.id);
    if (!m) {
      throw new SchemaError(
        `database has migration ${row.id} (${row.name}) that this version of canary-gate does not know: it was written by a newer version`,
      );
    }
    if (sha256(m.sql) !== row.sha256) {
      throw new SchemaError(`migration ${row.id} (${row.name}) was edited after it was applied (hash mismatch); migrations are forward-only`);
    }
  }
  const done = new Set(applied.map((r) => r.id));
  const insert = db.prepare('INSERT INTO _migrations (id, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  const newlyApplied: number[] = [];
  for (const m of [...list].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.id, m.name, sha256(m.sql), new Date().toISOString());
    })();
    newlyApplied.push(m.id);
  }
  return { applied: newlyApplied };
}
