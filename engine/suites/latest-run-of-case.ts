import type { CaseDetail } from '../../shared/domain/case-review.js';
import type { RunSummary } from '../../shared/domain/run.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import { getCaseDetail } from '../cases/case-detail.js';
import { getRun } from '../runs/run-views.js';
import type { Store } from '../store/index.js';

/** How many of the newest runs are searched for a case: enough for a laptop's history, bounded for a big one. */
const RUNS_SEARCHED = 200;

/** The newest run with a case and that case as the run stored it, both arms' attempts and scores included. */
export interface LatestRunOfCase {
  run: RunSummary;
  detail: CaseDetail;
}

/**
 * The keys a run may have stored a suite file's case under: its own id, and for a case drafted from traffic the id
 * a suite's traffic selection gives the same sample (`traffic-<source id>`), so a case curated from a sample finds
 * the outputs of the run that replayed that sample.
 */
export function runKeysOf(c: EvalCase, store: Store): string[] {
  const keys = [c.id];
  const p = c.provenance;
  if (p && typeof p === 'object') {
    if (p.trace_id) keys.push(`traffic-${p.trace_id}`);
    if (p.sample_id !== undefined) {
      const sample = store.traffic.browse.sample(p.sample_id);
      if (sample) keys.push(`traffic-${sample.source_id}`);
    }
  } else if (typeof p === 'string' && p.startsWith('capture:')) keys.push(`traffic-${p.slice('capture:'.length)}`);
  return [...new Set(keys)];
}

/**
 * The newest run that replayed the case, preferring runs of the suite with this name (a case id can recur in
 * unrelated suites); undefined when no run has it.
 */
export function latestRunOfCase(store: Store, suiteName: string, c: EvalCase): LatestRunOfCase | undefined {
  const keys = runKeysOf(c, store);
  const { runs } = store.runs.list(RUNS_SEARCHED, 0);
  let fallback: { runId: string; key: string } | undefined;
  for (const run of runs) {
    const key = keys.find((k) => store.caseReview.caseByKey(run.suiteId, k) !== undefined);
    if (key === undefined) continue;
    if (store.suites.get(run.suiteId)?.name === suiteName) return { run: getRun(store, run.id), detail: getCaseDetail(store, run.id, key) };
    fallback ??= { runId: run.id, key };
  }
  return fallback && { run: getRun(store, fallback.runId), detail: getCaseDetail(store, fallback.runId, fallback.key) };
}
