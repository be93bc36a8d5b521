import type { Shard } from '../../shared/domain/run.js';
import { InputError } from '../errors.js';
import { fingerprint } from '../hashing.js';
import { newRunId } from '../replay/run-id.js';
import { assignShards, shardLabel } from '../replay/shard.js';
import { scoreRunInTransaction } from '../scoring/score-run.js';
import { resultKey, type NewResult, type ResultRow, type Store } from '../store/index.js';
import { readShardParts, type ShardPart } from './shard-sources.js';

/** What one shard contributed to a merge. */
export interface MergedShardSummary {
  shard: Shard;
  path: string;
  runId: string;
  status: string;
  cases: number;
  results: number;
  missing: number;
}

/** The result of `mergeShardRuns`. */
export interface MergeOutcome {
  runId: string;
  /** A new merged run was created (false: the merged run of these very shard runs already existed). */
  created: boolean;
  /** Anything was written; false when these shards were merged before and nothing changed since. */
  changed: boolean;
  /** Every call of every shard has a result (an incomplete merge needs allowIncomplete). */
  complete: boolean;
  suite: { name: string; digest: string };
  repeats: number;
  shards: MergedShardSummary[];
  results: number;
  written: { inserted: number; replaced: number; removed: number };
  scored: { results: number; scores: number; failed: number } | null;
}

type Comparable = Omit<NewResult, 'runId' | 'caseId' | 'arm' | 'attempt'>;

/** Whether two results say the same thing (ids and timestamps aside). */
function sameResult(a: Comparable, b: Comparable): boolean {
  return (
    a.status === b.status && a.outputText === b.outputText && a.finishReason === b.finishReason && a.toolCallsJson === b.toolCallsJson &&
    a.error === b.error && a.latencyMs === b.latencyMs && a.promptTokens === b.promptTokens && a.completionTokens === b.completionTokens &&
    a.costUsd === b.costUsd && a.retries === b.retries && Boolean(a.cached) === Boolean(b.cached) && (a.ttftMs ?? null) === (b.ttftMs ?? null) &&
    (a.toolRounds ?? 0) === (b.toolRounds ?? 0) && (a.unreplayableToolCall ?? null) === (b.unreplayableToolCall ?? null)
  );
}

/** The suite version of the shards in the target database (copied there if missing); its case ids by case key. */
function targetSuite(target: Store, ref: ShardPart): { suiteId: number; caseIds: Map<string, number> } {
  let suiteId = target.suites.find(ref.suite.name, ref.suite.digest);
  if (suiteId === undefined) {
    const cases = ref.store.suites.allCases(ref.suite.id).map((c) => c.evalCase);
    // The digest names exactly these cases; a database whose cases do not hash to it was altered.
    if (fingerprint({ name: ref.suite.name, cases }) !== ref.suite.digest) {
      throw new InputError(`the stored cases of suite ${ref.suite.name} do not match its digest ${ref.suite.digest}`, { file: ref.path });
    }
    suiteId = target.suites.upsert(ref.suite.name, ref.suite.digest, ref.suite.sourcePath, cases);
  }
  return { suiteId, caseIds: new Map(target.suites.allCases(suiteId).map((c) => [c.key, c.id])) };
}

/** A shard's results as rows of the merged run, case ids mapped from the shard's database by case key. */
function* mappedResults(part: ShardPart, runId: string, caseIds: Map<string, number>, assigned: Map<string, number>): Generator<NewResult> {
  const keys = new Map(part.store.suites.allCases(part.suite.id).map((c) => [c.id, c.key]));
  for (const page of part.store.results.pagesByRun(part.run.id)) {
    for (const r of page) {
      const key = keys.get(r.caseId);
      const caseId = key === undefined ? undefined : caseIds.get(key);
      if (key === undefined || caseId === undefined || assigned.get(key) !== part.shard.index) {
        throw new InputError(`run ${part.run.id} (shard ${shardLabel(part.shard)}) has a result for case ${key ?? `#${r.caseId}`}, which is not a case of that shard`, { file: part.path });
      }
      const { id: _id, runId: _run, caseId: _case, ...rest } = r;
      yield { ...rest, runId, caseId };
    }
  }
}

/**
 * Combines the shard runs of one split replay, read (read-only) from the given databases or workspace folders,
 * into one run of the target database: the suite version and targets are copied if missing, case ids are mapped
 * by case key, every result is copied and the run is scored by the same scoring as a single-machine replay, so
 * it gates exactly like one. All in one transaction (a failure leaves the target unchanged). Merging the same
 * shard runs again updates that merged run to mirror them, and writes nothing if nothing changed.
 */
export function mergeShardRuns(target: Store, paths: readonly string[], opts: { cwd: string; allowIncomplete?: boolean }): MergeOutcome {
  const { parts, close } = readShardParts(paths, opts);
  try {
    const ref = parts[0]!;
    const complete = parts.every((p) => p.missing === 0);
    const sources = parts.map((p) => ({ shard: p.shard, sourceRunId: p.run.id }));
    return target.db.transaction((): MergeOutcome => {
      const { suiteId, caseIds } = targetSuite(target, ref);
      const assigned = assignShards(target.suites.activeCases(suiteId).map((c) => c.key), ref.shard.count);
      const baselineId = target.targets.upsert(ref.targets.baseline.name, ref.targets.baseline.fingerprint, ref.targets.baseline.target, ref.targets.baseline.simulated);
      const candidateId = target.targets.upsert(ref.targets.candidate.name, ref.targets.candidate.fingerprint, ref.targets.candidate.target, ref.targets.candidate.simulated);
      const existing = target.runs.findMerged(sources);
      const run = existing ?? target.runs.create(newRunId(), suiteId, baselineId, candidateId, ref.run.repeats);
      const before = new Map<string, ResultRow>(existing ? target.results.byRun(run.id).map((r) => [resultKey(r.caseId, r.arm, r.attempt), r]) : []);
      const written = { inserted: 0, replaced: 0, removed: 0 };
      const flush = (rows: NewResult[], stale: NewResult[]) => {
        if (stale.length) written.replaced += target.results.deleteMany(run.id, stale);
        target.results.insertMany(rows);
        rows.length = 0;
        stale.length = 0;
      };
      let total = 0;
      for (const part of parts) {
        const rows: NewResult[] = [];
        const stale: NewResult[] = [];
        for (const row of mappedResults(part, run.id, caseIds, assigned)) {
          total++;
          const key = resultKey(row.caseId, row.arm, row.attempt);
          const old = before.get(key);
          before.delete(key);
          if (old && sameResult(old, row)) continue;
          if (old) stale.push(row);
          else written.inserted++;
          rows.push(row);
          if (rows.length >= 2000) flush(rows, stale);
        }
        flush(rows, stale);
      }
      // What the merged run still holds that no shard has any more (a shard resumed with --retry-infra-errors).
      written.removed = before.size ? target.results.deleteMany(run.id, [...before.values()]) : 0;
      const changed = !existing || written.inserted + written.replaced + written.removed > 0;
      let scored: MergeOutcome['scored'] = null;
      if (changed) {
        target.runs.setMergedShards(run.id, parts.map((p) => ({ shard: p.shard, sourceRunId: p.run.id, sourcePath: p.databaseFile, results: p.results })));
        scored = scoreRunInTransaction(target, run.id);
        target.runs.setStatus(run.id, complete ? 'completed' : 'interrupted');
      }
      return {
        runId: run.id,
        created: !existing,
        changed,
        complete,
        suite: { name: ref.suite.name, digest: ref.suite.digest },
        repeats: ref.run.repeats,
        shards: parts.map((p) => ({ shard: p.shard, path: p.path, runId: p.run.id, status: p.run.status, cases: p.cases, results: p.results, missing: p.missing })),
        results: total,
        written,
        scored,
      };
    })();
  } finally {
    close();
  }
}
