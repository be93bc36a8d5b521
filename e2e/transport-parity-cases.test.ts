import { describe, expect, it } from 'vitest';
import { openSeededContext } from '../test-support/seeded-context.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const parity = serveForParity('canary-gate-parity-cases-', openSeededContext);

const gated = () => parity.fixture.seeded.runIds[0];
const ungated = () => parity.fixture.seeded.runIds[1];

// One table of calls; each must give the same answer in-process and over HTTP with the UI's client.
const calls: ParityCall[] = [
  { name: 'cases.list with defaults', method: 'cases.list', input: () => ({ runId: gated() }), expectOk: true },
  { name: 'cases.list by slice, sorted by latency ratio, paged', method: 'cases.list', input: () => ({ runId: gated(), filter: { slice: 'billing' }, sort: 'latency_ratio', offset: 2, limit: 3 }), expectOk: true },
  { name: 'cases.list of a gate', method: 'cases.list', input: () => ({ runId: gated(), filter: { gate: 'P95 latency' } }), expectOk: true },
  { name: 'cases.list of a gate\'s infra exclusions', method: 'cases.list', input: () => ({ runId: gated(), filter: { gate: 'Core task success', membership: 'excluded_infra' } }), expectOk: true },
  { name: 'cases.list with infra errors', method: 'cases.list', input: () => ({ runId: gated(), filter: { infra: true } }), expectOk: true },
  { name: 'cases.list search', method: 'cases.list', input: () => ({ runId: gated(), filter: { q: 'candidate refunds' }, limit: 5 }), expectOk: true },
  { name: 'cases.list regressions first', method: 'cases.list', input: () => ({ runId: gated(), sort: 'regressions_first', limit: 5 }), expectOk: true },
  { name: 'cases.list of the ungated run', method: 'cases.list', input: () => ({ runId: ungated() }), expectOk: true },
  { name: 'cases.list: unknown gate', method: 'cases.list', input: () => ({ runId: gated(), filter: { gate: 'Nope' } }), expectOk: false },
  { name: 'cases.list: a gate of an ungated run', method: 'cases.list', input: () => ({ runId: ungated(), filter: { gate: 'P95 latency' } }), expectOk: false },
  { name: 'cases.list: unknown run', method: 'cases.list', input: () => ({ runId: 'run-does-not-exist' }), expectOk: false },
  { name: 'cases.list: a search with no word', method: 'cases.list', input: () => ({ runId: gated(), filter: { q: '"*(' } }), expectOk: false },
  { name: 'bad input: cases.list limit 0', method: 'cases.list', input: () => ({ runId: gated(), limit: 0 }), expectOk: false },
  { name: 'bad input: cases.list change "worse"', method: 'cases.list', input: () => ({ runId: gated(), filter: { change: 'worse' } }), expectOk: false },
  { name: 'cases.get', method: 'cases.get', input: () => ({ runId: gated(), caseId: 'refunds-04' }), expectOk: true },
  { name: 'cases.get: unknown case', method: 'cases.get', input: () => ({ runId: gated(), caseId: 'nope-01' }), expectOk: false },
  { name: 'cases.get: unknown run', method: 'cases.get', input: () => ({ runId: 'run-does-not-exist', caseId: 'billing-01' }), expectOk: false },
  { name: 'bad input: cases.get without caseId', method: 'cases.get', input: () => ({ runId: gated() }), expectOk: false },
  { name: 'gates.drilldown of a latency gate', method: 'gates.drilldown', input: () => ({ runId: gated(), gate: 'P95 latency' }), expectOk: true },
  { name: 'gates.drilldown of a pass/fail gate', method: 'gates.drilldown', input: () => ({ runId: gated(), gate: 'Core task success' }), expectOk: true },
  { name: 'gates.drilldown: unknown gate', method: 'gates.drilldown', input: () => ({ runId: gated(), gate: 'Nope' }), expectOk: false },
  { name: 'gates.drilldown: unknown run', method: 'gates.drilldown', input: () => ({ runId: 'run-does-not-exist', gate: 'P95 latency' }), expectOk: false },
];

describe('transport parity of the case views: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  itAnswersAlike(calls, parity);

  it('pins the answers the table compares', async () => {
    const list = await parity.client.call('cases.list', { runId: gated() });
    if (!list.ok) throw new Error(list.error.message);
    expect([list.value.total, list.value.run_cases, list.value.rows.length, list.value.change_metric]).toEqual([40, 40, 40, 'task_success']);
    expect(list.value.rows[0]).toMatchObject({ case_id: 'billing-01', index: 0, slice: 'billing', severity: 'high', preview: 'Seeded billing question #1', change: 'unjudged' });
    expect(list.value.facets.slice).toEqual([{ value: 'account', count: 10 }, { value: 'billing', count: 10 }, { value: 'refunds', count: 10 }, { value: 'shipping', count: 10 }]);
    expect(list.value.facets.infra).toBe(1);

    const infra = await parity.client.call('cases.list', { runId: gated(), filter: { gate: 'Core task success', membership: 'excluded_infra' } });
    expect(infra.ok && infra.value.rows.map((r) => [r.case_id, r.candidate.status])).toEqual([['refunds-04', 'infra_error']]);

    const latency = await parity.client.call('cases.list', { runId: gated(), filter: { gate: 'P95 latency' } });
    expect(latency.ok && [latency.value.total, latency.value.change_metric]).toEqual([39, 'latency_ms']);

    const search = await parity.client.call('cases.list', { runId: gated(), filter: { q: 'candidate refunds' }, limit: 5 });
    expect(search.ok && [search.value.total, search.value.rows[0]?.case_id]).toEqual([9, 'refunds-01']);

    const unknownGate = await parity.client.call('cases.list', { runId: gated(), filter: { gate: 'Nope' } });
    expect(unknownGate.ok === false && unknownGate.error).toEqual({
      code: 'bad_input',
      message: `gate: no gate "Nope" in the latest evaluation of run ${gated()}; its gates: "Core task success", "High-severity policy failures", "Citation validity", "P95 latency", "Cost/request", "Infra error rate"`,
    });
    const notGated = await parity.client.call('cases.list', { runId: ungated(), filter: { gate: 'P95 latency' } });
    expect(notGated.ok === false && notGated.error.code).toBe('bad_input');
    const unknownRun = await parity.client.call('cases.list', { runId: 'run-does-not-exist' });
    expect(unknownRun.ok === false && unknownRun.error.code).toBe('not_found');

    const detail = await parity.client.call('cases.get', { runId: gated(), caseId: 'refunds-04' });
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.candidate.map((a) => [a.status, a.error])).toEqual([['infra_error', 'HTTP 503 after 4 retries']]);
    expect(detail.value.baseline[0]).toMatchObject({ status: 'ok', output_text: 'Seeded baseline answer for refunds-04', latency_ms: 900 + ((13 * 37) % 700) });
    const missingCase = await parity.client.call('cases.get', { runId: gated(), caseId: 'nope-01' });
    expect(missingCase.ok === false && missingCase.error).toEqual({ code: 'not_found', message: `run ${gated()} has no case "nope-01"` });

    const drill = await parity.client.call('gates.drilldown', { runId: gated(), gate: 'P95 latency' });
    if (!drill.ok) throw new Error(drill.error.message);
    expect([drill.value.used, drill.value.excluded.infra_error, drill.value.largest_ratios.length]).toEqual([39, { count: 1, case_ids: ['refunds-04'] }, 39]);
    expect(drill.value.improvements.count).toBe(39);
    const task = await parity.client.call('gates.drilldown', { runId: gated(), gate: 'Core task success' });
    // The seeded run has no scores: no case has a task-success value to pair.
    expect(task.ok && [task.value.used, task.value.excluded.not_applicable, task.value.largest_ratios]).toEqual([0, 39, []]);
  });
});
