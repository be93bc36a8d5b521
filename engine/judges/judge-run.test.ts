import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputError } from '../../test-support/input-error.js';
import { judgeArms, judgeWorkspace, type JudgeWorkspace } from '../../test-support/judge-workspace.js';
import { executeReplay } from '../replay/execute-replay.js';
import { startSimServer, type SimServer } from '../sim/index.js';
import { judgeRunLeased } from './judge-run.js';
import { judgeSummary } from './judge-summary.js';
import { runHasJudges } from './judge-plan.js';

let jw: JudgeWorkspace;
let sim: SimServer;
beforeEach(async () => {
  jw = await judgeWorkspace();
  sim = await startSimServer({ port: 0, timeScale: 0 });
});
afterEach(async () => {
  jw.close();
  await sim.close();
});

/** Replays the prepared run (model calls, scoring, judges) against the test's sim. */
const replay = (runId: string, opts: Parameters<typeof executeReplay>[4] = {}) => executeReplay(jw.store, jw.ws, runId, judgeArms(jw.ws), { simUrl: sim.url, concurrency: 8, ...opts });

describe('judge phase of a replay', () => {
  it('grades each doc_qa answer against the rubric and compares the arms in both orders', async () => {
    const runId = jw.prepare();
    const outcome = await replay(runId);
    expect(outcome.interrupted).toBe(false);
    const judged = outcome.judged!;
    // 12 doc_qa cases × 2 arms graded; 24 doc_qa + unanswerable cases × 2 orders compared.
    expect(judged.total).toBe(24 + 48);
    expect(judged.judged).toBe(72);
    expect(judged.judgeErrors).toBe(0);
    expect(judged.calls).toBe(72);
    expect(judged.spentUsd).toBeGreaterThan(0);
    expect(judged.rubricScores).toEqual({ scores: 24, failed: expect.any(Number), errors: 0 });

    const scores = jw.store.scores.byRun(runId).filter((s) => s.scorer === 'rubric_judge');
    expect(scores).toHaveLength(24);
    const judge = jw.ws.config.targets.judge!;
    expect(judge.model).toBe('sim-judge');
    for (const s of scores) {
      expect(s.name).toBe('grounded');
      expect(s.value).toBeGreaterThanOrEqual(1);
      expect(s.value).toBeLessThanOrEqual(5);
      expect(s.passed).toBe(s.value! >= 3);
      expect(s.version).toMatch(/^judge sha256:[0-9a-f]{64} rubric sha256:[0-9a-f]{64}$/);
      expect(s.error).toBeUndefined();
    }
    // The candidate invents citations (20 % in the sim): some of its answers fail the rubric, the baseline's do not.
    const summary = judgeSummary(jw.store, runId);
    expect(summary.rubric!.baseline).toEqual({ graded: 12, passed: 12, meanGrade: 5 });
    expect(summary.rubric!.candidate.graded).toBe(12);
    expect(summary.rubric!.candidate.meanGrade!).toBeLessThan(5);

    const p = summary.pairwise!;
    expect(p.judge).toBe('judge');
    expect(p.pairs).toBe(24);
    expect(p.counts.baseline + p.counts.candidate + p.counts.tie).toBe(24);
    // A fair judge never disagrees with itself across orders and picks the first answer only as often as it is better.
    expect(p.orderDisagreementRate.estimate).toBe(0);
    expect(p.counts.baseline).toBeGreaterThan(p.counts.candidate);
    expect(p.candidateWinRate.estimate).toBeCloseTo(p.counts.candidate / (p.counts.candidate + p.counts.baseline), 10);
    expect(p.candidateWinRate.lower!).toBeLessThanOrEqual(p.candidateWinRate.estimate!);
    expect(p.firstPositionRate.estimate).toBe(0.5);
    expect(summary.costUsd).toBeCloseTo(judged.spentUsd, 10);
  });

  it('never asks a stored judgement again: a second replay and a judge-only run call nothing', async () => {
    const runId = jw.prepare();
    await replay(runId);
    const again = await replay(runId);
    expect(again.called).toBe(0);
    expect(again.judged).toMatchObject({ total: 72, alreadyDone: 72, judged: 0, calls: 0 });
    const judgeOnly = await judgeRunLeased(jw.store, jw.ws, runId, { simUrl: sim.url });
    expect(judgeOnly).toMatchObject({ judged: 0, calls: 0 });
    expect(jw.store.judgements.byRun(runId)).toHaveLength(72);
    expect(jw.store.scores.byRun(runId).filter((s) => s.scorer === 'rubric_judge')).toHaveLength(24);
  });

  it('answers a new run of the same suite and judge from the response cache', async () => {
    await replay(jw.prepare());
    const second = jw.prepare({ forceNew: true });
    const outcome = await replay(second);
    expect(outcome.judged).toMatchObject({ judged: 72, calls: 0, cacheHits: 72, spentUsd: 0 });
    const off = await replay(jw.prepare({ forceNew: true }), { cache: false });
    expect(off.judged).toMatchObject({ judged: 72, calls: 72, cacheHits: 0 });
  });

  it('stops at the budget (judge spend counts) and resumes only what is missing', async () => {
    const runId = jw.prepare();
    const models = await replay(runId, { judge: false });
    expect(models.judged).toBeNull();
    expect(jw.store.judgements.byRun(runId)).toHaveLength(0);
    // The model calls are stored; a budget a little above nothing lets the judges start and then stops them.
    const stopped = await judgeRunLeased(jw.store, jw.ws, runId, { simUrl: sim.url, maxCostUsd: 0.0005, concurrency: 2 });
    expect(stopped).toMatchObject({ interrupted: true, stoppedBy: 'budget' });
    const partial = jw.store.judgements.byRun(runId).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(72);
    expect(jw.store.runs.get(runId)!.status).toBe('interrupted');
    const resumed = await replay(runId);
    expect(resumed.called).toBe(0);
    expect(resumed.judged).toMatchObject({ alreadyDone: partial, judged: 72 - partial, interrupted: false });
    expect(jw.store.judgements.byRun(runId)).toHaveLength(72);
    expect(jw.store.runs.get(runId)!.status).toBe('completed');
  });

  it('an interrupted phase stores each judgement whole (its score and cache entry with it) or not at all', async () => {
    const runId = jw.prepare();
    await replay(runId, { judge: false });
    const cacheRows = () => (jw.store.db.prepare('SELECT COUNT(*) FROM response_cache').pluck().get() as number);
    const modelEntries = cacheRows();
    // Stopped after a few answers: judgements wait for their batch, and the interruption must still commit them.
    const stop = new AbortController();
    const stopped = await judgeRunLeased(jw.store, jw.ws, runId, { simUrl: sim.url, concurrency: 4, signal: stop.signal, onProgress: (p) => { if (p.done >= 9) stop.abort(); } });
    expect(stopped).toMatchObject({ interrupted: true, stoppedBy: 'signal' });
    const stored = jw.store.judgements.byRun(runId);
    expect(stored.length).toBe(stopped!.judged);
    expect(stored.length).toBeGreaterThanOrEqual(9);
    expect(stored.length).toBeLessThan(72);
    // One call and one cache entry per judgement (the sim judge answers valid JSON), a rubric score per rubric one.
    expect(cacheRows() - modelEntries).toBe(stored.length);
    const rubricScores = jw.store.scores.byRun(runId).filter((s) => s.scorer === 'rubric_judge');
    expect(rubricScores).toHaveLength(stored.filter((j) => j.kind === 'rubric').length);
    expect(stopped!.rubricScores.scores).toBe(rubricScores.length);
    // The resume asks exactly what is missing: nothing answered before is asked again, nor found only in the cache.
    const resumed = await judgeRunLeased(jw.store, jw.ws, runId, { simUrl: sim.url, concurrency: 4 });
    expect(resumed).toMatchObject({ alreadyDone: stored.length, judged: 72 - stored.length, calls: 72 - stored.length, cacheHits: 0, interrupted: false });
    expect(resumed!.rubricScores.scores).toBe(24);
    expect(jw.store.scores.byRun(runId).filter((s) => s.scorer === 'rubric_judge')).toHaveLength(24);
  });

  it('stores a judge that answers no valid JSON as judge errors after one corrective retry, never as model failures', async () => {
    jw.edit({ config: (t) => t.replace('judge: judge\n', 'judge: flaky-judge\n') });
    const runId = jw.prepare();
    const outcome = await replay(runId);
    expect(outcome.judged).toMatchObject({ judged: 72, judgeErrors: 72, calls: 144 });
    const rows = jw.store.judgements.byRun(runId);
    expect(rows.every((r) => r.status === 'judge_error' && r.calls === 2 && r.grade === null)).toBe(true);
    expect(rows[0]!.error).toMatch(/^the judge answered no valid verdict twice \(it is not a JSON object\); its last reply: "/);
    const scores = jw.store.scores.byRun(runId).filter((s) => s.scorer === 'rubric_judge');
    expect(scores).toHaveLength(24);
    expect(scores.every((s) => s.error !== undefined && s.passed === false && s.value === undefined)).toBe(true);
    expect(outcome.judged!.rubricScores).toEqual({ scores: 24, failed: 0, errors: 24 });
    const summary = judgeSummary(jw.store, runId);
    expect(summary.pairwise).toMatchObject({ pairs: 0, judgeErrors: 48 });
    expect(summary.pairwise!.candidateWinRate.estimate).toBeNull();
  });

  it('caches no invalid reply, so retrying the judge errors asks the judge again', async () => {
    jw.edit({ config: (t) => t.replace('judge: judge\n', 'judge: flaky-judge\n') });
    const cacheRows = () => jw.store.db.prepare('SELECT COUNT(*) FROM response_cache').pluck().get() as number;
    const runId = jw.prepare();
    const before = cacheRows();
    const first = await replay(runId);
    expect(first.judged).toMatchObject({ judged: 72, judgeErrors: 72 });
    // The model calls of the replay are cached; none of the judge's 144 invalid replies is.
    expect(cacheRows() - before).toBe(first.called);
    const retried = await judgeRunLeased(jw.store, jw.ws, runId, { simUrl: sim.url, retryErrors: true });
    expect(retried).toMatchObject({ judged: 72, calls: 144, cacheHits: 0, judgeErrors: 72 });
  });

  it('recovers an invalid reply with the corrective retry', async () => {
    jw.edit({ config: (t) => t.replace('judge: judge\n', 'judge: sloppy-judge\n') });
    const runId = jw.prepare();
    const outcome = await replay(runId);
    const rows = jw.store.judgements.byRun(runId);
    const retried = rows.filter((r) => r.calls === 2);
    expect(retried.length).toBeGreaterThan(10);
    // Half of the corrective retries are prose again (invalid=0.5): those are the judge errors.
    expect(retried.filter((r) => r.status === 'ok').length).toBeGreaterThan(3);
    expect(outcome.judged!.judgeErrors).toBe(rows.filter((r) => r.status === 'judge_error').length);
    expect(outcome.judged!.judgeErrors).toBeGreaterThan(3);
    expect(outcome.judged!.calls).toBe(rows.length + retried.length);
  });

  it('measures the position bias of a judge that always picks the first answer', async () => {
    jw.edit({ suite: (t) => t.replace('pairwise_judge:\n', 'pairwise_judge:\n  judge: biased-judge\n') });
    const runId = jw.prepare();
    await replay(runId);
    const p = judgeSummary(jw.store, runId).pairwise!;
    expect(p.judge).toBe('biased-judge');
    expect(p.firstPositionRate.estimate).toBe(1);
    // Each order names the other arm: every pair is a tie made by disagreeing orders.
    expect(p.orderDisagreementRate.estimate).toBe(1);
    expect(p.counts).toEqual({ candidate: 0, baseline: 0, tie: 24 });
    expect(p.candidateWinRate.estimate).toBeNull();
  });

  it('refuses a judge without a target before anything is called, naming the file and field', () => {
    jw.edit({ config: (t) => t.replace('  judge: judge\n', '') });
    const err = inputError(() => jw.prepare());
    expect(err.where.file).toBe(jw.suiteFile);
    expect(err.where.field).toBe('traffic.expectations_by_slice.doc_qa.0.judge');
    expect(err.message).toMatch(/names no judge target and defaults\.judge is not set/);
  });

  it('puts the judge target into the suite digest', () => {
    const first = jw.prepare();
    const digestOf = (runId: string) => jw.store.suites.get(jw.store.runs.get(runId)!.suiteId)!.digest;
    jw.edit({ config: (t) => t.replace('model: sim-judge\n    params: { temperature: 0 }', 'model: sim-judge\n    params: { temperature: 0.5 }') });
    const second = jw.prepare();
    expect(second).not.toBe(first);
    expect(digestOf(second)).not.toBe(digestOf(first));
  });

  it('a suite without judges runs no judge phase', async () => {
    jw.edit({ suite: (t) => t.replace(/ {6}- type: rubric_judge[\s\S]*?scale: \{ min: 1, max: 5 \}\n/, '      - type: citations\n').replace(/pairwise_judge:[\s\S]*?slices: \[doc_qa, unanswerable\]\n/, '') });
    const runId = jw.prepare();
    expect(runHasJudges(jw.store, runId)).toBe(false);
    const outcome = await replay(runId);
    expect(outcome.judged).toBeNull();
    expect(jw.store.judgements.byRun(runId)).toHaveLength(0);
  });
});

describe('judge endpoints that fail', () => {
  it('stores a judge that cannot be called as judge errors, and stops after five in a row (resumable)', async () => {
    jw.edit({ config: (t) => t.replace('targets:\n', 'targets:\n  dead-judge:\n    provider: openai-chat\n    base_url: http://127.0.0.1:9/v1\n    model: judge-model\n').replace('judge: judge\n', 'judge: dead-judge\n').replace('max_retries: 2', 'max_retries: 0') });
    const runId = jw.prepare();
    const outcome = await replay(runId, { concurrency: 1 });
    expect(outcome.called).toBeGreaterThan(0);
    expect(outcome.judged).toMatchObject({ judged: 5, judgeErrors: 5, interrupted: true, stoppedBy: 'circuit' });
    expect(outcome).toMatchObject({ interrupted: true, stoppedBy: 'circuit' });
    const rows = jw.store.judgements.byRun(runId);
    expect(rows).toHaveLength(5);
    expect(rows[0]!.error).toMatch(/^the judge could not be called: network: /);
    expect(jw.store.runs.get(runId)!.status).toBe('interrupted');
    // The model results are all there and scored: only the judges are missing.
    expect(jw.store.results.counts(runId).infra).toBe(0);
  });

  it('stops with bad input naming the judge target when its endpoint refuses the request as configured', async () => {
    jw.edit({ config: (t) => t.replace('model: sim-judge\n    params: { temperature: 0 }', 'model: sim-judge:bias=7\n    params: { temperature: 0 }') });
    const runId = jw.prepare();
    const err = await replay(runId).then(() => null, (e: unknown) => e as { name: string; message: string; where: { field?: string } });
    expect(err?.name).toBe('InputError');
    expect(err?.where.field).toBe('targets.judge');
    expect(err?.message).toMatch(/^the judge target "judge" was refused by its endpoint, so no judgement can be made as configured: .*Invalid simulated judge knobs/);
    expect(jw.store.judgements.byRun(runId)).toHaveLength(0);
    expect(jw.store.runs.get(runId)!.status).toBe('interrupted');
  });
});
