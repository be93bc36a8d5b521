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

let dir: string;
let store: Store;
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});
const open = () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-writer-'));
  store = openStore(join(dir, 'w.db'));
};

describe('ResultWriter (group commit)', () => {
  it('commits as soon as maxWaiting entries wait, and not before', () => {
    open();
    const writer = new ResultWriter(store, { maxWaiting: 4, maxDelayMs: 60_000 });
    for (let i = 0; i < 3; i++) writer.cache(key(i), completion);
    expect(stored(store, 3)).toBe(0);
    writer.cache(key(3), completion);
    expect(stored(store, 4)).toBe(4);
    writer.cache(key(4), completion);
    writer.flush();
    expect(stored(store, 5)).toBe(5);
  });

  it('commits what waits within maxDelayMs of the first arrival', async () => {
    open();
    const writer = new ResultWriter(store, { maxWaiting: 100, maxDelayMs: 15 });
    writer.cache(key(0), completion);
    writer.cache(key(1), completion);
    expect(stored(store, 2)).toBe(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(stored(store, 2)).toBe(2);
    expect(store.responseCache.get(key(1))).toEqual(completion);
  });
});
