import { describe, expect, it } from 'vitest';
import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import { evalCaseSchema, type EvalCase } from '../../shared/domain/suite.js';
import { scoreOutput } from '../../shared/scorers/score-expectation.js';
import { seedScoredRun, type SeededAnswer } from '../../test-support/scoring-run.js';
import { useTempStore } from '../../test-support/temp-store.js';
import { scoreRun } from './score-run.js';

const temp = useTempStore('cg-rescore-identity-');

const CASES = 3000;
const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^A-\\d+$' } } };

/** A few thousand cases over most deterministic scorers, with values (latency, cost) and errors (no cost recorded). */
function expectationsOf(i: number): ScorerSpec[] {
  const all: ScorerSpec[] = [
    { type: 'json_schema', schema },
    { type: 'regex', pattern: i % 2 ? '"A-\\d{2,}"' : '\\d+' },
    { type: 'not_contains', value: 'as an AI' },
    { type: 'contains', value: 'A-' },
    { type: 'truncation' },
    { type: 'latency', max_ms: 400 },
    { type: 'cost', max_usd: 0.001 },
  ];
  return all.filter((_, j) => (i + j) % 3 !== 0);
}

const cases: EvalCase[] = Array.from({ length: CASES }, (_, i) =>
  evalCaseSchema.parse({ id: `c${i}`, input: { messages: [{ role: 'user', content: `order ${i}` }] }, expectations: expectationsOf(i) }));

function answerOf(i: number, arm: 'baseline' | 'candidate'): SeededAnswer {
  const bad = arm === 'candidate' && i % 7 === 0;
  const text = bad ? `{"id":${i}} as an AI` : `{"id":"A-${i}"}`;
  return {
    text: arm === 'candidate' && i % 11 === 0 ? text.slice(0, 5) : text,
    finishReason: arm === 'candidate' && i % 11 === 0 ? 'length' : 'stop',
    latencyMs: 100 + (i * 37) % 500,
    costUsd: i % 13 === 0 ? null : 0.0002 * (i % 9),
    ...(arm === 'candidate' && i % 97 === 0 ? { status: 'infra_error' as const } : {}),
  };
}

type Row = { id: number; result_id: number; name: string; scorer: string; passed: number; severity: string; category: string; detail: string; value: number | null; scorer_version: string | null; error: string | null };

const rowsOf = (runId: string) => temp.store.db.prepare(`SELECT s.id, s.result_id, s.name, s.scorer, s.passed, s.severity, s.category, s.detail, s.value, s.scorer_version, s.error
  FROM scores s JOIN results r ON r.id = s.result_id WHERE r.run_id = ? ORDER BY s.result_id, s.name`).all(runId) as Row[];
const withoutIds = (rows: Row[]) => rows.map(({ id: _id, ...rest }) => rest);
const changes = () => (temp.store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

describe('re-scoring', () => {
  it('stores exactly what the scorers say, and a re-score (digests or row by row) gives the very same rows', async () => {
    const { store } = temp;
    const { runId } = seedScoredRun(store, cases, (_c, arm, i) => answerOf(i, arm));
    const totals = await scoreRun(store, runId);
    const first = rowsOf(runId);

    // What the catalogue says of each stored answer, computed straight from the scorers.
    const caseIndex = new Map(store.suites.allCases(store.runs.get(runId)!.suiteId).map((c, i) => [c.id, i]));
    const expected = store.results.byRun(runId).filter((r) => r.status === 'ok').flatMap((r) => {
      const i = caseIndex.get(r.caseId)!;
      const output = { text: r.outputText ?? '', finishReason: r.finishReason, toolCalls: [], latencyMs: r.latencyMs, costUsd: r.costUsd };
      return scoreOutput(cases[i]!.expectations, output, { documents: [] }).map((s) => ({
        result_id: r.id, name: s.name, scorer: s.scorer, passed: s.passed ? 1 : 0, severity: s.severity, category: s.category, detail: s.detail,
        value: s.value ?? null, scorer_version: s.version ?? null, error: s.error ?? null,
      }));
    }).sort((a, b) => a.result_id - b.result_id || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(withoutIds(first)).toEqual(expected);
    expect(totals.scores).toBe(expected.length);
    expect(totals.results).toBe(2 * CASES - Math.ceil(CASES / 97));
    expect(expected.some((s) => s.error !== null) && expected.some((s) => s.passed === 0) && expected.some((s) => s.value !== null)).toBe(true);

    // A re-score with every digest on record writes nothing but its record, and leaves every row as it was.
    let start = changes();
    expect(await scoreRun(store, runId)).toEqual(totals);
    expect(changes() - start).toBe(1);
    expect(rowsOf(runId)).toEqual(first);

    // Without digests (a database scored before migration 018) the rows are compared one by one: still no score written.
    store.db.exec('DELETE FROM score_digests');
    start = changes();
    await scoreRun(store, runId);
    expect(changes() - start).toBe(1 + totals.results); // the record and each result's digest
    expect(rowsOf(runId)).toEqual(first);

    // Scores changed behind scoring's back (by hand, by another tool) are put right: the triggers dropped their digests.
    const [a, b, c] = [first[10]!, first[500]!, first[4000]!];
    store.db.prepare('UPDATE scores SET detail = ?, passed = 1 - passed WHERE id = ?').run('edited', a.id);
    store.db.prepare('DELETE FROM scores WHERE id = ?').run(b.id);
    store.db.prepare(`INSERT INTO scores (result_id, name, scorer, passed, severity, category, detail) VALUES (?, 'stray', 'contains', 1, 'low', 'task_success', 'x')`).run(c.result_id);
    await scoreRun(store, runId);
    expect(withoutIds(rowsOf(runId))).toEqual(withoutIds(first));
    expect(rowsOf(runId).find((r) => r.id === a.id)).toEqual(a);
    start = changes();
    await scoreRun(store, runId);
    expect(changes() - start).toBe(1);
  });
});
