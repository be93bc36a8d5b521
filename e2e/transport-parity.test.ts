import { describe, expect, it } from 'vitest';
import type { Method } from '../shared/contract/index.js';
import { openSeededContext } from '../test-support/seeded-context.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const parity = serveForParity('canary-gate-parity-', openSeededContext);

// One table of calls; each must give the same answer in-process and over HTTP with the UI's client.
const calls: ParityCall[] = [
  { name: 'workspace.info', method: 'workspace.info', input: () => ({}), expectOk: true },
  { name: 'runs.list with defaults', method: 'runs.list', input: () => ({}), expectOk: true },
  { name: 'runs.list with limit and offset', method: 'runs.list', input: () => ({ limit: 1, offset: 1 }), expectOk: true },
  { name: 'runs.list past the end', method: 'runs.list', input: () => ({ limit: 10, offset: 10 }), expectOk: true },
  { name: 'runs.get of the gated run', method: 'runs.get', input: () => ({ runId: parity.fixture.seeded.runIds[0] }), expectOk: true },
  { name: 'runs.get of the ungated run', method: 'runs.get', input: () => ({ runId: parity.fixture.seeded.runIds[1] }), expectOk: true },
  { name: 'runs.get of a missing run', method: 'runs.get', input: () => ({ runId: 'run-does-not-exist' }), expectOk: false },
  { name: 'an unknown method', method: 'runs.delete', input: () => ({}), expectOk: false },
  { name: 'bad input: runs.list limit 0', method: 'runs.list', input: () => ({ limit: 0 }), expectOk: false },
  { name: 'bad input: runs.get without runId', method: 'runs.get', input: () => ({}), expectOk: false },
];

describe('transport parity: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  itAnswersAlike(calls, parity);

  it('pins the answers the table compares', async () => {
    const [gatedRunId, otherRunId] = parity.fixture.seeded.runIds;
    const page = await parity.client.call('runs.list', { limit: 1, offset: 1 });
    expect(page.ok && page.value.total).toBe(2);
    expect(page.ok && page.value.runs.length).toBe(1);
    const all = await parity.client.call('runs.list', {});
    expect(all.ok && all.value.runs.map((r) => r.id).sort()).toEqual([gatedRunId, otherRunId].sort());
    const gated = await parity.client.call('runs.get', { runId: gatedRunId });
    expect(gated.ok && gated.value.gate?.verdict).toBe('FAIL');
    expect(gated.ok && gated.value.baseline.simulated).toBe(true);
    expect(gated.ok && gated.value.infra_errors).toBe(1);
    expect(await parity.client.call('runs.get', { runId: 'run-does-not-exist' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-does-not-exist"' } });
    expect(await parity.client.call('runs.delete' as Method, {} as never)).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown method "runs.delete"' } });
    const bad = await parity.client.call('runs.list', { limit: 0 });
    expect(bad.ok === false && bad.error.code).toBe('bad_input');
  });
});
