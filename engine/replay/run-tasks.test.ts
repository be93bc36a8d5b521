import { describe, expect, it } from 'vitest';
import { evalCaseSchema, type EvalCase } from '../../shared/domain/suite.js';
import { targetSchema } from '../../shared/domain/target.js';
import { useTempStore } from '../../test-support/temp-store.js';
import type { StoredCase } from '../store/index.js';
import { estimateTasks, type Task } from './run-tasks.js';

const temp = useTempStore('cg-run-tasks-');

const recorded = (prompt: number | null, completion: number | null) => ({ text: 'a', finish_reason: 'stop', tool_calls: [], prompt_tokens: prompt, completion_tokens: completion, latency_ms: null, cost_usd: null });
const cases = [
  { id: 'full', input: { messages: [{ role: 'user', content: 'x'.repeat(40) }] }, recorded: recorded(1200, 80) },
  { id: 'no-prompt-count', input: { messages: [{ role: 'user', content: 'y'.repeat(401) }] }, recorded: recorded(null, 30) },
  { id: 'no-completion-count', input: { messages: [{ role: 'user', content: 'z' }] }, recorded: recorded(7, null) },
  { id: 'nothing-recorded', input: { messages: [{ role: 'system', content: 's'.repeat(99) }, { role: 'user', content: 'w'.repeat(9) }] } },
  { id: 'retired', status: 'retired', input: { messages: [{ role: 'user', content: 'r' }] }, recorded: recorded(5, 5) },
].map((c) => evalCaseSchema.parse(c));

describe('estimateTasks', () => {
  it('gives the same estimate from the recorded counts read in SQL, parsing only the cases whose prompt count is missing', () => {
    const { store } = temp;
    const suiteId = store.suites.upsert('s', 'd', null, cases);
    const counts = store.suites.recordedTokens(suiteId);
    const ids = store.suites.allCases(suiteId).map((c) => c.id);
    expect([...counts.values()]).toEqual([
      { prompt_tokens: 1200, completion_tokens: 80 },
      { prompt_tokens: null, completion_tokens: 30 },
      { prompt_tokens: 7, completion_tokens: null },
      { prompt_tokens: null, completion_tokens: null },
    ]);
    expect(counts.has(ids[4]!)).toBe(false); // not active

    const reads: string[] = [];
    const counted = (id: number, c: EvalCase): StoredCase => ({ id, key: c.id, get evalCase() { reads.push(c.id); return c; } });
    const tasks: Task[] = cases.slice(0, 4).flatMap((c, i) => (['baseline', 'candidate'] as const).map((arm) => ({ storedCase: counted(ids[i]!, c), arm, attempt: 0 })));
    const target = targetSchema.parse({ provider: 'openai-chat', base_url: 'sim', model: 'm' });
    const targets = { baseline: { id: 1, name: 'b', fingerprint: 'f', target, simulated: true }, candidate: { id: 1, name: 'c', fingerprint: 'f', target, simulated: true } };
    const prices = { m: { input_per_mtok: 1_000_000, output_per_mtok: 2_000_000 } };

    const fromSql = estimateTasks(tasks, targets, prices, counts);
    expect(reads).toEqual(['no-prompt-count', 'nothing-recorded']);
    reads.length = 0;
    const fromCases = estimateTasks(tasks, targets, prices);
    expect(reads).toEqual(['full', 'no-prompt-count', 'no-completion-count', 'nothing-recorded']);
    expect(fromSql).toEqual(fromCases);
    // Per arm: prompts 1200 + (4 + 101) + 7 + (4 + 25 + 4 + 3) = 1348 at $1 a token; answers 80 + 30 + 256 + 256 = 622 at $2.
    expect(fromSql).toEqual({ calls: 8, baseline: 1348 + 2 * 622, candidate: 1348 + 2 * 622, total: 2 * (1348 + 2 * 622), unpriced: [] });
  });
});
