import { describe, expect, it } from 'vitest';
import { EventBus } from '../engine/api/events.js';
import { executeReplay } from '../engine/replay/execute-replay.js';
import { judgeArms, judgeWorkspace } from '../test-support/judge-workspace.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const runs = { judged: '', unjudged: '' };

const parity = serveForParity('canary-gate-parity-judges-', async () => {
  const jw = await judgeWorkspace();
  // One run judged against the simulated judge, one replayed without its judges.
  runs.judged = jw.prepare();
  await executeReplay(jw.store, jw.ws, runs.judged, judgeArms(jw.ws), { simTimeScale: 0 });
  runs.unjudged = jw.prepare({ forceNew: true });
  await executeReplay(jw.store, jw.ws, runs.unjudged, judgeArms(jw.ws), { simTimeScale: 0, judge: false });
  return { ctx: { workspace: jw.ws, store: jw.store, events: new EventBus() }, close: () => jw.close() };
});

const calls: ParityCall[] = [
  { name: 'judges.summary of a judged run', method: 'judges.summary', input: () => ({ runId: runs.judged }), expectOk: true },
  { name: 'judges.summary of a run whose judges did not run', method: 'judges.summary', input: () => ({ runId: runs.unjudged }), expectOk: true },
  { name: 'judges.summary of a missing run', method: 'judges.summary', input: () => ({ runId: 'run-nope' }), expectOk: false },
  { name: 'bad input: judges.summary without a run', method: 'judges.summary', input: () => ({}), expectOk: false },
];

describe('transport parity for the judges: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  itAnswersAlike(calls, parity);

  it('pins the answers the table compares', async () => {
    const judged = await parity.client.call('judges.summary', { runId: runs.judged });
    if (!judged.ok) throw new Error(judged.error.message);
    expect(judged.value.pairwise).toMatchObject({ judge: 'judge', pairs: 24, judgeErrors: 0 });
    expect(judged.value.rubric).toMatchObject({ judgements: 24, baseline: { graded: 12, passed: 12 } });
    const unjudged = await parity.client.call('judges.summary', { runId: runs.unjudged });
    expect(unjudged.ok && unjudged.value).toEqual({ runId: runs.unjudged, pairwise: null, rubric: null, calls: 0, cacheHits: 0, costUsd: 0 });
    expect(await parity.client.call('judges.summary', { runId: 'run-nope' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-nope" in this workspace' } });
  });
});
