import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

// Fake timers: the test says when time passes, so a loaded machine cannot fire a timer between two touches.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('warmNewestRunIndex', () => {
  it('builds the case index of the newest run once the engine has been quiet long enough, once', async () => {
    seeded = openSeededContext();
    const newest = seeded.ctx.store.runs.list(1, 0).runs[0]!.id;
    warmNewestRunIndex(seeded.ctx.store, seeded.ctx.workspace.databaseFile, 10);
    await vi.advanceTimersByTimeAsync(9);
    expect(built).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(built).toEqual([newest]);
    await vi.advanceTimersByTimeAsync(100);
    expect(built).toEqual([newest]);
  });

  it('waits while calls keep coming, then builds', async () => {
    seeded = openSeededContext();
    const warm = warmNewestRunIndex(seeded.ctx.store, seeded.ctx.workspace.databaseFile, 40);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(30);
      warm.touch();
    }
    expect(built).toEqual([]);
    await vi.advanceTimersByTimeAsync(40);
    await flush();
    expect(built).toHaveLength(1);
  });

  it('builds nothing when cancelled first', async () => {
    seeded = openSeededContext();
    warmNewestRunIndex(seeded.ctx.store, seeded.ctx.workspace.databaseFile, 5).cancel();
    await vi.advanceTimersByTimeAsync(100);
    expect(built).toEqual([]);
  });
});
