import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { checkSchema, migrate } from './migrate.js';
import type { Migration } from './migration.js';
import { migrations as allMigrations } from './migrations/index.js';

/** Opens (creating if needed) a workspace database with WAL, foreign keys and a busy timeout, migrated. */
export function openDatabase(file: string, opts: { migrations?: readonly Migration[]; busyTimeoutMs?: number } = {}): Database {
  const db = new BetterSqlite3(file);
  try {
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    // WAL + NORMAL is durable across application crashes (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    migrate(db, opts.migrations ?? allMigrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Opens another workspace's database read-only (a CI runner's, to merge from): never migrated or written, so
 * it must already have exactly this code's schema.
 */
export function openDatabaseReadOnly(file: string, opts: { migrations?: readonly Migration[]; busyTimeoutMs?: number } = {}): Database {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    checkSchema(db, opts.migrations ?? allMigrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
