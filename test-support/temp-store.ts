import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../engine/store/index.js';

/** For tests: a fresh store in a temporary folder before each test (`temp.store`), closed and removed after it. */
export function useTempStore(prefix: string): { store: Store; dir: string } {
  const temp = {} as { store: Store; dir: string };
  beforeEach(() => {
    temp.dir = mkdtempSync(join(tmpdir(), prefix));
    temp.store = openStore(join(temp.dir, 'test.db'));
  });
  afterEach(() => {
    temp.store.close();
    rmSync(temp.dir, { recursive: true, force: true });
  });
  return temp;
}
