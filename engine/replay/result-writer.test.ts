import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderCompletion } from '../providers/provider.js';
import { openStore, type Store } from '../store/index.js';
import { ResultWriter } from './result-writer.js';

const completion: ProviderCompletion = { text: 'answer', finishReason: 'stop', toolCalls: [], promptTokens: 10, completionTokens: 5, latencyMs: 1, ttftMs: null, simulated: true };
const key = (i: number) => createHash('sha256').update(String(i)).digest();
const stored = (store: Store, n: number) => Array.from({ length: n }, (_, i) => store.responseCache.get(key(i)) !== undefined).filter(Boolean).length;
const nextTurn = () => new Promise((r) => setImmediate(r));

let dir: string;
let store: Store;
afterEach(() => {
  try {
    store.close();
  } catch {
    // closed by the test
  }
  rmSync(dir, { recursive: true, force: true });
});
const open = () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-writer-'));
  store = openStore(join(dir, 'w.db'));
};

describe('ResultWriter', () => {
  it('commits what arrived in one turn right after it, and at once when maxWaiting entries wait', async () => {
    open();
    const errors: unknown[] = [];
    const writer = new ResultWriter(store, 4, (e) => errors.push(e));
    writer.cache(key(0), completion);
    writer.cache(key(1), completion);
    expect(stored(store, 2)).toBe(0);
    await nextTurn();
    expect(stored(store, 2)).toBe(2);
    for (let i = 2; i < 5; i++) writer.cache(key(i), completion);
    expect(stored(store, 6)).toBe(2);
    writer.cache(key(5), completion); // the fourth waiting entry
    expect(stored(store, 6)).toBe(6);
    expect(store.responseCache.get(key(5))).toEqual(completion);
    expect(errors).toEqual([]);
  });

  it('accepts nothing after close, so nothing can be written once the replay has returned', () => {
    open();
    const writer = new ResultWriter(store, 100, () => undefined);
    writer.cache(key(0), completion);
    writer.close();
    expect(stored(store, 1)).toBe(1);
    expect(() => writer.cache(key(1), completion)).toThrow(/replay has ended/);
  });

  it('reports a failed background commit and keeps its entries queued for the next attempt', async () => {
    open();
    const errors: unknown[] = [];
    const writer = new ResultWriter(store, 100, (e) => errors.push(e));
    store.db.exec('CREATE TRIGGER refuse BEFORE INSERT ON response_cache BEGIN SELECT RAISE(ABORT, \'disk is full (test)\'); END;');
    writer.cache(key(0), completion);
    await nextTurn();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk is full (test)']);
    store.db.exec('DROP TRIGGER refuse');
    writer.flush();
    expect(stored(store, 1)).toBe(1);
  });
});
