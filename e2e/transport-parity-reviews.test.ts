import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Method } from '../shared/contract/index.js';
import { HttpClient } from '../renderer/src/api/http-client.js';
import { openSeededContext } from '../test-support/seeded-context.js';
import { dispatch } from '../engine/api/dispatch.js';
import { startHttpServer, type HttpServerHandle } from '../engine/api/http-server.js';

let seeded: ReturnType<typeof openSeededContext>;
let server: HttpServerHandle;
let client: HttpClient;
let staticDir: string;
let runId: string;

const CASES = ['billing-01', 'refunds-01', 'shipping-01', 'account-01', 'billing-02', 'refunds-02'];
const ADA = ['candidate', 'candidate', 'baseline', 'tie', 'both_bad', 'candidate'] as const;
const GRACE = ['candidate', 'baseline', 'baseline', 'tie', 'both_bad', 'candidate'] as const;

beforeAll(async () => {
  seeded = openSeededContext();
  runId = seeded.seeded.runIds[0];
  staticDir = mkdtempSync(join(tmpdir(), 'canary-gate-parity-reviews-'));
  server = await startHttpServer({ ctx: seeded.ctx, staticDir, port: 0 });
  client = new HttpClient({ baseUrl: server.url, token: server.token });
  // Ada votes in process, Grace over HTTP: the two transports write the same table.
  for (const [i, caseId] of CASES.entries()) {
    const a = await dispatch('reviews.vote', { runId, caseId, reviewer: 'Ada', choice: ADA[i], baselineSide: 'left' }, seeded.ctx);
    expect(a.ok).toBe(true);
    const g = await client.call('reviews.vote', { runId, caseId, reviewer: 'Grace', choice: GRACE[i]!, baselineSide: 'right', ...(i === 0 ? { note: 'cites doc-2' } : {}) });
    expect(g.ok).toBe(true);
  }
});

afterAll(async () => {
  await server?.close();
  seeded?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

// Read-only calls (and calls that fail before writing): each must give the same answer in-process and over HTTP.
const calls: { name: string; method: string; input: () => unknown; expectOk: boolean }[] = [
  { name: 'reviews.list of a run', method: 'reviews.list', input: () => ({ runId }), expectOk: true },
  { name: 'reviews.list of one reviewer', method: 'reviews.list', input: () => ({ runId, reviewer: 'Grace' }), expectOk: true },
  { name: 'reviews.list of a run without votes', method: 'reviews.list', input: () => ({ runId: seeded.seeded.runIds[1] }), expectOk: true },
  { name: 'reviews.list of a missing run', method: 'reviews.list', input: () => ({ runId: 'run-nope' }), expectOk: false },
  { name: 'reviews.summary with two reviewers', method: 'reviews.summary', input: () => ({ runId }), expectOk: true },
  { name: 'reviews.summary without votes', method: 'reviews.summary', input: () => ({ runId: seeded.seeded.runIds[1] }), expectOk: true },
  { name: 'reviews.summary of a missing run', method: 'reviews.summary', input: () => ({ runId: 'run-nope' }), expectOk: false },
  { name: 'reviews.vote on a case outside the suite', method: 'reviews.vote', input: () => ({ runId, caseId: 'nope-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' }), expectOk: false },
  { name: 'reviews.vote on a missing run', method: 'reviews.vote', input: () => ({ runId: 'run-nope', caseId: 'billing-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' }), expectOk: false },
  { name: 'bad input: reviews.vote with an unknown choice', method: 'reviews.vote', input: () => ({ runId, caseId: 'billing-01', reviewer: 'Ada', choice: 'meh', baselineSide: 'left' }), expectOk: false },
  { name: 'bad input: reviews.vote with a blank reviewer', method: 'reviews.vote', input: () => ({ runId, caseId: 'billing-01', reviewer: '  ', choice: 'tie', baselineSide: 'left' }), expectOk: false },
  { name: 'bad input: workspace.setReviewer with an empty name', method: 'workspace.setReviewer', input: () => ({ reviewer: '' }), expectOk: false },
  { name: 'workspace.info', method: 'workspace.info', input: () => ({}), expectOk: true },
];

describe('transport parity for the blind review: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  it.each(calls)('$name', async ({ method, input, expectOk }) => {
    const direct = await dispatch(method, input(), seeded.ctx);
    const overHttp = await client.call(method as Method, input() as never);
    expect(overHttp).toEqual(direct);
    expect(direct.ok).toBe(expectOk);
  });

  it('a vote replaces the earlier one the same way on both transports (all but its time)', async () => {
    const input = { runId, caseId: 'refunds-02', reviewer: 'Linus', choice: 'baseline' as const, baselineSide: 'left' as const, note: 'shorter' };
    const direct = await dispatch('reviews.vote', input, seeded.ctx);
    const overHttp = await client.call('reviews.vote', input);
    if (!direct.ok || !overHttp.ok) throw new Error('vote failed');
    const { voted_at: t1, ...a } = direct.value;
    const { voted_at: t2, ...b } = overHttp.value;
    expect(b).toEqual(a);
    expect(t2 >= t1).toBe(true);
    const linus = await client.call('reviews.list', { runId, reviewer: 'Linus' });
    expect(linus.ok && linus.value.votes).toHaveLength(1);
  });

  it('pins the answers the table compares', async () => {
    const list = await client.call('reviews.list', { runId, reviewer: 'Grace' });
    expect(list.ok && list.value.votes.map((v) => [v.case_id, v.choice, v.baseline_side, v.note])).toEqual(
      CASES.map((c, i) => [c, GRACE[i], 'right', i === 0 ? 'cites doc-2' : null]),
    );
    const summary = await client.call('reviews.summary', { runId });
    if (!summary.ok) throw new Error(summary.error.message);
    const s = summary.value;
    // With Linus's vote from the test above: three reviewers share refunds-02.
    expect(s.counts).toEqual({ candidate: 5, baseline: 4, tie: 2, both_bad: 2 });
    expect(s.agreement?.statistic).toBe('fleiss_kappa');
    expect(s.candidate_preference.estimate).toBeCloseTo(5 / 9, 12);
    expect(s.tie_rate.estimate).toBeCloseTo(4 / 13, 12);
    expect(await client.call('reviews.summary', { runId: 'run-nope' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-nope"' } });
    const outside = await client.call('reviews.vote', { runId, caseId: 'nope-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' });
    expect(outside).toEqual({ ok: false, error: { code: 'not_found', message: `run "${runId}" has no case "nope-01" in its suite` } });
    const blank = await client.call('reviews.vote', { runId, caseId: 'billing-01', reviewer: ' ', choice: 'tie', baselineSide: 'left' });
    expect(blank.ok === false && blank.error.code).toBe('bad_input');
  });

  it('keeps the reviewer name set over HTTP, and workspace.info returns it on both transports', async () => {
    expect(await client.call('workspace.info', {})).toMatchObject({ ok: true, value: { reviewer: null } });
    expect(await client.call('workspace.setReviewer', { reviewer: ' Ada ' })).toEqual({ ok: true, value: { reviewer: 'Ada' } });
    const direct = await dispatch('workspace.info', {}, seeded.ctx);
    expect(direct).toMatchObject({ ok: true, value: { reviewer: 'Ada' } });
    expect(await client.call('workspace.info', {})).toEqual(direct);
  });
});
