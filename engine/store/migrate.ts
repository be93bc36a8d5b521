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

/** Refuses applied migrations this code does not know (a newer database) or whose SQL was edited; returns their ids. */
function checkApplied(applied: readonly AppliedRow[], list: readonly Migration[]): Set<number> {
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
  return new Set(applied.map((r) => r.id));
}

/**
 * Checks, without writing, that a database has exactly the schema of this code: every migration applied, none
 * edited, none unknown. For databases opened read-only, which cannot be migrated.
 */
export function checkSchema(db: Database, list: readonly Migration[]): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").get();
  if (!hasTable) throw new SchemaError('not a canary-gate database (it has no _migrations table)');
  const done = checkApplied(db.prepare('SELECT id, name, sha256 FROM _migrations ORDER BY id').all() as AppliedRow[], list);
  const pending = list.filter((m) => !done.has(m.id));
  if (pending.length > 0) {
    throw new SchemaError(
      `the database was written by an older canary-gate (missing migration ${pending.map((m) => `${m.id} (${m.name})`).join(', ')}); run any canary-gate command on its workspace with this version to upgrade it`,
    );
  }
}

/**
 * Applies pending migrations, each in its own transaction. Refuses a database whose applied migrations
 * were edited (hash differs) or that is newer than this code, so no version silently misreads data.
 */
export function migrate(db: Database, list: readonly Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db.prepare('SELECT id, name, sha256 FROM _migrations ORDER BY id').all() as AppliedRow[];
  const done = checkApplied(applied, list);
  const insert = db.prepare('INSERT INTO _migrations (id, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  const appliedSince = db.prepare('SELECT 1 FROM _migrations WHERE id = ?');
  const newlyApplied: number[] = [];
  for (const m of [...list].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    // Checked again under the write lock: two commands started together on a new workspace (two replays, say)
    // both read "not applied" above, and the second would fail on "table … already exists".
    const applied = db.transaction(() => {
      if (appliedSince.get(m.id)) return false;
      db.exec(m.sql);
      insert.run(m.id, m.name, sha256(m.sql), new Date().toISOString());
      return true;
    }).immediate();
    if (applied) newlyApplied.push(m.id);
  }
  return { applied: newlyApplied };
}
