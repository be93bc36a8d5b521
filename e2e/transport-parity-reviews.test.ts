import { describe, expect, it } from 'vitest';
import { openSeededContext } from '../test-support/seeded-context.js';
import { dispatch } from '../engine/api/dispatch.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const CASES = ['billing-01', 'refunds-01', 'shipping-01', 'account-01', 'billing-02', 'refunds-02'];
const ADA = ['candidate', 'candidate', 'baseline', 'tie', 'both_bad', 'candidate'] as const;
const GRACE = ['candidate', 'baseline', 'baseline', 'tie', 'both_bad', 'candidate'] as const;

const parity = serveForParity('canary-gate-parity-reviews-', openSeededContext, async ({ ctx, client }) => {
  // Ada votes in process, Grace over HTTP: the two transports write the same table.
  for (const [i, caseId] of CASES.entries()) {
    const a = await dispatch('reviews.vote', { runId: runId(), caseId, reviewer: 'Ada', choice: ADA[i], baselineSide: 'left' }, ctx);
    expect(a.ok).toBe(true);
    const g = await client.call('reviews.vote', { runId: runId(), caseId, reviewer: 'Grace', choice: GRACE[i]!, baselineSide: 'right', ...(i === 0 ? { note: 'cites doc-2' } : {}) });
    expect(g.ok).toBe(true);
  }
});
const runId = () => parity.fixture.seeded.runIds[0];

// Read-only calls (and calls that fail before writing): each must give the same answer in-process and over HTTP.
const calls: ParityCall[] = [
  { name: 'reviews.list of a run', method: 'reviews.list', input: () => ({ runId: runId() }), expectOk: true },
  { name: 'reviews.list of one reviewer', method: 'reviews.list', input: () => ({ runId: runId(), reviewer: 'Grace' }), expectOk: true },
  { name: 'reviews.list of a run without votes', method: 'reviews.list', input: () => ({ runId: parity.fixture.seeded.runIds[1] }), expectOk: true },
  { name: 'reviews.list of a missing run', method: 'reviews.list', input: () => ({ runId: 'run-nope' }), expectOk: false },
  { name: 'reviews.summary with two reviewers', method: 'reviews.summary', input: () => ({ runId: runId() }), expectOk: true },
  { name: 'reviews.summary without votes', method: 'reviews.summary', input: () => ({ runId: parity.fixture.seeded.runIds[1] }), expectOk: true },
  { name: 'reviews.summary of a missing run', method: 'reviews.summary', input: () => ({ runId: 'run-nope' }), expectOk: false },
  { name: 'reviews.vote on a case outside the suite', method: 'reviews.vote', input: () => ({ runId: runId(), caseId: 'nope-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' }), expectOk: false },
  { name: 'reviews.vote on a missing run', method: 'reviews.vote', input: () => ({ runId: 'run-nope', caseId: 'billing-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' }), expectOk: false },
  { name: 'bad input: reviews.vote with an unknown choice', method: 'reviews.vote', input: () => ({ runId: runId(), caseId: 'billing-01', reviewer: 'Ada', choice: 'meh', baselineSide: 'left' }), expectOk: false },
  { name: 'bad input: reviews.vote with a blank reviewer', method: 'reviews.vote', input: () => ({ runId: runId(), caseId: 'billing-01', reviewer: '  ', choice: 'tie', baselineSide: 'left' }), expectOk: false },
  { name: 'bad input: workspace.setReviewer with an empty name', method: 'workspace.setReviewer', input: () => ({ reviewer: '' }), expectOk: false },
  { name: 'workspace.info', method: 'workspace.info', input: () => ({}), expectOk: true },
];

describe('transport parity for the blind review: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  itAnswersAlike(calls, parity);

  it('a vote replaces the earlier one the same way on both transports (all but its time)', async () => {
    const input = { runId: runId(), caseId: 'refunds-02', reviewer: 'Linus', choice: 'baseline' as const, baselineSide: 'left' as const, note: 'shorter' };
    const direct = await dispatch('reviews.vote', input, parity.ctx);
    const overHttp = await parity.client.call('reviews.vote', input);
    if (!direct.ok || !overHttp.ok) throw new Error('vote failed');
    const { voted_at: t1, ...a } = direct.value;
    const { voted_at: t2, ...b } = overHttp.value;
    expect(b).toEqual(a);
    expect(t2 >= t1).toBe(true);
    const linus = await parity.client.call('reviews.list', { runId: runId(), reviewer: 'Linus' });
    expect(linus.ok && linus.value.votes).toHaveLength(1);
  });

  it('pins the answers the table compares', async () => {
    const list = await parity.client.call('reviews.list', { runId: runId(), reviewer: 'Grace' });
    expect(list.ok && list.value.votes.map((v) => [v.case_id, v.choice, v.baseline_side, v.note])).toEqual(
      CASES.map((c, i) => [c, GRACE[i], 'right', i === 0 ? 'cites doc-2' : null]),
    );
    const summary = await parity.client.call('reviews.summary', { runId: runId() });
    if (!summary.ok) throw new Error(summary.error.message);
    const s = summary.value;
    // With Linus's vote from the test above: three reviewers share refunds-02.
    expect(s.counts).toEqual({ candidate: 5, baseline: 4, tie: 2, both_bad: 2 });
    expect(s.agreement?.statistic).toBe('fleiss_kappa');
    expect(s.candidate_preference.estimate).toBeCloseTo(5 / 9, 12);
    expect(s.tie_rate.estimate).toBeCloseTo(4 / 13, 12);
    expect(await parity.client.call('reviews.summary', { runId: 'run-nope' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-nope"' } });
    const outside = await parity.client.call('reviews.vote', { runId: runId(), caseId: 'nope-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' });
    expect(outside).toEqual({ ok: false, error: { code: 'not_found', message: `run "${runId()}" has no case "nope-01" in its suite` } });
    const blank = await parity.client.call('reviews.vote', { runId: runId(), caseId: 'billing-01', reviewer: ' ', choice: 'tie', baselineSide: 'left' });
    expect(blank.ok === false && blank.error.code).toBe('bad_input');
  });

  it('keeps the reviewer name set over HTTP, and workspace.info returns it on both transports', async () => {
    expect(await parity.client.call('workspace.info', {})).toMatchObject({ ok: true, value: { reviewer: null } });
    expect(await parity.client.call('workspace.setReviewer', { reviewer: ' Ada ' })).toEqual({ ok: true, value: { reviewer: 'Ada' } });
    const direct = await dispatch('workspace.info', {}, parity.ctx);
    expect(direct).toMatchObject({ ok: true, value: { reviewer: 'Ada' } });
    expect(await parity.client.call('workspace.info', {})).toEqual(direct);
  });
});
