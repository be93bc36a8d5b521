import type { Shard } from '../../shared/domain/run.js';
import type { RunRow, Store } from '../store/index.js';
import { resolveSuite, type ResolvedSuite } from '../suites/load-suite.js';
import type { ResolvedTarget } from '../targets/resolve-target.js';
import { newRunId } from './run-id.js';

/** A run ready to replay, and whether it continues an interrupted one. */
export interface PreparedRun {
  run: RunRow;
  resumed: boolean;
  suite: ResolvedSuite;
}

/**
 * Stores the suite version and both targets, then finds the unfinished run with exactly this suite digest,
 * these target fingerprints, repeats and shard (to resume it) or creates a new one.
 */
export function prepareRun(
  store: Store,
  opts: { suiteFile: string; suiteSource: string; baseline: ResolvedTarget; candidate: ResolvedTarget; repeats: number; forceNew?: boolean; shard?: Shard | null },
): PreparedRun {
  const shard = opts.shard ?? null;
  const suite = resolveSuite(opts.suiteFile, store);
  const suiteId = store.suites.upsert(suite.name, suite.digest, opts.suiteSource, suite.cases);
  const baselineId = store.targets.upsert(opts.baseline.name, opts.baseline.fingerprint, opts.baseline.target, opts.baseline.simulated);
  const candidateId = store.targets.upsert(opts.candidate.name, opts.candidate.fingerprint, opts.candidate.target, opts.candidate.simulated);
  const existing = opts.forceNew ? undefined : store.runs.findResumable(suiteId, baselineId, candidateId, opts.repeats, shard);
  if (existing) return { run: existing, resumed: true, suite };
  return { run: store.runs.create(newRunId(), suiteId, baselineId, candidateId, opts.repeats, shard), resumed: false, suite };
}
