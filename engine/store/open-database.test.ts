import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
const tempDb = () => {
  const d = mkdtempSync(join(tmpdir(), 'cg-open-'));
  dirs.push(d);
  return join(d, 'test.db');
};

describe('openDatabase', () => {
  it('creates a new database with 16 KiB pages, in WAL mode', () => {
    const file = tempDb();
    const db = openDatabase(file);
    expect([db.pragma('page_size', { simple: true }), db.pragma('journal_mode', { simple: true })]).toEqual([16384, 'wal']);
    db.close();
  });

  it('leaves the page size of an existing database as it is, and its data readable', () => {
    const file = tempDb();
    const old = new BetterSqlite3(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec("CREATE TABLE kept (x TEXT); INSERT INTO kept VALUES ('still here')");
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.prepare('SELECT x FROM kept').pluck().get()).toBe('still here');
    db.close();
  });
});
