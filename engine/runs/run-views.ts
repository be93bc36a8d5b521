import type { RunDetail, RunSummary, TargetRef } from '../../shared/domain/run.js';
import { NotFoundError } from '../errors.js';
import { runCalls } from '../gates/run-completeness.js';
import type { RunRow, Store } from '../store/index.js';

function targetRef(store: Store, id: number): TargetRef {
  const t = store.targets.get(id)!;
  return { name: t.name, model: t.target.model, fingerprint: t.fingerprint, simulated: t.simulated };
}

// A summary counts the run's results (a scan of its rows): kept per store while the database has not changed, so the
// run list and the run header of a large run are read once, not on every view.
const summaries = new WeakMap<Store, { counter: string; byRun: Map<string, RunSummary> }>();

function summarize(store: Store, run: RunRow): RunSummary {
  const counter = store.caseReview.changeCounter();
  let cache = summaries.get(store);
  if (!cache || cache.counter !== counter) summaries.set(store, (cache = { counter, byRun: new Map() }));
  const known = cache.byRun.get(run.id);
  if (known) return known;
  const summary = computeSummary(store, run);
  cache.byRun.set(run.id, summary);
  return summary;
}

function computeSummary(store: Store, run: RunRow): RunSummary {
  const suite = store.suites.get(run.suiteId)!;
  const counts = store.results.counts(run.id);
  const latest = store.gates.latest(run.id);
  const merged = store.runs.mergedShards(run.id);
  const calls = runCalls(store, run, counts.total);
  return {
    id: run.id,
    created_at: run.createdAt,
    status: run.status,
    suite: { name: suite.name, digest: suite.digest },
    baseline: targetRef(store, run.baselineTargetId),
    candidate: targetRef(store, run.candidateTargetId),
    cases: calls.cases,
    results: counts.total,
    expected_calls: calls.expectedCalls,
    missing_calls: calls.missingCalls,
    infra_errors: counts.infra,
    unreplayable_tool_calls: counts.unreplayable,
    verdict: latest?.evaluation.verdict ?? null,
    ...(run.shard ? { shard: run.shard } : {}),
    ...(merged.length ? { merged_shards: merged.length } : {}),
  };
}

/** Runs newest first, as lists show them. */
export function listRuns(store: Store, limit: number, offset: number): { runs: RunSummary[]; total: number } {
  const { runs, total } = store.runs.list(limit, offset);
  return { runs: runs.map((r) => summarize(store, r)), total };
}

/** One run with its latest gate evaluation. */
export function getRun(store: Store, runId: string): RunDetail {
  const run = store.runs.get(runId);
  if (!run) throw new NotFoundError(`no run "${runId}"`);
  const latest = store.gates.latest(runId);
  return { ...summarize(store, run), gate: latest?.evaluation ?? null, gate_evaluated_at: latest?.createdAt ?? null };
}
