import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfraError } from '../errors.js';
import { FingerprintSet } from './fingerprint-set.js';
import { openStore, type NewTrafficSample, type Store } from './index.js';

const row = (key: string, json: string | Uint8Array = `{"id":"${key}"}`): NewTrafficSample => ({
  sourceId: key,
  fingerprint: createHash('sha256').update(key).digest().subarray(0, 16),
  slice: 'billing',
  capturedAt: '2026-01-01T00:00:00Z',
  sampleJson: json,
  sourceFile: 'f.jsonl',
  sourceLine: 1,
});

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

  it('after a bulk load whose process died, a plain insert or a new bulk load restores the index first', () => {
    const killed = store.traffic.beginBulkLoad();
    killed.insertMany([row('a'), row('b')]);
    // As a kill -9 leaves it: the marker names a process that no longer exists.
    store.db.prepare('UPDATE traffic_bulk_load SET pid = ?').run(2 ** 22 + 12345);
    const again = openStore(join(dir, 'db.sqlite'));
    try {
      const load = again.traffic.beginBulkLoad();
      expect(load.insertMany([row('a'), row('c')])).toBe(1);
      store.db.prepare('UPDATE traffic_bulk_load SET pid = ?').run(2 ** 22 + 12345);
      expect(again.traffic.insertMany([row('b'), row('d')])).toBe(1);
      expect(indexNames(again)).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
      expect(again.db.prepare('SELECT COUNT(*) FROM traffic_bulk_load').pluck().get()).toBe(0);
      expect(again.traffic.count()).toBe(4);
    } finally {
      again.close();
    }
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
});
