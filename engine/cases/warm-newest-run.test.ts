import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSeededContext } from '../../test-support/seeded-context.js';

const built: string[] = [];
vi.mock('./case-index-cache.js', () => ({
  caseIndexReady: () => Promise.resolve(),
  caseIndexFor: (_store: unknown, runId: string) => {
    built.push(runId);
    return {};
  },
}));

const { warmNewestRunIndex } = await import('./warm-newest-run.js');

let seeded: ReturnType<typeof openSeededContext> | undefined;
afterEach(() => {
  seeded?.close();
  built.length = 0;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('warmNewestRunIndex', () => {
  it('builds the case index of the newest run once the engine has been quiet long enough, once', async () => {
    seeded = openSeededContext();
    const newest = seeded.ctx.store.runs.list(1, 0).runs[0]!.id;
    warmNewestRunIndex(seeded.ctx.store, seeded.ctx.workspace.databaseFile, 10);
    expect(built).toEqual([]);
    await sleep(60);
    expect(built).toEqual([newest]);
    await sleep(30);
    expect(built).toEqual([newest]);
  });

  it('waits while calls keep coming, then builds', async () => {
    seeded = openSeededContext();
    const warm = warmNewestRunIndex(seeded.ctx.store, seeded.ctx.workspace.databaseFile, 40);
    for (let i = 0; i < 5; i++) {
      await sleep(15);
      warm.touch();
    }
    expect(built).toEqual([]);
    await sleep(100);
    expect(built).toHaveLength(1);
  });

  it('builds nothing when cancelled first', async () => {
    seeded = openSeededContext();
    warmNewestRunIndex(seeded.ctx.store, seeded.ctx.workspace.databaseFile, 5).cancel();
    await sleep(40);
    expect(built).toEqual([]);
  });
});
