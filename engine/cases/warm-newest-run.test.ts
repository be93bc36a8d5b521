import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSeededContext } from '../../test-support/seeded-context.js';

const built: string[] = [];
vi.mock('./case-index-cache.js', () => ({
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

describe('warmNewestRunIndex', () => {
  it('builds the case index of the newest run once the delay has passed', async () => {
    seeded = openSeededContext();
    const newest = seeded.ctx.store.runs.list(1, 0).runs[0]!.id;
    warmNewestRunIndex(seeded.ctx.store, 5);
    expect(built).toEqual([]);
    await new Promise((r) => setTimeout(r, 40));
    expect(built).toEqual([newest]);
  });

  it('builds nothing when cancelled first', async () => {
    seeded = openSeededContext();
    const cancel = warmNewestRunIndex(seeded.ctx.store, 5);
    cancel();
    await new Promise((r) => setTimeout(r, 40));
    expect(built).toEqual([]);
  });
});
