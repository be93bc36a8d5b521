import { afterEach, describe, expect, it } from 'vitest';
import { openSeededContext } from '../../test-support/seeded-context.js';
import { openStore } from '../store/index.js';
import { getRun, listRuns } from './run-views.js';

let seeded: ReturnType<typeof openSeededContext> | undefined;
afterEach(() => seeded?.close());

describe('run views', () => {
  it('reads a run summary again once the database changed, from this connection or another', () => {
    seeded = openSeededContext();
    const { store } = seeded.ctx;
    const runId = seeded.seeded.runIds[1]!;
    const before = getRun(store, runId);
    expect(listRuns(store, 50, 0).runs.find((r) => r.id === runId)).toEqual(expect.objectContaining({ status: before.status }));

    store.runs.setStatus(runId, 'interrupted');
    expect(getRun(store, runId).status).toBe('interrupted');
    expect(listRuns(store, 50, 0).runs.find((r) => r.id === runId)?.status).toBe('interrupted');

    const other = openStore(seeded.ctx.workspace.databaseFile);
    try {
      other.runs.setStatus(runId, 'failed');
    } finally {
      other.close();
    }
    expect(getRun(store, runId).status).toBe('failed');
  });

  it('counts a run’s cases without reading them: the same figure as its suite', () => {
    seeded = openSeededContext();
    const { store } = seeded.ctx;
    for (const run of listRuns(store, 50, 0).runs) {
      const stored = store.runs.get(run.id)!;
      expect(run.cases).toBe(store.suites.activeCases(stored.suiteId).length);
      expect(run.expected_calls).toBe(run.cases * 2 * stored.repeats);
    }
  });
});
