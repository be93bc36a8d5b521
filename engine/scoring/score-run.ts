import { scoreOutput } from '../../shared/scorers/score-expectation.js';
import type { ScoreRow, ScoringInput, Store } from '../store/index.js';

/**
 * What scoring needs of a case, by id, keeping only the most recently used ones: results arrive in the order they
 * were replayed, so both arms of a case are usually close together, and a large suite is never held whole.
 */
function recentScoringInputs(read: (caseId: number) => ScoringInput | undefined, keep = 128): (caseId: number) => ScoringInput | undefined {
  const recent = new Map<number, ScoringInput>();
  return (caseId) => {
    const hit = recent.get(caseId);
    if (hit) {
      recent.delete(caseId);
      recent.set(caseId, hit);
      return hit;
    }
    const input = read(caseId);
    if (!input) return undefined;
    recent.set(caseId, input);
    if (recent.size > keep) recent.delete(recent.keys().next().value!);
    return input;
  };
}

/**
 * Scores every successful result of a run (not those stopped at an unreplayable tool call: they have no answer) against its case's expectations and stores the scores,
 * replacing earlier ones. Reads only stored outputs: re-scoring never calls a model. Results are read a page
 * at a time so a large run is scored in bounded memory, inside one transaction so it is all-or-nothing.
 */
export function scoreRun(store: Store, runId: string): { results: number; scores: number; failed: number } {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const cases = recentScoringInputs((caseId) => store.suites.scoringInput(run.suiteId, caseId));
  const totals = { results: 0, scores: 0, failed: 0 };
  store.db.transaction(() => {
    store.scores.deleteForRun(runId);
    for (const page of store.results.scorablePagesByRun(runId, 500)) {
      const rows: ScoreRow[] = [];
      for (const r of page) {
        const input = cases(r.caseId);
        if (!input) continue;
        totals.results++;
        const toolCalls = r.toolCallsJson ? (JSON.parse(r.toolCallsJson) as { name: string; arguments: string }[]) : [];
        const output = { text: r.outputText ?? '', finishReason: r.finishReason, toolCalls };
        for (const s of scoreOutput(input.expectations, output, input.documents)) rows.push({ ...s, resultId: r.id });
      }
      store.scores.insertMany(rows);
      totals.scores += rows.length;
      totals.failed += rows.filter((s) => !s.passed).length;
    }
  })();
  return totals;
}
