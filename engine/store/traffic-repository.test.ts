import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfraError } from '../errors.js';
import { heldBulkLoadLock } from './bulk-load-lock.js';
import { FingerprintSet } from './fingerprint-set.js';
import { openStore, type NewTrafficSample, type Store } from './index.js';
import { BulkLoadLost } from './traffic-repository.js';

const row = (key: string, json: string | Uint8Array = `{"id":"${key}"}`): NewTrafficSample => ({
  sourceId: key,
  fingerprint: createHash('sha256').update(key).digest().subarray(0, 16),
  slice: 'billing',
  capturedAt: '2026-01-01T00:00:00Z',
  sampleJson: json,
  sourceFile: 'f.jsonl',
  sourceLine: 1,
});

/** As a kill -9 leaves a bulk load of this process: its marker stays, its lock went with the process. */
const dropLock = (st: Store) => heldBulkLoadLock(st.db)!.release();

const indexNames = (store: Store) =>
  (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'traffic_samples' ORDER BY name").pluck().all() as string[]);

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-traffic-'));
  store = openStore(join(dir, 'db.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('TrafficRepository', () => {
  it('stores JSON given as UTF-8 bytes as the same text', () => {
    expect(store.traffic.insertMany([row('a', Buffer.from('{"q":"→ é"}')), row('b', '{"q":"→ é"}')])).toBe(2);
    expect(store.db.prepare('SELECT typeof(sample_json) AS t, sample_json AS j FROM traffic_samples').all()).toEqual([
      { t: 'text', j: '{"q":"→ é"}' },
      { t: 'text', j: '{"q":"→ é"}' },
    ]);
  });

  it('a bulk load skips what is stored or seen earlier in the load, and rebuilds the unique index', () => {
    store.traffic.insertMany([row('a'), row('b')]);
    const load = store.traffic.beginBulkLoad();
    expect(indexNames(store)).toEqual(['traffic_samples_slice']);
    expect(load.insertMany([row('a'), row('c'), row('c'), row('d')])).toBe(2);
    expect(load.insertMany([row('d'), row('e')])).toBe(1);
    load.finish();
    expect(indexNames(store)).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
    expect(store.traffic.count()).toBe(5);
    expect(store.traffic.insertMany([row('e'), row('f')])).toBe(1);
  });

  it('refuses a second bulk load or a plain insert while a bulk load runs', () => {
    const load = store.traffic.beginBulkLoad();
    const other = openStore(join(dir, 'db.sqlite'));
    try {
      expect(() => other.traffic.beginBulkLoad()).toThrow(InfraError);
      expect(() => other.traffic.insertMany([row('x')])).toThrow(/another import into this workspace is running/);
      expect(other.traffic.count()).toBe(0);
    } finally {
      other.close();
    }
    load.finish();
    expect(store.traffic.insertMany([row('x')])).toBe(1);
  });

  it('a live load is told by its lock, not its marker: refused whatever pid it names, released (side file gone) by finish', () => {
    const load = store.traffic.beginBulkLoad();
    const lockFile = join(dir, 'db.sqlite.bulk-lock');
    expect(existsSync(lockFile)).toBe(true);
    const marker = store.db.prepare('SELECT pid, host FROM traffic_bulk_load').get() as { pid: number; host: string };
    const setMarker = store.db.prepare('UPDATE traffic_bulk_load SET pid = ?, host = ?');
    setMarker.run(2 ** 22 + 12345, 'elsewhere');
    const other = openStore(join(dir, 'db.sqlite'));
    try {
      expect(() => other.traffic.insertMany([row('x')])).toThrow(`another import into this workspace is running (process ${2 ** 22 + 12345} on elsewhere, since`);
      // Put back: a marker naming another load would mean this one was taken over.
      setMarker.run(marker.pid, marker.host);
      load.finish();
      expect([existsSync(lockFile), heldBulkLoadLock(store.db)]).toEqual([false, undefined]);
      expect(other.traffic.insertMany([row('x')])).toBe(1);
    } finally {
      other.close();
    }
  });

  it('after a bulk load whose process died, a plain insert or a new bulk load restores the index first', () => {
    const killed = store.traffic.beginBulkLoad();
    killed.insertMany([row('a'), row('b')]);
    dropLock(store);
    const again = openStore(join(dir, 'db.sqlite'));
    try {
      const load = again.traffic.beginBulkLoad();
      expect(load.insertMany([row('a'), row('c')])).toBe(1);
      dropLock(again);
      expect(again.traffic.insertMany([row('b'), row('d')])).toBe(1);
      expect(indexNames(again)).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
      expect(again.db.prepare('SELECT COUNT(*) FROM traffic_bulk_load').pluck().get()).toBe(0);
      expect(again.traffic.count()).toBe(4);
    } finally {
      again.close();
    }
  });
});

describe('TrafficRepository bulk load with a capped set of fingerprints', () => {
  it('past the cap, rebuilds the index and goes on through it, still skipping duplicates', () => {
    store.traffic.insertMany([row('x')]);
    const load = store.traffic.beginBulkLoad({ maxFingerprints: 3 });
    expect(load.insertMany([row('a'), row('b'), row('a')])).toBe(2);
    expect([load.indexed, indexNames(store)]).toEqual([false, ['traffic_samples_slice']]);
    // Four fingerprints with this batch: over the cap, so the index is back when the batch commits.
    expect(load.insertMany([row('c'), row('b'), row('x')])).toBe(1);
    expect([load.indexed, indexNames(store)]).toEqual([true, ['traffic_samples_fingerprint', 'traffic_samples_slice']]);
    expect(store.db.prepare('SELECT COUNT(*) FROM traffic_bulk_load').pluck().get()).toBe(0);
    expect(load.insertMany([row('c'), row('d'), row('a')])).toBe(1);
    load.finish();
    expect(store.db.prepare('SELECT source_id FROM traffic_samples ORDER BY id').pluck().all()).toEqual(['x', 'a', 'b', 'c', 'd']);
    // Nothing is left held aside: another import may start.
    const next = store.traffic.beginBulkLoad();
    next.finish();
  });

  it('does not set the index aside when the store already holds more fingerprints than the cap', () => {
    store.traffic.insertMany([row('a'), row('b')]);
    const load = store.traffic.beginBulkLoad({ maxFingerprints: 2 });
    expect(load.indexed).toBe(true);
    expect(indexNames(store)).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
    expect(load.insertMany([row('b'), row('c')])).toBe(1);
    load.finish();
    expect(store.traffic.count()).toBe(3);
  });
});

describe('TrafficRepository after two bulk loads at once', () => {
  const fingerprints = (st: Store) => st.db.prepare('SELECT source_id FROM traffic_samples ORDER BY id').pluck().all();

  it('a store holding a fingerprint twice with the index set aside recovers: earliest row kept, index rebuilt', () => {
    const killed = store.traffic.beginBulkLoad();
    killed.insertMany([row('a'), row('b')]);
    // What a second loader that judged this one dead would have added without the index.
    const raw = store.db.prepare('INSERT INTO traffic_samples (source_id, fingerprint, slice, captured_at, sample_json, imported_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const r of [row('a'), row('b'), row('c'), row('a')]) raw.run(`${r.sourceId}-again`, r.fingerprint, r.slice, r.capturedAt, r.sampleJson, 'now');
    dropLock(store);
    const again = openStore(join(dir, 'db.sqlite'));
    try {
      expect(again.traffic.insertMany([row('c'), row('d')])).toBe(1);
      expect(indexNames(again)).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
      expect(again.db.prepare('SELECT COUNT(*) FROM traffic_bulk_load').pluck().get()).toBe(0);
      expect(fingerprints(again)).toEqual(['a', 'b', 'c-again', 'd']);
    } finally {
      again.close();
    }
  });

  it('the bulk load finishing after such duplicates also rebuilds the index, one row per fingerprint', () => {
    const load = store.traffic.beginBulkLoad();
    load.insertMany([row('a')]);
    store.db.prepare('INSERT INTO traffic_samples (source_id, fingerprint, slice, captured_at, sample_json, imported_at) VALUES (?, ?, ?, ?, ?, ?)').run('a-again', row('a').fingerprint, null, 'x', '{}', 'now');
    load.finish();
    expect(indexNames(store)).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
    expect(fingerprints(store)).toEqual(['a']);
  });

  it('a bulk load whose marker another load took over stops with a clear error and leaves the index to that one', () => {
    store.traffic.insertMany([row('x')]);
    const first = store.traffic.beginBulkLoad();
    expect(first.insertMany([row('a')])).toBe(1);
    // The second import judges the first dead (its lock is gone, as if its process had been killed).
    dropLock(store);
    const other = openStore(join(dir, 'db.sqlite'));
    try {
      const second = other.traffic.beginBulkLoad();
      expect(() => first.insertMany([row('b'), row('c')])).toThrow(BulkLoadLost);
      expect(() => first.insertMany([row('b')])).toThrow(/already finished/);
      // The lost load let its lock go without deleting the side file: the second load holds it.
      expect([heldBulkLoadLock(store.db) !== undefined, existsSync(join(dir, 'db.sqlite.bulk-lock'))]).toEqual([true, true]);
      expect(indexNames(store)).toEqual(['traffic_samples_slice']);
      expect(second.insertMany([row('a'), row('b')])).toBe(1);
      first.finish();
      second.finish();
      expect(indexNames(other)).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
      expect(fingerprints(other)).toEqual(['x', 'a', 'b']);
      expect(other.db.prepare('SELECT COUNT(*) FROM traffic_bulk_load').pluck().get()).toBe(0);
    } finally {
      other.close();
    }
    expect(new BulkLoadLost({ pid: 7, host: 'h', started_at: 't' }).message).toBe(
      "this import stopped: another import (process 7 on h, since t) took over the workspace's bulk load; run it again when that one has finished (what was stored is kept)",
    );
  });
});

describe('FingerprintSet', () => {
  it('tells new 16-byte keys from seen ones across growth, including the all-zero key', () => {
    const set = new FingerprintSet();
    const keys = Array.from({ length: 5000 }, (_, i) => createHash('sha256').update(String(i)).digest());
    expect(keys.every((k) => set.add(k, 3))).toBe(true);
    expect(set.add(Buffer.alloc(16))).toBe(true);
    expect(set.add(Buffer.alloc(16))).toBe(false);
    expect(keys.some((k) => set.add(k, 3))).toBe(false);
    expect(set.add(keys[0]!, 0)).toBe(true);
    expect(set.size).toBe(5002);
  });

  it('compares the first 12 bytes: keys that differ there are told apart, keys that differ only after are one', () => {
    const set = new FingerprintSet();
    const key = createHash('sha256').update('k').digest();
    expect(set.add(key)).toBe(true);
    for (let byte = 0; byte < 12; byte++) {
      const other = Buffer.from(key);
      other[byte]! ^= 1;
      expect(set.add(other)).toBe(true);
    }
    const tail = Buffer.from(key);
    tail[15]! ^= 1;
    expect(set.add(tail)).toBe(false);
    expect(set.size).toBe(13);
  });
});
