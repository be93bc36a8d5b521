import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSeededContext } from '../test-support/seeded-context.js';
import { writeInvoiceSuite } from '../test-support/replay-workspace.js';
import { dispatch } from '../engine/api/dispatch.js';
import { ReplayController } from '../engine/replay/replay-controller.js';
import { startSimServer } from '../engine/sim/index.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const suite = 'evals/suites/parity.yaml';

const parity = serveForParity('canary-gate-parity-replay-', async () => {
  const seeded = openSeededContext();
  mkdirSync(join(seeded.seeded.dir, 'evals', 'suites'), { recursive: true });
  writeInvoiceSuite(seeded.seeded.dir, 'parity', 6);
  // Slow enough that a replay started by the pinned test is still running when it is cancelled.
  const sim = await startSimServer({ port: 0, timeScale: 0.2 }).catch((err: unknown) => {
    seeded.close();
    throw err;
  });
  seeded.ctx.replays = new ReplayController(seeded.ctx, { simUrl: sim.url });
  return {
    ...seeded,
    async close() {
      await seeded.ctx.replays?.close();
      await sim.close();
      seeded.close();
    },
  };
});

// Calls that leave the workspace as they found it, so each can run twice (in-process, then over HTTP).
const calls: ParityCall[] = [
  { name: 'replay.estimate of a suite', method: 'replay.estimate', input: () => ({ suite }), expectOk: true },
  { name: 'replay.estimate with repeats and named targets', method: 'replay.estimate', input: () => ({ suite, repeats: 3, baseline: 'candidate', candidate: 'baseline' }), expectOk: true },
  { name: 'replay.estimate of an A/A pair (reported, not refused)', method: 'replay.estimate', input: () => ({ suite, candidate: 'baseline' }), expectOk: true },
  { name: 'replay.estimate of an unknown target', method: 'replay.estimate', input: () => ({ suite, baseline: 'no-such-target' }), expectOk: false },
  { name: 'replay.estimate of a missing suite file', method: 'replay.estimate', input: () => ({ suite: 'evals/suites/no-such.yaml' }), expectOk: false },
  { name: 'replay.estimate with repeats 0', method: 'replay.estimate', input: () => ({ suite, repeats: 0 }), expectOk: false },
  { name: 'replay.active with nothing running', method: 'replay.active', input: () => ({}), expectOk: true },
  { name: 'replay.cancel of a run nothing replays', method: 'replay.cancel', input: () => ({ runId: parity.fixture.seeded.runIds[0] }), expectOk: true },
  { name: 'replay.cancel without runId', method: 'replay.cancel', input: () => ({}), expectOk: false },
  { name: 'replay.resume of a missing run', method: 'replay.resume', input: () => ({ runId: 'run-does-not-exist' }), expectOk: false },
  { name: 'replay.start of an A/A pair', method: 'replay.start', input: () => ({ suite, candidate: 'baseline' }), expectOk: false },
  { name: 'replay.start over its budget', method: 'replay.start', input: () => ({ suite, maxCostUsd: 0 }), expectOk: false },
  { name: 'replay.start with concurrency 0', method: 'replay.start', input: () => ({ suite, concurrency: 0 }), expectOk: false },
];

describe('transport parity of replay control: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  itAnswersAlike(calls, parity);

  it('pins the answers the table compares', async () => {
    const estimate = await parity.client.call('replay.estimate', { suite, repeats: 3 });
    expect(estimate.ok && estimate.value).toMatchObject({ suite: { name: 'parity', file: suite, cases: 6 }, repeats: 3, calls: 36, identical_targets: false });
    const aa = await parity.client.call('replay.estimate', { suite, candidate: 'baseline' });
    expect(aa.ok && aa.value.identical_targets).toBe(true);
    const unknown = await parity.client.call('replay.estimate', { suite, baseline: 'no-such-target' });
    expect(unknown.ok === false && unknown.error.code).toBe('bad_input');
    expect(await parity.client.call('replay.resume', { runId: 'run-does-not-exist' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-does-not-exist" in this workspace' } });
    const refusedAa = await parity.client.call('replay.start', { suite, candidate: 'baseline' });
    expect(refusedAa.ok === false && refusedAa.error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/A\/A run\..*--allow-identical-targets$/) });
    const overBudget = await parity.client.call('replay.start', { suite, maxCostUsd: 0 });
    expect(overBudget.ok === false && overBudget.error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/^--max-cost: the 12 remaining call\(s\) are estimated at/) });
    const runs = await parity.client.call('runs.list', {});
    expect(runs.ok && runs.value.total).toBe(2);
  });

  it('starts over HTTP, lists it as active in both transports, refuses a second start, cancels over HTTP', async () => {
    const started = await parity.client.call('replay.start', { suite, concurrency: 1 });
    expect(started.ok && started.value).toMatchObject({ resumed: false, calls: 12 });
    if (!started.ok) return;
    const { runId } = started.value;
    const active = await parity.client.call('replay.active', {});
    expect(active).toEqual(await dispatch('replay.active', {}, parity.ctx));
    expect(active.ok && active.value.replays).toEqual([{ runId, owner: 'this_process', holder: expect.stringContaining(`pid ${process.pid}`) }]);
    const again = await parity.client.call('replay.start', { suite, concurrency: 1 });
    expect(again).toEqual({ ok: false, error: { code: 'bad_input', message: `runId: run ${runId} is already being replayed here; follow its progress, or cancel it first` } });
    expect(await parity.client.call('replay.cancel', { runId })).toEqual({ ok: true, value: { cancelled: true } });
    await parity.ctx.replays!.settled(runId);
    expect(await parity.client.call('replay.active', {})).toEqual({ ok: true, value: { replays: [] } });
    const run = await parity.client.call('runs.get', { runId });
    expect(run.ok && run.value.status).toBe('interrupted');
  });
});
