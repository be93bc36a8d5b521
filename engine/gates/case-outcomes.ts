import type { Arm } from '../../shared/domain/run.js';
import type { ArmOutcome, CaseOutcome } from '../../shared/gates/case-outcome.js';
import type { ResultRow, ScoreRow, Store, StoredCase } from '../store/index.js';

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

/** True when an attempt has an answer to judge: it did not fail at the infrastructure level nor stop at an unreplayable tool call. */
export function isJudgedAttempt(r: Pick<ResultRow, 'status' | 'unreplayableToolCall'>): boolean {
  return r.status === 'ok' && !r.unreplayableToolCall;
}

function armOutcome(results: readonly ResultRow[], scoresByResult: ReadonlyMap<number, ScoreRow[]>): ArmOutcome | null {
  if (results.length === 0) return null;
  // An attempt stopped at an unreplayable tool call has no answer: like an infra error, it is not judged.
  const ok = results.filter(isJudgedAttempt);
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

/** One active case of a run with its stored results per arm, the scores of those results, and the outcome gates see. */
export interface CaseEvidence {
  storedCase: StoredCase;
  results: Record<Arm, ResultRow[]>;
  scoresByResult: ReadonlyMap<number, ScoreRow[]>;
  outcome: CaseOutcome;
}

/**
 * Visits every active case of a run, in suite order, with its results, scores and outcome. The one code path behind
 * gate evaluation ({@link caseOutcomes}) and the case review index, so that what a case list says a gate used is
 * what the gate used.
 */
export function forEachCaseEvidence(store: Store, runId: string, visit: (evidence: CaseEvidence) => void): void {
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
  for (const c of store.suites.activeCases(run.suiteId)) {
    const results = byCase.get(c.id) ?? { baseline: [], candidate: [] };
    const { slice, cluster } = c.evalCase;
    visit({ storedCase: c, results, scoresByResult, outcome: outcomeOf({ key: c.key, slice, cluster }, results, scoresByResult) });
  }
}

/** What each case of a run showed in each arm, the input of gate evaluation. */
export function caseOutcomes(store: Store, runId: string): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  forEachCaseEvidence(store, runId, (e) => out.push(e.outcome));
  return out;
}

/**
 * The outcome of one case from its own results and scores — the same computation as {@link caseOutcomes}, for a
 * view of a single case that must not read the whole run.
 */
export function singleCaseOutcome(storedCase: CaseLabels, results: Record<Arm, ResultRow[]>, scores: readonly ScoreRow[]): CaseOutcome {
  const scoresByResult = new Map<number, ScoreRow[]>();
  for (const s of scores) {
    const list = scoresByResult.get(s.resultId);
    if (list) list.push(s);
    else scoresByResult.set(s.resultId, [s]);
  }
  return outcomeOf(storedCase, results, scoresByResult);
}

type CaseLabels = { key: string; slice?: string | undefined; cluster?: string | undefined };

function outcomeOf(c: CaseLabels, results: Record<Arm, ResultRow[]>, scoresByResult: ReadonlyMap<number, ScoreRow[]>): CaseOutcome {
  return {
    caseId: c.key,
    ...(c.slice ? { slice: c.slice } : {}),
    ...(c.cluster ? { cluster: c.cluster } : {}),
    baseline: armOutcome(results.baseline, scoresByResult),
    candidate: armOutcome(results.candidate, scoresByResult),
  };
}
