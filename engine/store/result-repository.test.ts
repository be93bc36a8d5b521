import { beforeEach, describe, expect, it } from 'vitest';
import { evalCaseSchema } from '../../shared/domain/suite.js';
import { targetSchema } from '../../shared/domain/target.js';
import { useTempStore } from '../../test-support/temp-store.js';
import type { NewResult } from './index.js';

const temp = useTempStore('cg-results-');

let caseIds: number[];

beforeEach(() => {
  const { store } = temp;
  const cases = Array.from({ length: 30 }, (_, i) => evalCaseSchema.parse({ id: `c${i}`, input: { messages: [{ role: 'user', content: `q${i}` }] } }));
  const suiteId = store.suites.upsert('s', 'd', null, cases);
  caseIds = store.suites.activeCases(suiteId).map((c) => c.id);
  const target = targetSchema.parse({ provider: 'openai-chat', base_url: 'http://127.0.0.1:1/v1', model: 'm' });
  const t = store.targets.upsert('t', 'sha256:t', target, false);
  for (const id of ['run-a', 'run-b', 'run-c']) store.runs.create(id, suiteId, t, t, 1);
});

const result = (runId: string, caseId: number, over: Partial<NewResult> = {}): NewResult => ({
  runId, caseId, arm: 'baseline', attempt: 0, status: 'ok', outputText: `answer ${caseId}`, finishReason: 'stop', toolCallsJson: null,
  error: null, latencyMs: 5, promptTokens: 3, completionTokens: 2, costUsd: null, retries: 0, ...over,
});

describe('result pages', () => {
  it('page through one run in id order, whatever other runs wrote between its rows', () => {
    const { store } = temp;
    // run-a and run-b interleave row by row; run-c comes before and after both.
    const rows: NewResult[] = [result('run-c', caseIds[0]!)];
    caseIds.forEach((caseId, i) => {
      rows.push(result('run-a', caseId, i % 5 === 0 ? { status: 'infra_error', outputText: null, error: 'HTTP 500' } : i % 7 === 0 ? { unreplayableToolCall: '{"name":"x"}' } : {}));
      rows.push(result('run-b', caseId));
    });
    rows.push(result('run-c', caseIds[1]!));
    store.results.insertMany(rows);

    const pages = [...store.results.pagesByRun('run-a', 4)];
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    const all = pages.flat();
    expect(all.map((r) => r.caseId)).toEqual(caseIds);
    expect(all.every((r) => r.runId === 'run-a')).toBe(true);
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => a - b));

    // Scoring reads only answered results (not infra errors, not unreplayable tool calls), with their answers.
    const scorable = [...store.results.scorablePagesByRun('run-a', 4)].flat();
    const answered = caseIds.filter((_, i) => i % 5 !== 0 && i % 7 !== 0);
    expect(scorable.map((r) => r.caseId)).toEqual(answered);
    expect(scorable[0]).toEqual({ id: expect.any(Number), caseId: answered[0], outputText: `answer ${answered[0]}`, finishReason: 'stop', toolCallsJson: null });
    expect([...store.results.scorablePagesByRun('run-b', 7)].flat()).toHaveLength(caseIds.length);
    expect([...store.results.pagesByRun('run-c', 1)].map((p) => p.map((r) => r.caseId))).toEqual([[caseIds[0]], [caseIds[1]]]);
  });

  it('yield no page for a run without results', () => {
    const { store } = temp;
    expect([...store.results.pagesByRun('run-a')]).toEqual([]);
    expect([...store.results.scorablePagesByRun('run-a')]).toEqual([]);
  });
});
