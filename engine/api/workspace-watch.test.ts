import { describe, expect, it } from 'vitest';
import type { ReplayProgress } from '../../shared/domain/run.js';
import { useReplayWorkspace, writeInvoiceSuite } from '../../test-support/replay-workspace.js';
import { executeReplay } from '../replay/execute-replay.js';
import { prepareRun } from '../replay/prepare-run.js';
import { openStore } from '../store/index.js';
import { EventBus } from './events.js';
import { startWorkspaceWatch } from './workspace-watch.js';

const t = useReplayWorkspace('cg-watch-');

function watchEvents() {
  const events = new EventBus();
  const changed: number[] = [];
  const progress: ReplayProgress[] = [];
  events.subscribe((event, payload) => {
    if (event === 'workspace.changed') changed.push((payload as { dataVersion: number }).dataVersion);
    if (event === 'replay.progress') progress.push(payload as ReplayProgress);
  });
  return { events, changed, progress };
}

describe('startWorkspaceWatch', () => {
  it('emits workspace.changed when another connection commits, not for this connection’s own writes', () => {
    const { events, changed } = watchEvents();
    const watch = startWorkspaceWatch({ workspace: t.ws, store: t.store, events }, { intervalMs: 60_000 });
    try {
      watch.tick();
      expect(changed).toEqual([]);
      // A write through the watching connection itself: data_version does not move.
      t.store.suites.upsert('own', 'digest-own', 'own.yaml', []);
      watch.tick();
      expect(changed).toEqual([]);
      const other = openStore(t.ws.databaseFile);
      try {
        other.suites.upsert('other', 'digest-other', 'other.yaml', []);
      } finally {
        other.close();
      }
      watch.tick();
      expect(changed).toHaveLength(1);
      expect(Number.isInteger(changed[0])).toBe(true);
      watch.tick();
      expect(changed).toHaveLength(1);
    } finally {
      watch.stop();
    }
  });

  it('turns another connection’s replay (its lease and stored results) into replay.progress events, ending completed', async () => {
    await t.restartSim({ timeScale: 0.03 });
    const { events, progress, changed } = watchEvents();
    const watch = startWorkspaceWatch({ workspace: t.ws, store: t.store, events }, { intervalMs: 50 });
    const other = openStore(t.ws.databaseFile);
    try {
      const suiteFile = writeInvoiceSuite(t.dir, 'watched', 30);
      const targets = t.targets();
      const { run } = prepareRun(other, { suiteFile, suiteSource: 's', ...targets, repeats: 1 });
      await executeReplay(other, t.ws, run.id, targets, { simUrl: t.sim.url, concurrency: 2 });
      await new Promise((r) => setTimeout(r, 200));
      const mine = progress.filter((p) => p.runId === run.id);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      const running = mine.filter((p) => p.state === 'running');
      expect(running.length).toBeGreaterThanOrEqual(2);
      expect(running.every((p) => p.total === 60)).toBe(true);
      const done = running.map((p) => p.done);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(done[done.length - 1]!).toBeGreaterThan(done[0]!);
      expect(mine[mine.length - 1]).toMatchObject({ state: 'completed', done: 60, total: 60, infraErrors: 0 });
      expect(mine[mine.length - 1]!.spentUsd).toBeGreaterThan(0);
      expect(changed.length).toBeGreaterThan(0);
    } finally {
      watch.stop();
      other.close();
    }
  });
});
