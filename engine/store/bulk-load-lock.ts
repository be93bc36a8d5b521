import { realpathSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';

/**
 * Tells whether the process running a bulk load is alive by an OS lock that dies with it, never by pid and
 * host: a dead loader's pid can be reused by an unrelated process (or be unsignalable: EPERM), and processes
 * in containers sharing a volume see different hostnames and pid spaces. The loader holds a write transaction
 * open on a side file (`<database>.bulk-lock`); SQLite takes it with fcntl locks, which the OS drops when the
 * process exits, kill -9 included.
 *
 * fcntl locks belong to a process, not to a connection, so this process never probes a lock it holds itself:
 * it knows its own loads from `held`. Every acquire, probe and delete of the side file happens inside a write
 * transaction of the workspace database, so they never race one another.
 */

/** Locks this process holds, by the database file's real path. */
const held = new Map<string, BulkLoadLock>();

export class BulkLoadLock {
  private released = false;

  private constructor(
    private readonly key: string,
    /** Null for an in-memory database: no other process can open it, so `held` alone tells. */
    private readonly conn: Database | null,
  ) {}

  /** Takes the lock for the workspace database; null when another live load (here or elsewhere) holds it. */
  static acquire(db: Database): BulkLoadLock | null {
    const key = keyOf(db);
    if (held.has(key)) return null;
    let conn: Database | null = null;
    if (!db.memory) {
      conn = tryLock(key);
      if (conn === null) return null;
    }
    const lock = new BulkLoadLock(key, conn);
    held.set(key, lock);
    return lock;
  }

  /**
   * Lets the lock go (idempotent). `deleteFile` only inside a write transaction of the workspace database: a
   * process that opened the side file just before the delete could otherwise lock the deleted file while the
   * next loader locks a new one.
   */
  release(opts: { deleteFile?: boolean } = {}): void {
    if (this.released) return;
    this.released = true;
    if (held.get(this.key) === this) held.delete(this.key);
    if (this.conn === null) return;
    // Deleted while still locked: nobody can lock the old file after we let it go.
    if (opts.deleteFile) removeQuietly(lockFile(this.key));
    unlock(this.conn);
  }
}

/** The lock this process holds for the workspace database, if any. */
export function heldBulkLoadLock(db: Database): BulkLoadLock | undefined {
  return held.get(keyOf(db));
}

/** True while some process (this one included) holds the bulk-load lock of the workspace database. */
export function bulkLoadLockHeld(db: Database): boolean {
  const key = keyOf(db);
  if (held.has(key)) return true;
  if (db.memory) return false;
  const conn = tryLock(key);
  if (conn === null) return true;
  // Nobody holds it: a leftover of a killed loader (or created by this probe), removed while we hold it.
  removeQuietly(lockFile(key));
  unlock(conn);
  return false;
}

/** An open connection to the side file inside `BEGIN EXCLUSIVE`, or null when another process holds it. */
function tryLock(key: string): Database | null {
  const conn = new BetterSqlite3(lockFile(key));
  try {
    // Never wait: busy means a live holder.
    conn.pragma('busy_timeout = 0');
    // A table makes the file a real database, so the exclusive transaction takes a real write lock.
    conn.exec('CREATE TABLE IF NOT EXISTS bulk_load_lock (id INTEGER PRIMARY KEY)');
    conn.exec('BEGIN EXCLUSIVE');
    return conn;
  } catch (err) {
    conn.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return null;
    throw err;
  }
}

function unlock(conn: Database): void {
  try {
    if (conn.inTransaction) conn.exec('ROLLBACK');
  } finally {
    conn.close();
  }
}

function lockFile(key: string): string {
  return `${key}.bulk-lock`;
}

const memoryKeys = new WeakMap<Database, string>();
let memoryCount = 0;

/** One key per database file, however it was named (relative, through a symlink); one per in-memory database. */
function keyOf(db: Database): string {
  if (db.memory) {
    let key = memoryKeys.get(db);
    if (key === undefined) memoryKeys.set(db, (key = `:memory:${++memoryCount}`));
    return key;
  }
  try {
    return realpathSync(db.name);
  } catch {
    return resolve(db.name);
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Best effort: a leftover side file is harmless (the next probe or load locks and reuses it).
  }
}
