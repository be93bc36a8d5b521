import type { Arm } from '../../shared/domain/run.js';
import type { ArmOutcome, CaseOutcome } from '../../shared/gates/case-outcome.js';
import type { ResultRow, ScoreRow, Store } from '../store/index.js';

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Mean over attempts of a per-attempt indicator; null when no attempt has the scores it needs. */
function meanOf(attempts: readonly ScoreRow[][], applies: (s: ScoreRow) => boolean, indicator: (scores: ScoreRow[]) => number): number | null {
  const values: number[] = [];
  for (const scores of attempts) {
    const relevant = scores.filter(applies);
    if (relevant.length) values.push(indicator(relevant));
  }
  return mean(values);
}

function armOutcome(results: readonly ResultRow[], scoresByResult: Map<number, ScoreRow[]>): ArmOutcome | null {
  if (results.length === 0) return null;
  // An attempt stopped at an unreplayable tool call has no answer: like an infra error, it is not judged.
  const ok = results.filter((r) => r.status === 'ok' && !r.unreplayableToolCall);
  const attempts = ok.map((r) => scoresByResult.get(r.id) ?? []);
  const allPassed = (s: ScoreRow[]) => (s.every((x) => x.passed) ? 1 : 0);
  const unreplayable = ok.length === 0 && results.some((r) => r.status === 'ok' && r.unreplayableToolCall);
  return {
    infraError: ok.length === 0 && !unreplayable,
    ...(unreplayable ? { unreplayableToolCall: true } : {}),
    taskSuccess: meanOf(attempts, () => true, allPassed),
    highSeverityFailure: meanOf(attempts, (s) => s.severity === 'high', (s) => (s.some((x) => !x.passed) ? 1 : 0)),
    citationValid: meanOf(attempts, (s) => s.category === 'citation_validity', allPassed),
    abstentionOk: meanOf(attempts, (s) => s.category === 'abstention', allPassed),
    overRefusal: meanOf(attempts, (s) => s.category === 'over_refusal', (s) => (s.some((x) => !x.passed) ? 1 : 0)),
    latencyMs: mean(ok.map((r) => r.latencyMs).filter((x): x is number => x !== null)),
    costUsd: mean(ok.map((r) => r.costUsd).filter((x): x is number => x !== null)),
  };
}

/** What each case of a run showed in each arm, the input of gate evaluation. */
export function caseOutcomes(store: Store, runId: string): CaseOutcome[] {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const scoresByResult = new Map<number, ScoreRow[]>();
  for (const s of store.scores.byRun(runId)) {
    const list = scoresByResult.get(s.resultId);
    if (list) list.push(s);
    else scoresByResult.set(s.resultId, [s]);
  }
  const byCase = new Map<number, Record<Arm, ResultRow[]>>();
  for (const r of store.results.byRun(runId)) {
    let entry = byCase.get(r.caseId);
    if (!entry) byCase.set(r.caseId, (entry = { baseline: [], candidate: [] }));
    entry[r.arm].push(r);
  }
  return store.suites.activeCases(run.suiteId).map((c) => {
    const entry = byCase.get(c.id) ?? { baseline: [], candidate: [] };
    return {
      caseId: c.key,
      ...(c.evalCase.slice ? { slice: c.evalCase.slice } : {}),
      ...(c.evalCase.cluster ? { cluster: c.evalCase.cluster } : {}),
      baseline: armOutcome(entry.baseline, scoresByResult),
      candidate: armOutcome(entry.candidate, scoresByResult),
    };
  });
}
