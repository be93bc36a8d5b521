import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSchema, migrate, SchemaError } from './migrate.js';
import type { Migration } from './migration.js';
import { limitPageCache, openDatabase, openDatabaseReadOnly } from './open-database.js';
import { migrations } from './migrations/index.js';

const m1: Migration = { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' };
const m2: Migration = { id: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER);' };

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
const tempDb = () => {
  const d = mkdtempSync(join(tmpdir(), 'cg-mig-'));
  dirs.push(d);
  return join(d, 'test.db');
};

describe('migrate', () => {
  it('applies pending migrations in order, once', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, [m1]).applied).toEqual([1]);
    expect(migrate(db, [m1, m2]).applied).toEqual([2]);
    expect(migrate(db, [m1, m2]).applied).toEqual([]);
    const rows = db.prepare('SELECT id, name FROM _migrations ORDER BY id').all();
    expect(rows).toEqual([{ id: 1, name: 'one' }, { id: 2, name: 'two' }]);
  });

  it('refuses a database whose applied migration was edited', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m1]);
    expect(() => migrate(db, [{ ...m1, sql: 'CREATE TABLE a (x TEXT);' }])).toThrow(SchemaError);
    expect(() => migrate(db, [{ ...m1, sql: 'CREATE TABLE a (x TEXT);' }])).toThrow(/edited after it was applied/);
  });

  it('refuses a database written by a newer version', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m1, m2]);
    expect(() => migrate(db, [m1])).toThrow(/newer version/);
  });

  it('rolls back a failing migration completely', () => {
    const db = new BetterSqlite3(':memory:');
    const bad: Migration = { id: 2, name: 'bad', sql: 'CREATE TABLE c (z INTEGER); CREATE TABLE c (z INTEGER);' };
    expect(() => migrate(db, [m1, bad])).toThrow();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'c'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM _migrations').get()).toEqual({ n: 1 });
  });
});

describe('openDatabase', () => {
  it('uses WAL, foreign keys and a busy timeout, and creates every table', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    // FTS5 tables bring their shadow tables (_config, _data, _docsize, _idx, and _docs for an external-content one).
    const fts = (name: string, extra: string[] = []) => [name, `${name}_config`, `${name}_data`, ...extra.map((e) => `${name}_${e}`), `${name}_docsize`, `${name}_idx`];
    expect(tables).toEqual([
      '_migrations',
      'batch_jobs',
      ...fts('case_search', ['docs']).sort(),
      'case_search_runs',
      'cases',
      'gate_evaluations',
      'gate_slice_results',
      'judgements',
      'merged_shards',
      'replay_leases',
      'reports',
      'response_cache',
      'results',
      'run_scorings',
      'runs',
      'score_digests',
      'scores',
      'suite_pairwise_judges',
      'suites',
      'targets',
      'traffic_bulk_load',
      'traffic_sample_index',
      'traffic_samples',
      ...fts('traffic_search'),
      'votes',
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM _migrations').get()).toEqual({ n: migrations.length });
    db.close();
  });

  it('makes a new database with 8 KiB pages, checkpointing every 40 MB of log; an existing one keeps its page size', () => {
    const file = tempDb();
    const db = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(8192);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(5120);
    db.close();
    const older = tempDb();
    const made = new BetterSqlite3(older);
    made.pragma('page_size = 4096');
    made.exec('CREATE TABLE a (x INTEGER)');
    made.close();
    const reopened = openDatabase(older, { migrations: [m2] });
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.pragma('wal_autocheckpoint', { simple: true })).toBe(10240);
    reopened.close();
  });

  it('limits the page cache until told to put the previous size back', () => {
    const db = openDatabase(tempDb());
    const size = () => db.pragma('cache_size', { simple: true });
    const before = size();
    expect(before).toBe(-16000);
    const restore = limitPageCache(db, 4096);
    expect(size()).toBe(-4096);
    restore();
    expect(size()).toBe(before);
    db.close();
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      db.prepare("INSERT INTO results (run_id, case_id, arm, attempt, status, created_at) VALUES ('nope', 1, 'baseline', 0, 'ok', 'x')").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('reopens an existing database without re-applying migrations', () => {
    const file = tempDb();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT COUNT(*) AS n FROM _migrations').get()).toEqual({ n: migrations.length });
    db.close();
  });
});

describe('migration 002 (compact traffic fingerprints)', () => {
  it('converts stored hex fingerprints to their first 16 bytes and keeps the rows', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.slice(0, 1));
    const hex = 'ab'.repeat(32);
    db.prepare(`INSERT INTO traffic_samples (source_id, fingerprint, slice, captured_at, sample_json, imported_at)
      VALUES ('s1', ?, 'billing', '2026-01-01T00:00:00Z', '{}', 'now')`).run(hex);
    expect(migrate(db, migrations.slice(0, 2)).applied).toEqual([2]);
    const row = db.prepare('SELECT source_id, fingerprint, slice FROM traffic_samples').get() as { source_id: string; fingerprint: Buffer; slice: string };
    expect(row.source_id).toBe('s1');
    expect(row.fingerprint).toEqual(Buffer.from('ab'.repeat(16), 'hex'));
    expect(() => db.prepare("INSERT INTO traffic_samples (source_id, fingerprint, captured_at, sample_json, imported_at) VALUES ('s2', x'00', 't', '{}', 'n')").run()).toThrow(/CHECK/);
  });
});

describe('migration 005 (run shards)', () => {
  it('keeps a shard index within its count and both or neither set', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO suites (id, name, digest, created_at) VALUES (1, 's', 'd', 'now')").run();
    db.prepare("INSERT INTO targets (id, name, fingerprint, config_json, simulated, created_at) VALUES (1, 't', 'f', '{}', 1, 'now')").run();
    const insert = (id: string, index: number | null, count: number | null) =>
      db.prepare(`INSERT INTO runs (id, suite_id, baseline_target_id, candidate_target_id, repeats, status, created_at, updated_at, shard_index, shard_count)
        VALUES (?, 1, 1, 1, 1, 'pending', 'now', 'now', ?, ?)`).run(id, index, count);
    insert('whole', null, null);
    insert('shard', 2, 3);
    expect(() => insert('over', 4, 3)).toThrow(/CHECK/);
    expect(() => insert('zero', 0, 3)).toThrow(/CHECK/);
    expect(() => insert('no-count', 1, null)).toThrow(/CHECK/);
    expect(() => insert('no-index', null, 3)).toThrow(/CHECK/);
  });
});

describe('openDatabaseReadOnly', () => {
  it('reads a cleanly closed WAL database and refuses to write to it', () => {
    const file = tempDb();
    const rw = openDatabase(file);
    rw.prepare("INSERT INTO suites (name, digest, created_at) VALUES ('s', 'd', 'now')").run();
    rw.close();
    const ro = openDatabaseReadOnly(file);
    expect(ro.prepare('SELECT name FROM suites').all()).toEqual([{ name: 's' }]);
    expect(() => ro.prepare("INSERT INTO suites (name, digest, created_at) VALUES ('t', 'd', 'now')").run()).toThrow(/readonly/);
    ro.close();
  });

  it('refuses a database that lacks a migration, instead of migrating it', () => {
    const file = tempDb();
    openDatabase(file, { migrations: migrations.slice(0, -1) }).close();
    expect(() => openDatabaseReadOnly(file)).toThrow(SchemaError);
    expect(() => openDatabaseReadOnly(file)).toThrow(new RegExp(`older canary-gate \\(missing migration ${migrations.at(-1)!.id} \\(${migrations.at(-1)!.name}\\)\\)`));
    // Nothing was written: the file still lacks that migration.
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM _migrations').get()).toEqual({ n: migrations.length - 1 });
    db.close();
  });

  it('refuses a SQLite file that is not a canary-gate database', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE other (x INTEGER)');
    expect(() => checkSchema(db, migrations)).toThrow(/not a canary-gate database/);
  });
});

describe('migration 009 (response cache as a rowid table)', () => {
  it('keeps every cached answer, still refuses a second row for a key, and checks the key length', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.slice(0, 8));
    const key = Buffer.alloc(32, 7);
    db.prepare("INSERT INTO response_cache (key, response_json, created_at) VALUES (?, '{\"text\":\"kept\"}', '2026-01-01T00:00:00Z')").run(key);
    expect(migrate(db, migrations.slice(0, 9)).applied).toEqual([9]);
    expect(db.prepare('SELECT response_json FROM response_cache WHERE key = ?').pluck().get(key)).toBe('{"text":"kept"}');
    const put = db.prepare("INSERT INTO response_cache (key, response_json, created_at) VALUES (?, ?, 'now') ON CONFLICT (key) DO NOTHING");
    expect(put.run(key, '{"text":"second"}').changes).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM response_cache').pluck().get()).toBe(1);
    expect(() => put.run(Buffer.alloc(16), '{}')).toThrow(/CHECK/);
  });
});
