import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../engine/api/events.js';
import { gateRun } from '../engine/gates/gate-run.js';
import { OVERVIEW_SLICES, seedOverviewRun } from '../test-support/overview-run.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const UNGATED = 'run-overview-ungated';

// A 60-case run gated once (with its report), and a copy of it that was never gated.
const parity = serveForParity('canary-gate-parity-overview-', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canary-gate-parity-overview-ws-'));
  const seeded = seedOverviewRun(join(dir, 'ws'), 60);
  const { store, runId } = seeded;
  gateRun({ store, workspaceRoot: seeded.ws.root, runId, policyFile: join(seeded.ws.root, seeded.ws.config.defaults.policy), outDir: join(dir, 'report') });
  const run = store.runs.get(runId)!;
  store.runs.create(UNGATED, run.suiteId, run.baselineTargetId, run.candidateTargetId, 1);
  return {
    ctx: { workspace: seeded.ws, store, events: new EventBus() },
    runId,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
const runId = () => parity.fixture.runId;

// One table of calls; each must give the same answer in-process and over HTTP with the UI's client.
const calls: ParityCall[] = [
  { name: 'runs.slices of the gated run', method: 'runs.slices', input: () => ({ runId: runId() }), expectOk: true },
  { name: 'runs.slices of a run never gated', method: 'runs.slices', input: () => ({ runId: UNGATED }), expectOk: true },
  { name: 'runs.slices of a missing run', method: 'runs.slices', input: () => ({ runId: 'run-does-not-exist' }), expectOk: false },
  { name: 'runs.distributions', method: 'runs.distributions', input: () => ({ runId: runId() }), expectOk: true },
  { name: 'runs.distributions of a run without results', method: 'runs.distributions', input: () => ({ runId: UNGATED }), expectOk: true },
  { name: 'runs.distributions of a missing run', method: 'runs.distributions', input: () => ({ runId: 'run-does-not-exist' }), expectOk: false },
  { name: 'runs.targetDiff', method: 'runs.targetDiff', input: () => ({ runId: runId() }), expectOk: true },
  { name: 'runs.targetDiff of a missing run', method: 'runs.targetDiff', input: () => ({ runId: 'run-does-not-exist' }), expectOk: false },
  { name: 'runs.reports', method: 'runs.reports', input: () => ({ runId: runId() }), expectOk: true },
  { name: 'runs.reports of a run without reports', method: 'runs.reports', input: () => ({ runId: UNGATED }), expectOk: true },
  { name: 'runs.reports of a missing run', method: 'runs.reports', input: () => ({ runId: 'run-does-not-exist' }), expectOk: false },
  { name: 'bad input: runs.slices without runId', method: 'runs.slices', input: () => ({}), expectOk: false },
  { name: 'bad input: runs.distributions with an empty runId', method: 'runs.distributions', input: () => ({ runId: '' }), expectOk: false },
];

describe('transport parity of the run overview: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  itAnswersAlike(calls, parity);

  it('pins the answers the table compares', async () => {
    const slices = await parity.client.call('runs.slices', { runId: runId() });
    expect(slices.ok && slices.value.policy?.name).toBe('model-upgrade');
    expect(slices.ok && slices.value.slices.map((s) => s.slice)).toEqual([...[...OVERVIEW_SLICES].sort(), null]);
    expect(slices.ok && slices.value.slices.reduce((n, s) => n + s.cases, 0)).toBe(60);
    const ungated = await parity.client.call('runs.slices', { runId: UNGATED });
    expect(ungated.ok && ungated.value).toEqual({ policy: null, slices: [], reason: `the run has not been gated yet: canary-gate gate --run ${UNGATED}` });

    const dist = await parity.client.call('runs.distributions', { runId: runId() });
    expect(dist.ok && dist.value.latency.baseline.counts.reduce((a, b) => a + b, 0)).toBe(60);
    expect(dist.ok && dist.value.latency.candidate.n).toBe(58);
    const empty = await parity.client.call('runs.distributions', { runId: UNGATED });
    expect(empty.ok && empty.value.latency).toMatchObject({ edges: [], baseline: { n: 0, counts: [], p50: null, mean: null, total: null } });

    const diff = await parity.client.call('runs.targetDiff', { runId: runId() });
    expect(diff.ok && diff.value.changed.map((c) => c.field)).toContain('model');
    expect(JSON.stringify(diff)).not.toContain('gw-secret-value');

    const reports = await parity.client.call('runs.reports', { runId: runId() });
    expect(reports.ok && reports.value.reports).toHaveLength(1);
    expect(reports.ok && reports.value.reports[0]!.files.every((f) => f.exists)).toBe(true);

    const missing = await parity.client.call('runs.targetDiff', { runId: 'run-does-not-exist' });
    expect(missing.ok === false && missing.error.code).toBe('not_found');
    expect(missing.ok === false && missing.error.message).toContain('no run "run-does-not-exist"; the most recent:');
  });
});
