import type { Arm } from '../../shared/domain/run.js';
import type { ArmOutcome, CaseOutcome } from '../../shared/gates/case-outcome.js';
import { needsScorerType, selectorsOfMetrics, selects, type MetricSelector } from '../../shared/gates/metric-selector.js';
import type { CaseLabels, OutcomeResult, OutcomeScore } from '../store/case-review-repository.js';
import type { ResultRow, ScoreRow, Store } from '../store/index.js';

export type { CaseLabels, OutcomeResult, OutcomeScore } from '../store/case-review-repository.js';

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Mean over attempts of a per-attempt indicator; null when no attempt has the scores it needs. */
function meanOf(attempts: readonly OutcomeScore[][], applies: (s: OutcomeScore) => boolean, indicator: (scores: OutcomeScore[]) => number): number | null {
  const values: number[] = [];
  for (const scores of attempts) {
    const relevant = scores.filter(applies);
    if (relevant.length) values.push(indicator(relevant));
  }
  return mean(values);
}

/** True when an attempt has an answer to judge: it did not fail at the infrastructure level nor stop at an unreplayable tool call. */
export function isJudgedAttempt(r: Pick<OutcomeResult, 'status' | 'unreplayable'>): boolean {
  return r.status === 'ok' && !r.unreplayable;
}

/**
 * The records of the common value combinations (each selector's share 0, 1 or null: one attempt per arm, or a case
 * it does not apply to), per selector list, shared by every arm that has them: a record per arm of a 100,000-case
 * run would keep ~11 MB. Frozen, since many outcomes hold the same one.
 */
const sharedRecords = new WeakMap<readonly MetricSelector[], (Readonly<Record<string, number | null>> | undefined)[]>();
/** Past this many selectors the 3^k table of shared records is not worth it. */
const MAX_SHARED_SELECTORS = 6;

function selectorRecord(selectors: readonly MetricSelector[], values: readonly (number | null)[]): Readonly<Record<string, number | null>> {
  const build = () => {
    const out: Record<string, number | null> = {};
    selectors.forEach((sel, i) => (out[sel.metric] = values[i]!));
    return out;
  };
  if (selectors.length > MAX_SHARED_SELECTORS) return build();
  let code = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    const digit = v === null ? 0 : v === 0 ? 1 : v === 1 ? 2 : -1;
    if (digit < 0) return build();
    code = code * 3 + digit;
  }
  let table = sharedRecords.get(selectors);
  if (!table) sharedRecords.set(selectors, (table = []));
  return (table[code] ??= Object.freeze(build()));
}

/** Each selector's failure share over the judged attempts: "some selected score failed", null with none selected. */
function selectorFailuresOf(attempts: readonly OutcomeScore[][], selectors: readonly MetricSelector[]): Readonly<Record<string, number | null>> {
  const values: (number | null)[] = [];
  for (const sel of selectors) {
    // meanOf's computation without its per-attempt arrays: this runs per selector for every arm of a large run.
    let failed = 0;
    let judged = 0;
    for (const scores of attempts) {
      let selected = false;
      let fails = false;
      for (const s of scores) {
        if (!selects(sel, s)) continue;
        selected = true;
        if (!s.passed) {
          fails = true;
          break;
        }
      }
      if (selected) {
        judged++;
        if (fails) failed++;
      }
    }
    values.push(judged ? failed / judged : null);
  }
  return selectorRecord(selectors, values);
}

function armOutcome(results: readonly OutcomeResult[], scoresByResult: ReadonlyMap<number, OutcomeScore[]>, selectors: readonly MetricSelector[]): ArmOutcome | null {
  if (results.length === 0) return null;
  // An attempt stopped at an unreplayable tool call has no answer: like an infra error, it is not judged.
  const ok = results.filter(isJudgedAttempt);
  const attempts = ok.map((r) => scoresByResult.get(r.id) ?? []);
  const allPassed = (s: OutcomeScore[]) => (s.every((x) => x.passed) ? 1 : 0);
  const unreplayable = ok.length === 0 && results.some((r) => r.status === 'ok' && r.unreplayable);
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
    // Only the metrics some gate selects: a map per case of every scorer would weigh on a 100,000-case run.
    ...(selectors.length ? { selectorFailures: selectorFailuresOf(attempts, selectors) } : {}),
  };
}

/** One active case of a run with its results per arm, the scores of those results, and the outcome gates see. */
export interface CaseEvidence {
  labels: CaseLabels;
  results: Record<Arm, OutcomeResult[]>;
  scoresByResult: ReadonlyMap<number, OutcomeScore[]>;
  outcome: CaseOutcome;
}

function groupScores(scores: Iterable<OutcomeScore>): Map<number, OutcomeScore[]> {
  const byResult = new Map<number, OutcomeScore[]>();
  for (const s of scores) {
    const list = byResult.get(s.resultId);
    if (list) list.push(s);
    else byResult.set(s.resultId, [s]);
  }
  return byResult;
}

/**
 * The selector metrics (scorer:, expectation:, category:) of the run's latest evaluation: what its gate table and
 * the case views of its gates read when no policy is at hand. Empty when the run has not been gated.
 */
export function selectorsOfLatestEvaluation(store: Store, runId: string): MetricSelector[] {
  const latest = store.gates.latest(runId);
  return latest ? selectorsOfMetrics(latest.evaluation.gates.map((g) => g.metric)) : [];
}

/**
 * Visits every active case of a run, in suite order, with its results, scores and outcome. The one code path behind
 * gate evaluation ({@link caseOutcomes}) and the case review index, so that what a case list says a gate used is
 * what the gate used. Reads slim rows (no answers, errors or score details): a run's outcomes read all of them.
 * `selectors` are the selector metrics to compute per arm (a policy's: selectorsOfPolicy); by default those of the
 * run's latest evaluation, so the case views of its gates see the values the gates saw.
 */
export function forEachCaseEvidence(
  store: Store,
  runId: string,
  visit: (evidence: CaseEvidence) => void,
  selectors: readonly MetricSelector[] = selectorsOfLatestEvaluation(store, runId),
): void {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const scoresByResult = groupScores(store.caseReview.outcomeScores(runId, { scorerType: needsScorerType(selectors) }));
  const byCase = new Map<number, Record<Arm, OutcomeResult[]>>();
  for (const r of store.caseReview.outcomeResults(runId)) {
    let entry = byCase.get(r.caseId);
    if (!entry) byCase.set(r.caseId, (entry = { baseline: [], candidate: [] }));
    entry[r.arm].push(r);
  }
  for (const labels of store.caseReview.activeCaseLabels(run.suiteId)) {
    const results = byCase.get(labels.id) ?? { baseline: [], candidate: [] };
    visit({ labels, results, scoresByResult, outcome: outcomeOf(labels, results, scoresByResult, selectors) });
  }
}

/**
 * What each case of a run showed in each arm, the input of gate evaluation; `selectors` as in
 * {@link forEachCaseEvidence} (pass a policy's selectorsOfPolicy when gating with it).
 */
export function caseOutcomes(store: Store, runId: string, selectors?: readonly MetricSelector[]): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  forEachCaseEvidence(store, runId, (e) => out.push(e.outcome), selectors);
  return out;
}

/** A stored result as outcomes read it. */
export function outcomeResult(r: ResultRow): OutcomeResult {
  return { id: r.id, caseId: r.caseId, arm: r.arm, status: r.status, unreplayable: Boolean(r.unreplayableToolCall), latencyMs: r.latencyMs, costUsd: r.costUsd };
}

/**
 * The outcome of one case from its own results and scores — the same computation as {@link caseOutcomes}, for a
 * view of a single case that must not read the whole run.
 */
export function singleCaseOutcome(labels: Omit<CaseLabels, 'id'>, results: Record<Arm, ResultRow[]>, scores: readonly ScoreRow[], selectors: readonly MetricSelector[] = []): CaseOutcome {
  const slim = { baseline: results.baseline.map(outcomeResult), candidate: results.candidate.map(outcomeResult) };
  // A score its scorer could not decide (a judge or scorer error) is not a verdict on the model.
  return outcomeOf(labels, slim, groupScores(scores.filter((s) => s.error === undefined)), selectors);
}

function outcomeOf(c: Omit<CaseLabels, 'id'>, results: Record<Arm, OutcomeResult[]>, scoresByResult: ReadonlyMap<number, OutcomeScore[]>, selectors: readonly MetricSelector[]): CaseOutcome {
  return {
    caseId: c.key,
    // The cases table keeps a case's slice and cluster as its JSON has them (null for absent).
    ...(c.slice ? { slice: c.slice } : {}),
    ...(c.cluster ? { cluster: c.cluster } : {}),
    baseline: armOutcome(results.baseline, scoresByResult, selectors),
    candidate: armOutcome(results.candidate, scoresByResult, selectors),
  };
}
