import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBigRunWorkspace, type BigRun } from '../test-support/big-run.js';
import { REPO_ROOT as root } from '../test-support/spawn-cli.js';

// Worker threads run the compiled file, so this test drives the built engine (dist/), as `serve` does.
type CasesModule = typeof import('../engine/cases/index.js');
type CacheModule = typeof import('../engine/cases/case-index-cache.js');
type StoreModule = typeof import('../engine/store/index.js');
const dist = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);

let dir: string;
let big: BigRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-index-thread-'));
  const { OFF_THREAD_CASES } = (await dist('engine/cases/case-index-cache.js')) as CacheModule;
  big = buildBigRunWorkspace(dir, { cases: OFF_THREAD_CASES + 100 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the case index of a large run', () => {
  it('is built on a worker thread and answers exactly what an index built inline answers', async () => {
    const cases = (await dist('engine/cases/index.js')) as CasesModule;
    const cache = (await dist('engine/cases/case-index-cache.js')) as CacheModule;
    const { openStore } = (await dist('engine/store/index.js')) as StoreModule;
    const threaded = openStore(big.databaseFile);
    const inline = openStore(big.databaseFile);
    try {
      const before = { ...cache.indexBuilds };
      await cases.caseIndexReady(threaded, big.databaseFile, big.runId);
      expect(cache.indexBuilds.offThread).toBe(before.offThread + 1);
      const queries = [
        { runId: big.runId, filter: {}, sort: 'suite' as const, offset: 0, limit: 50 },
        { runId: big.runId, filter: { gate: 'Citation validity', change: 'regression' as const }, sort: 'suite' as const, offset: 0, limit: 50 },
        { runId: big.runId, filter: { slice: 'refunds', severity: 'high' as const }, sort: 'latency_ratio' as const, offset: 20, limit: 30 },
      ];
      // The threaded store answers from the index the worker built: nothing is built inline for it.
      const answers = queries.map((q) => cases.listCases(threaded, q));
      expect(cache.indexBuilds.inline).toBe(before.inline);
      queries.forEach((q, i) => expect(cases.listCases(inline, q)).toEqual(answers[i]));
      expect(cache.indexBuilds.inline).toBe(before.inline + 1);
      expect(cases.gateDrilldown(threaded, big.runId, 'Citation validity')).toEqual(cases.gateDrilldown(inline, big.runId, 'Citation validity'));
    } finally {
      threaded.close();
      inline.close();
    }
  }, 120_000);
});
