import { scoreOutput } from '../../shared/scorers/score-expectation.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { ScoreRow, StoredCase, Store } from '../store/index.js';

/**
 * A case's parsed conversation by id, keeping only the most recently used ones: results arrive in the order they
 * were replayed, so both arms of a case are usually close together, and a large suite is never held whole.
 */
function recentCases(refs: readonly StoredCase[], keep = 128): (caseId: number) => EvalCase | undefined {
  const byId = new Map(refs.map((c) => [c.id, c]));
  const recent = new Map<number, EvalCase>();
  return (caseId) => {
    const hit = recent.get(caseId);
    if (hit) {
      recent.delete(caseId);
      recent.set(caseId, hit);
      return hit;
    }
    const ref = byId.get(caseId);
    if (!ref) return undefined;
    const evalCase = ref.evalCase;
    recent.set(caseId, evalCase);
    if (recent.size > keep) recent.delete(recent.keys().next().value!);
    return evalCase;
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
  const cases = recentCases(store.suites.activeCaseRefs(run.suiteId));
  const totals = { results: 0, scores: 0, failed: 0 };
  store.db.transaction(() => {
    store.scores.deleteForRun(runId);
    for (const page of store.results.scorablePagesByRun(runId, 500)) {
      const rows: ScoreRow[] = [];
      for (const r of page) {
        const evalCase = cases(r.caseId);
        if (!evalCase) continue;
        totals.results++;
        const toolCalls = r.toolCallsJson ? (JSON.parse(r.toolCallsJson) as { name: string; arguments: string }[]) : [];
        const output = { text: r.outputText ?? '', finishReason: r.finishReason, toolCalls };
        for (const s of scoreOutput(evalCase.expectations, output, evalCase.input.documents ?? [])) rows.push({ ...s, resultId: r.id });
      }
      store.scores.insertMany(rows);
      totals.scores += rows.length;
      totals.failed += rows.filter((s) => !s.passed).length;
    }
  })();
  return totals;
}
