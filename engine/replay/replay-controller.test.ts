import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ReplayProgress } from '../../shared/domain/run.js';
import { useReplayWorkspace, writeInvoiceSuite } from '../../test-support/replay-workspace.js';
import { EventBus } from '../api/events.js';
import { InfraError, InputError } from '../errors.js';
import { ReplayController } from './replay-controller.js';

const t = useReplayWorkspace('cg-replay-controller-');

/** A controller on the test workspace, its events, and a suite of `cases` invoice cases as the default suite. */
function setUp(cases: number, opts: { progress?: { minIntervalMs?: number } } = {}) {
  const suiteFile = writeInvoiceSuite(t.dir, 'ui', cases);
  const config = parse(readFileSync(t.ws.configFile, 'utf8'));
  config.defaults.suite = relative(t.dir, suiteFile);
  writeFileSync(t.ws.configFile, stringify(config));
  t.reopen();
  const events = new EventBus();
  const progress: ReplayProgress[] = [];
  events.subscribe((event, payload) => {
    if (event === 'replay.progress') progress.push(payload as ReplayProgress);
  });
  const controller = new ReplayController({ workspace: t.ws, store: t.store, events }, { simUrl: t.sim.url, ...(opts.progress ? { progress: opts.progress } : {}) });
  return { controller, progress };
}

/** Resolves once an event matches (polling the list the bus fills). */
async function eventually(progress: ReplayProgress[], test: (p: ReplayProgress) => boolean, timeoutMs = 10_000): Promise<ReplayProgress> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = progress.find(test);
    if (hit) return hit;
    if (Date.now() > until) throw new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(progress.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('ReplayController', () => {
  it('start returns at once; progress events count up to a final completed event, the run is scored', async () => {
    await t.restartSim({ timeScale: 0.02 });
    const { controller, progress } = setUp(12);
    const started = await controller.start({ concurrency: 2 });
    expect(started).toEqual({ runId: expect.stringMatching(/^run-/), resumed: false, calls: 24 });
    expect(controller.isRunning(started.runId)).toBe(true);
    expect(controller.active().replays).toEqual([{ runId: started.runId, owner: 'this_process', holder: `this process (pid ${process.pid} on ${hostname()})` }]);
    await controller.settled(started.runId);
    expect(controller.isRunning(started.runId)).toBe(false);
    expect(controller.active().replays).toEqual([]);
    const mine = progress.filter((p) => p.runId === started.runId);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const done = mine.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(mine.slice(0, -1).every((p) => p.state === 'running' && p.total === 24)).toBe(true);
    const last = mine[mine.length - 1]!;
    expect(last).toMatchObject({ state: 'completed', done: 24, total: 24, infraErrors: 0 });
    expect(last.spentUsd).toBeGreaterThan(0);
    expect(mine.some((p) => p.callsPerSecond !== undefined && p.callsPerSecond > 0)).toBe(true);
    expect(t.store.runs.get(started.runId)!.status).toBe('completed');
    expect(t.store.results.counts(started.runId).total).toBe(24);
  });

  it('cancel mid-way keeps the answers, leaves the run interrupted; replay.resume completes it', async () => {
    await t.restartSim({ timeScale: 0.05 });
    const { controller, progress } = setUp(40);
    const { runId } = await controller.start({ concurrency: 2 });
    await eventually(progress, (p) => p.runId === runId && p.done >= 6);
    expect(controller.cancel(runId)).toEqual({ cancelled: true });
    await controller.settled(runId);
    const last = progress[progress.length - 1]!;
    expect(last).toMatchObject({ runId, state: 'cancelled', total: 80 });
    expect(last.message).toMatch(/resumed/);
    const kept = t.store.results.counts(runId).total;
    expect(kept).toBe(last.done);
    expect(kept).toBeGreaterThanOrEqual(6);
    expect(kept).toBeLessThan(80);
    expect(t.store.runs.get(runId)!.status).toBe('interrupted');
    expect(t.store.replayLeases.get(runId)).toBeUndefined();
    expect(controller.cancel(runId)).toEqual({ cancelled: false });

    progress.length = 0;
    const resumed = await controller.resume({ runId, concurrency: 8 });
    expect(resumed).toEqual({ runId, resumed: true, calls: 80 - kept });
    await controller.settled(runId);
    expect(progress[0]).toMatchObject({ runId, state: 'running', done: kept, total: 80 });
    expect(progress[progress.length - 1]).toMatchObject({ runId, state: 'completed', done: 80, total: 80 });
    expect(t.store.results.counts(runId).total).toBe(80);
    expect(t.store.runs.get(runId)!.status).toBe('completed');
  });

  it('refuses a second start (and a resume) of a run it is replaying', async () => {
    await t.restartSim({ timeScale: 0.05 });
    const { controller } = setUp(30);
    const { runId } = await controller.start({ concurrency: 1 });
    const second = await rejection(controller.start({ concurrency: 1 }));
    expect(second).toBeInstanceOf(InputError);
    expect(second.message).toBe(`run ${runId} is already being replayed here; follow its progress, or cancel it first`);
    const resume = await rejection(controller.resume({ runId }));
    expect(resume.message).toBe(second.message);
    expect(t.store.runs.list(10, 0).total).toBe(1);
    controller.cancel(runId);
    await controller.settled();
  });

  it('refuses A/A unless allowIdenticalTargets, like the CLI; the estimate says identical_targets', async () => {
    const { controller } = setUp(4);
    const aa = await rejection(controller.start({ candidate: 'baseline' }));
    expect(aa).toBeInstanceOf(InputError);
    expect(aa.message).toMatch(/so this would be an A\/A run\..*pass --allow-identical-targets$/);
    expect(t.store.runs.list(10, 0).total).toBe(0);
    expect(controller.estimate({ candidate: 'baseline' }).identical_targets).toBe(true);
    const ok = await controller.start({ candidate: 'baseline', allowIdenticalTargets: true });
    await controller.settled(ok.runId);
    expect(t.store.runs.get(ok.runId)!.status).toBe('completed');
  });

  it('estimate prices the suite without creating a run', () => {
    const { controller } = setUp(5);
    const e = controller.estimate({ repeats: 2 });
    expect(e).toMatchObject({
      suite: { name: 'ui', file: 'evals/suites/ui.yaml', cases: 5 },
      baseline: { name: 'baseline', model: 'sim-baseline', simulated: true },
      candidate: { name: 'candidate', model: 'sim-candidate', simulated: true },
      repeats: 2,
      calls: 20,
      identical_targets: false,
    });
    expect(e.cost.total).toBeCloseTo(e.cost.baseline + e.cost.candidate, 10);
    expect(e.cost.total).toBeGreaterThan(0);
    expect(t.store.runs.list(10, 0).total).toBe(0);
  });

  it('refuses a start whose estimate is over maxCostUsd before calling anything, and leaves no run behind', async () => {
    const { controller } = setUp(6);
    const err = await rejection(controller.start({ maxCostUsd: 0.000001 }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/^--max-cost: the 12 remaining call\(s\) are estimated at \$\d+\.\d{4}, over the budget of \$0\.0000; nothing was called$/);
    expect(t.store.runs.list(10, 0).total).toBe(0);
    expect(controller.active().replays).toEqual([]);
  });

  it('lists a replay another process holds, and refuses to start that run', async () => {
    const { controller } = setUp(4);
    // A run prepared and leased by "another process": a live pid that is not this one.
    const first = await controller.start({});
    await controller.settled();
    const other = { runId: first.runId, token: 'f'.repeat(32), pid: process.ppid, host: hostname(), machineKey: null, acquiredAt: Date.now(), heartbeatAt: Date.now() };
    expect(t.store.replayLeases.take(other, () => false).taken).toBe(true);
    expect(controller.active().replays).toEqual([{ runId: first.runId, owner: 'other_process', holder: expect.stringMatching(new RegExp(`^pid ${process.ppid} on `)) }]);
    const err = await rejection(controller.resume({ runId: first.runId }));
    expect(err).toBeInstanceOf(InfraError);
    expect(err.message).toMatch(new RegExp(`^run ${first.runId} is being replayed by another process \\(pid ${process.ppid} on .*\\); its progress shows here`));
  });

  it('throttles running events to the interval', async () => {
    const { controller, progress } = setUp(60, { progress: { minIntervalMs: 1000 } });
    const started = Date.now();
    const { runId } = await controller.start({ concurrency: 4 });
    await controller.settled(runId);
    const elapsed = Date.now() - started;
    const running = progress.filter((p) => p.state === 'running');
    // 120 results, at most one event a second (plus the first, sent at once).
    expect(running.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
    expect(progress[progress.length - 1]).toMatchObject({ state: 'completed', done: 120 });
  });
});
