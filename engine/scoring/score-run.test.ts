import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evalCaseSchema, type EvalCase } from '../../shared/domain/suite.js';
import { scoringRepository } from '../store/scoring-repository.js';
import { seedScoredRun } from '../../test-support/scoring-run.js';
import { useTempStore } from '../../test-support/temp-store.js';
import { scoreRun, scoreRunInTransaction } from './score-run.js';

const temp = useTempStore('cg-score-run-');

const cases: EvalCase[] = [
  {
    id: 'json',
    input: { messages: [{ role: 'user', content: 'Give me the order as JSON' }] },
    expectations: [{ type: 'json_schema', schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } }, { type: 'latency', max_ms: 1000 }],
  },
  {
    id: 'pii',
    input: { messages: [{ role: 'user', content: 'My e-mail is jane@example.com, what is support’s?' }] },
    expectations: [{ type: 'pii_leak' }, { type: 'contains', value: '<EMAIL_1>' }],
  },
  { id: 'sim', reference: 'Refunds are processed within five business days.', input: { messages: [{ role: 'user', content: 'How long do refunds take?' }] }, expectations: [{ type: 'similarity' }] },
  { id: 'judged', input: { messages: [{ role: 'user', content: 'Be nice' }] }, expectations: [{ type: 'rubric_judge', rubric: 'Is it kind?' }, { type: 'cost', max_usd: 0.01 }] },
].map((c) => evalCaseSchema.parse(c));

const answers: Record<string, Record<'baseline' | 'candidate', { text: string; latencyMs?: number; costUsd?: number }>> = {
  json: { baseline: { text: '{"id":"A-1"}', latencyMs: 200 }, candidate: { text: '```json\n{"id":7}\n```', latencyMs: 2400 } },
  pii: { baseline: { text: 'You wrote jane@example.com; ours is help@shop.example.' }, candidate: { text: 'Noted: <EMAIL_1>.' } },
  sim: { baseline: { text: 'Refunds are processed within five business days.' }, candidate: { text: 'It depends.' } },
  judged: { baseline: { text: 'Sure!', costUsd: 0.002 }, candidate: { text: 'Sure!' } },
};

describe('scoreRun', () => {
  it('scores every catalogue expectation with its context, counts errors apart, keeps judge scores and records the scoring', async () => {
    const { store } = temp;
    const { runId } = seedScoredRun(store, cases, (c, arm) => answers[c.id]![arm]);
    // A judge's score, written by the judges before a re-score: it must survive.
    const judgedResult = store.results.byRun(runId).find((r) => r.outputText === 'Sure!' && r.arm === 'baseline')!;
    store.scores.insertMany([{ resultId: judgedResult.id, name: 'rubric_judge', scorer: 'rubric_judge', passed: true, severity: 'medium', category: 'task_success', detail: 'grade 5', value: 5, version: 'judge@x' }]);
    const totals = await scoreRun(store, runId);
    // 8 results; catalogue scores: json 2×2, pii 2×2, sim 2, judged (cost only) 2 = 12
    expect(totals).toMatchObject({ results: 8, scores: 12, casesStored: 4, casesFromFile: 0 });
    const scores = store.scores.byRun(runId);
    const by = (name: string, text: string) => {
      const ids = new Set(store.results.byRun(runId).filter((r) => r.outputText === text).map((r) => r.id));
      return scores.find((s) => s.name === name && ids.has(s.resultId))!;
    };
    expect(by('json_schema', '{"id":"A-1"}')).toMatchObject({ passed: true, version: 'catalogue/json_schema@1' });
    expect(by('json_schema', '```json\n{"id":7}\n```')).toMatchObject({ passed: false, category: 'format_violation', detail: expect.stringContaining('/id must be string') });
    expect(by('latency:1000ms', '```json\n{"id":7}\n```')).toMatchObject({ passed: false, category: 'latency', value: 2400 });
    const leak = by('pii_leak', 'You wrote jane@example.com; ours is help@shop.example.');
    expect(leak).toMatchObject({ passed: false, severity: 'high', category: 'pii_leak', value: 1, detail: 'leaked an item not in the input: e-mail address "help…"' });
    expect(by('pii_leak', 'Noted: <EMAIL_1>.')).toMatchObject({ passed: true });
    expect(by('similarity', 'It depends.')).toMatchObject({ passed: false, value: 0 });
    expect(by('similarity', 'Refunds are processed within five business days.')).toMatchObject({ passed: true, value: 1 });
    // The candidate's cost was not recorded: an error, neither pass nor failure.
    const costs = scores.filter((s) => s.scorer === 'cost');
    expect(costs.map((s) => s.error ?? null).sort()).toEqual(['no cost recorded', null].sort());
    expect(totals.errors).toBe(1);
    expect(totals.failed).toBe(scores.filter((s) => !s.passed && !s.error && s.scorer !== 'rubric_judge').length);
    expect(scores.filter((s) => s.scorer === 'rubric_judge')).toHaveLength(1);
    expect(totals.versions['catalogue/pii_leak@1']).toBe(2);
    expect(scoringRepository(store.db).latest(runId)).toMatchObject({ suiteDigest: null, results: 8, scores: 12, errors: 1, versions: totals.versions });

    // Scoring again replaces the catalogue scores and still keeps the judge's.
    const again = await scoreRun(store, runId);
    expect(again.scores).toBe(12);
    expect(store.scores.byRun(runId)).toHaveLength(13);
  });

  it('scores with the current expectations where a case key matches, and records the suite file', async () => {
    const { store } = temp;
    const { runId } = seedScoredRun(store, cases, (c, arm) => answers[c.id]![arm]);
    const current = {
      digest: 'sha256:new',
      path: 'evals/suites/x.yaml',
      cases: new Map([['pii', { expectations: [{ type: 'not_contains' as const, value: 'help@' }] }]]),
    };
    const totals = await scoreRun(store, runId, { current });
    expect(totals).toMatchObject({ casesFromFile: 1, casesStored: 3 });
    const names = new Set(store.scores.byRun(runId).map((s) => s.name));
    expect(names.has('not_contains:help@')).toBe(true);
    expect(names.has('pii_leak')).toBe(false);
    expect(scoringRepository(store.db).latest(runId)).toMatchObject({ suiteDigest: 'sha256:new', suitePath: 'evals/suites/x.yaml', casesFromFile: 1, casesStored: 3 });
  });

  it('re-scoring leaves equal scores untouched, updates changed ones and deletes those no expectation makes any more', async () => {
    const { store } = temp;
    const { runId } = seedScoredRun(store, cases, (c, arm) => answers[c.id]![arm]);
    await scoreRun(store, runId);
    const before = new Map(store.db.prepare('SELECT s.id, s.name, s.detail FROM scores s JOIN results r ON r.id = s.result_id WHERE r.run_id = ?').all(runId).map((r) => {
      const row = r as { id: number; name: string; detail: string };
      return [row.id, row];
    }));
    const changes = () => (store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const start = changes();
    await scoreRun(store, runId);
    expect(changes() - start).toBe(1); // the run_scorings record only
    // The json case now checks a regex (new), keeps its latency bound with a tighter limit (changed), drops its schema.
    const current = { digest: 'sha256:v2', path: 'x.yaml', cases: new Map([['json', { expectations: [{ type: 'regex' as const, pattern: 'A-\\d' }, { type: 'latency' as const, max_ms: 100, name: 'latency:1000ms' }] }]]) };
    await scoreRun(store, runId, { current });
    const after = store.db.prepare('SELECT s.id, s.name, s.detail FROM scores s JOIN results r ON r.id = s.result_id WHERE r.run_id = ?').all(runId) as { id: number; name: string; detail: string }[];
    expect(after.filter((r) => r.name === 'json_schema')).toHaveLength(0);
    expect(after.filter((r) => r.name === 'regex:A-\\d')).toHaveLength(2);
    const latency = after.filter((r) => r.name === 'latency:1000ms');
    expect(latency.map((r) => r.detail).sort()).toEqual(['took 2,400 ms, over the maximum of 100 ms', 'took 200 ms, over the maximum of 100 ms']);
    expect(latency.every((r) => before.has(r.id))).toBe(true); // updated in place
    const untouched = after.filter((r) => r.name.startsWith('pii_leak'));
    expect(untouched.every((r) => before.get(r.id)?.detail === r.detail)).toBe(true);
  });

  it('custom expectations become scorer errors without a workspace, and while merging', async () => {
    const { store } = temp;
    const custom = [evalCaseSchema.parse({ id: 'c', input: { messages: [{ role: 'user', content: 'x' }] }, expectations: [{ type: 'custom', scorer: 'tone' }, { type: 'contains', value: 'x' }] })];
    const { runId } = seedScoredRun(store, custom, () => ({ text: 'x' }));
    const totals = await scoreRun(store, runId);
    expect(totals).toMatchObject({ scores: 4, errors: 2, failed: 0 });
    expect(store.scores.byRun(runId).filter((s) => s.scorer === 'custom').map((s) => s.error)).toEqual([
      'scorer "tone": no workspace to load evals/scorers/ from',
      'scorer "tone": no workspace to load evals/scorers/ from',
    ]);
    const merged = store.db.transaction(() => scoreRunInTransaction(store, runId))();
    expect(merged.errors).toBe(2);
    expect(store.scores.byRun(runId).find((s) => s.scorer === 'custom')!.error).toBe(`scorer "tone": not scored while merging: run canary-gate score --run ${runId}`);
  });

  it('scores custom expectations with the workspace modules, in workers, beside the catalogue', async () => {
    const { store } = temp;
    const custom = [
      evalCaseSchema.parse({ id: 'rude', input: { messages: [{ role: 'user', content: 'x' }] }, expectations: [{ type: 'custom', scorer: 'polite' }] }),
      evalCaseSchema.parse({ id: 'broken', input: { messages: [{ role: 'user', content: 'x' }] }, expectations: [{ type: 'custom', scorer: 'throws' }] }),
    ];
    const { runId } = seedScoredRun(store, custom, (c, arm) => ({ text: c.id === 'rude' && arm === 'candidate' ? 'you idiot' : 'thank you' }));
    const totals = await scoreRun(store, runId, { workspaceRoot: join(fileURLToPath(new URL('../../', import.meta.url)), 'fixtures/custom-scorers/workspace') });
    expect(totals).toMatchObject({ results: 4, scores: 4, failed: 1, errors: 2 });
    const rows = store.scores.byRun(runId);
    expect(rows.filter((s) => s.name === 'custom:polite').map((s) => s.passed).sort()).toEqual([false, true]);
    expect(rows.filter((s) => s.name === 'custom:throws').every((s) => s.error?.includes('scorer "throws" on case "broken"'))).toBe(true);
  });

  it('an unknown run is an error that names the runs there are', async () => {
    await expect(scoreRun(temp.store, 'nope')).rejects.toThrow('no run "nope": the workspace has no runs yet');
  });
});
