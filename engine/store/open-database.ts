import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { checkSchema, migrate } from './migrate.js';
import type { Migration } from './migration.js';
import { migrations as allMigrations } from './migrations/index.js';

/** The size a write-ahead log file is cut back to once it has been checkpointed and started again. */
export const WAL_SIZE_LIMIT_BYTES = 64 << 20;

/** Opens (creating if needed) a workspace database with WAL, foreign keys and a busy timeout, migrated. */
export function openDatabase(file: string, opts: { migrations?: readonly Migration[]; busyTimeoutMs?: number } = {}): Database {
  if (file !== ':memory:') ownerOnly(file);
  const db = new BetterSqlite3(file);
  try {
    // 8 KiB pages for a new database (an existing one keeps its own: the size is fixed once it holds a table).
    // A traffic sample is a few KB of JSON: on SQLite's default 4 KiB pages one of 2.2 KB takes a page of its
    // own, half empty, so an import wrote about twice its input to the log and again to the database. Measured
    // at 300k canonical lines (671 MB): a database of 816 MB instead of 1,044 MB, the import 14-29% faster.
    // Larger pages cost where a commit rewrites a few random pages (a replay's response-cache key index): 16 KiB
    // pages slowed the replay in every interleaved pair (24.1-25.4 s against 19.6-22.8 s); 8 KiB ones did not,
    // measurably (replay bench, six interleaved rounds each: 2,273-3,114 calls/s against 2,425-2,722 on 4 KiB).
    db.pragma('page_size = 8192');
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    // WAL + NORMAL is durable across application crashes (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    // Checkpoint every ~40 MB of WAL (counted in this database's pages) rather than every 4 MB: a replay or import
    // commits continuously, and each checkpoint copies pages into the database and syncs it on the caller's
    // thread (a fifth of a replay's time at the default). The WAL file is cut back to 64 MiB after a checkpoint
    // so it does not stay large.
    if (file !== ':memory:') {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`wal_autocheckpoint = ${Math.round((40 << 20) / pageSize)}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    migrate(db, opts.migrations ?? allMigrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Makes the database file (created empty if missing) and any WAL and shared-memory files mode 0600 before SQLite
 * opens it: SQLite creates its -wal and -shm files with the database file's mode.
 */
function ownerOnly(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/**
 * Sets the connection's page cache to at most `kib` KiB (better-sqlite3's default is 16 MB) until the returned
 * function puts the previous size back. For work that reads its rows once, where the cache only adds to the RSS.
 */
export function limitPageCache(db: Database, kib: number): () => void {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${Math.max(1, Math.trunc(kib))}`);
  return () => {
    db.pragma(`cache_size = ${Math.trunc(before)}`);
  };
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
