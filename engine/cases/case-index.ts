import type { ArmSummary } from '../../shared/domain/case-review.js';
import type { GateEvaluation } from '../../shared/domain/gate-result.js';
import { failureCategories, type FailureCategory, type Severity } from '../../shared/domain/scorer-spec.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { ArmOutcome, CaseOutcome } from '../../shared/gates/case-outcome.js';
import { forEachCaseEvidence, isJudgedAttempt, type OutcomeResult, type OutcomeScore } from '../gates/case-outcomes.js';
import type { Store } from '../store/index.js';
import { gateView, type GateShape, type GateView } from './gate-view.js';

/** How many characters of the last user message a case row shows. */
export const PREVIEW_CHARS = 160;

/** One arm of an indexed case: what its row shows and its filters read. */
export interface IndexedArm {
  status: ArmSummary['status'];
  passed: number | null;
  latencyMs: number | null;
  costUsd: number | null;
  /** Ids (in CaseIndex.names) of the expectations that failed in at least one judged attempt. */
  failed: number[];
}

/** One case of the run, compact: everything the case list filters, counts, sorts and shows. */
export interface IndexedCase {
  /** The case's database id. */
  id: number;
  key: string;
  /** Id in CaseIndex.slices, or -1 without a slice. */
  slice: number;
  /** Ids in CaseIndex.tags. */
  tags: number[];
  severity: Severity;
  origin: EvalCase['origin'];
  preview: string;
  baseline: IndexedArm;
  candidate: IndexedArm;
  /** Expectation ids failed in either arm. */
  failed: number[];
  /** Bit i set: a failure of failureCategories[i] in either arm. */
  categories: number;
  /** An attempt of either arm failed at the infrastructure level. */
  infra: boolean;
  /** An attempt of either arm stopped at a tool call no recorded result matched. */
  unreplayable: boolean;
  latencyRatio: number | null;
  costRatio: number | null;
}

/** A run's cases in suite order, with the dictionaries their ids point into and the views of its gates. */
export interface CaseIndex {
  runId: string;
  suiteId: number;
  /** The state of the run this index was built from (CaseReviewRepository.runState). */
  state: string;
  cases: IndexedCase[];
  /** The outcomes the gates see, by position. */
  outcomes: CaseOutcome[];
  slices: string[];
  tags: string[];
  names: string[];
  positionOf: Map<string, number>;
  positionOfId: Map<number, number>;
  /** The run's latest gate evaluation when the index was built. */
  evaluation: GateEvaluation | null;
  /** Gate views by gate name ('' = task success without a gate), built on first use. */
  views: Map<string, GateView>;
  /** Sort orders by key, built on first use. */
  orders: Map<string, Int32Array>;
  /** Recent full-text searches: query → 1 per matching position. */
  searches: Map<string, Uint8Array>;
}

/** A dictionary of strings to small ids. */
class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.values.push(value) - 1));
    return id;
  }
}

const categoryBit = new Map<FailureCategory, number>(failureCategories.map((c, i) => [c, 1 << i]));

/** The last user message on one line, shortened: enough to recognise a case in a list. */
export function casePreview(lastUserText: string | null): string {
  const text = (lastUserText ?? '').replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

function armStatus(outcome: ArmOutcome | null): ArmSummary['status'] {
  if (outcome === null) return 'missing';
  if (outcome.unreplayableToolCall) return 'unreplayable';
  return outcome.infraError ? 'infra_error' : 'ok';
}

const ratio = (candidate: number | null, baseline: number | null): number | null =>
  candidate === null || baseline === null || baseline === 0 ? null : candidate / baseline;

/**
 * Builds the case index of a run from the gates' own per-case evidence (forEachCaseEvidence): the outcomes gate
 * views are computed from are the ones gate evaluation reads.
 */
export function buildCaseIndex(store: Store, runId: string, state: string): CaseIndex {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const slices = new Dictionary();
  const tags = new Dictionary();
  const names = new Dictionary();
  const cases: IndexedCase[] = [];
  const outcomes: CaseOutcome[] = [];
  const listings = store.caseReview.activeCaseListings(run.suiteId);
  let k = 0;
  forEachCaseEvidence(store, runId, ({ labels, results, scoresByResult, outcome }) => {
    const listing = listings[k++];
    // Both lists are the suite's active cases in id order; anything else is a concurrent change of the suite.
    if (listing?.id !== labels.id) throw new Error(`the cases of run ${runId} changed while its case index was built; try again`);
    const arms = { baseline: indexArm(results.baseline, outcome.baseline, scoresByResult, names), candidate: indexArm(results.candidate, outcome.candidate, scoresByResult, names) };
    const failed = [...new Set([...arms.baseline.arm.failed, ...arms.candidate.arm.failed])];
    cases.push({
      id: labels.id,
      key: labels.key,
      slice: labels.slice ? slices.id(labels.slice) : -1,
      tags: [...new Set(listing.tags.map((t) => tags.id(t)))],
      severity: listing.severity,
      origin: listing.origin,
      preview: casePreview(listing.lastUserText),
      baseline: arms.baseline.arm,
      candidate: arms.candidate.arm,
      failed,
      categories: arms.baseline.categories | arms.candidate.categories,
      infra: arms.baseline.infra || arms.candidate.infra,
      unreplayable: arms.baseline.unreplayable || arms.candidate.unreplayable,
      latencyRatio: ratio(arms.candidate.arm.latencyMs, arms.baseline.arm.latencyMs),
      costRatio: ratio(arms.candidate.arm.costUsd, arms.baseline.arm.costUsd),
    });
    outcomes.push(outcome);
  });
  return {
    runId,
    suiteId: run.suiteId,
    state,
    cases,
    outcomes,
    slices: slices.values,
    tags: tags.values,
    names: names.values,
    positionOf: new Map(cases.map((c, i) => [c.key, i])),
    positionOfId: new Map(cases.map((c, i) => [c.id, i])),
    evaluation: store.gates.latest(runId)?.evaluation ?? null,
    views: new Map(),
    orders: new Map(),
    searches: new Map(),
  };
}

function indexArm(
  results: readonly OutcomeResult[],
  outcome: ArmOutcome | null,
  scoresByResult: ReadonlyMap<number, OutcomeScore[]>,
  names: Dictionary,
): { arm: IndexedArm; categories: number; infra: boolean; unreplayable: boolean } {
  const failed = new Set<number>();
  let categories = 0;
  for (const r of results) {
    if (!isJudgedAttempt(r)) continue;
    for (const s of scoresByResult.get(r.id) ?? []) {
      if (s.passed) continue;
      failed.add(names.id(s.name));
      categories |= categoryBit.get(s.category) ?? 0;
    }
  }
  return {
    arm: { status: armStatus(outcome), passed: outcome?.taskSuccess ?? null, latencyMs: outcome?.latencyMs ?? null, costUsd: outcome?.costUsd ?? null, failed: [...failed] },
    categories,
    infra: results.some((r) => r.status === 'infra_error'),
    unreplayable: results.some((r) => r.status === 'ok' && r.unreplayable),
  };
}

/** The view of a gate of the index's evaluation by name, or of task success for ''; undefined for an unknown gate. */
export function viewOf(index: CaseIndex, gateName: string): GateView | undefined {
  const known = index.views.get(gateName);
  if (known) return known;
  let shape: GateShape | undefined;
  if (gateName === '') shape = { kind: 'paired_proportion', metric: 'task_success' };
  else shape = index.evaluation?.gates.find((g) => g.name === gateName);
  if (!shape) return undefined;
  const view = gateView(shape, index.outcomes, index.positionOf);
  index.views.set(gateName, view);
  return view;
}
