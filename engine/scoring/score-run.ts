import { scoreOutput } from '../../shared/scorers/score-expectation.js';
import type { ScoreRow, Store } from '../store/index.js';

/**
 * Scores every successful result of a run against its case's expectations and stores the scores,
 * replacing earlier ones. Reads only stored outputs: re-scoring never calls a model.
 */
export function scoreRun(store: Store, runId: string): { results: number; scores: number; failed: number } {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const cases = new Map(store.suites.activeCases(run.suiteId).map((c) => [c.id, c.evalCase]));
  const rows: ScoreRow[] = [];
  let results = 0;
  for (const r of store.results.byRun(runId)) {
    if (r.status !== 'ok') continue;
    const evalCase = cases.get(r.caseId);
    if (!evalCase) continue;
    results++;
    const toolCalls = r.toolCallsJson ? (JSON.parse(r.toolCallsJson) as { name: string; arguments: string }[]) : [];
    const output = { text: r.outputText ?? '', finishReason: r.finishReason, toolCalls };
    for (const s of scoreOutput(evalCase.expectations, output, evalCase.input.documents ?? [])) rows.push({ ...s, resultId: r.id });
  }
  store.scores.replaceForRun(runId, rows);
  return { results, scores: rows.length, failed: rows.filter((s) => !s.passed).length };
}
