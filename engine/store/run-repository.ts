import type { Database, Statement } from 'better-sqlite3';
import type { RunStatus, Shard } from '../../shared/domain/run.js';

export interface RunRow {
  id: string;
  suiteId: number;
  baselineTargetId: number;
  candidateTargetId: number;
  repeats: number;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  /** Shard i of n of a split replay, or null for a whole run (including a merged one). */
  shard: Shard | null;
}

/** One shard run a merged run was combined from. */
export interface MergedShard {
  shard: Shard;
  sourceRunId: string;
  sourcePath: string;
  results: number;
}

interface RawRun {
  id: string;
  suite_id: number;
  baseline_target_id: number;
  candidate_target_id: number;
  repeats: number;
  status: RunStatus;
  created_at: string;
  updated_at: string;
  shard_index: number | null;
  shard_count: number | null;
}

const toRun = (r: RawRun): RunRow => ({
  id: r.id,
  suiteId: r.suite_id,
  baselineTargetId: r.baseline_target_id,
  candidateTargetId: r.candidate_target_id,
  repeats: r.repeats,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  shard: r.shard_index !== null && r.shard_count !== null ? { index: r.shard_index, count: r.shard_count } : null,
});

/** Replay runs: one suite version against a baseline and a candidate target. */
export class RunRepository {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement;
  private readonly listStmt: Statement;
  private readonly countStmt: Statement;
  private readonly statusStmt: Statement;
  private readonly resumableStmt: Statement;
  private readonly shardRunsStmt: Statement;
  private readonly insertMergedStmt: Statement;
  private readonly deleteMergedStmt: Statement;
  private readonly discardStmt: Statement;
  private readonly mergedStmt: Statement;
  private readonly mergedCandidatesStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO runs (id, suite_id, baseline_target_id, candidate_target_id, repeats, status, created_at, updated_at, shard_index, shard_count)
      VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`);
    this.getStmt = db.prepare('SELECT * FROM runs WHERE id = ?');
    this.listStmt = db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?');
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM runs');
    this.statusStmt = db.prepare('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?');
    this.resumableStmt = db.prepare(`SELECT * FROM runs WHERE suite_id = ? AND baseline_target_id = ? AND candidate_target_id = ? AND repeats = ?
      AND shard_index IS ? AND shard_count IS ? AND id NOT IN (SELECT run_id FROM merged_shards)
      AND status IN ('pending', 'running', 'interrupted', 'failed') ORDER BY created_at DESC LIMIT 1`);
    this.shardRunsStmt = db.prepare('SELECT * FROM runs WHERE shard_count IS NOT NULL ORDER BY created_at DESC, id DESC');
    this.insertMergedStmt = db.prepare(`INSERT INTO merged_shards (run_id, shard_index, shard_count, source_run_id, source_path, results)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.deleteMergedStmt = db.prepare('DELETE FROM merged_shards WHERE run_id = ?');
    this.discardStmt = db.prepare(`DELETE FROM runs WHERE id = ?
      AND NOT EXISTS (SELECT 1 FROM batch_jobs WHERE run_id = ?) AND NOT EXISTS (SELECT 1 FROM merged_shards WHERE run_id = ?)`);
    this.mergedStmt = db.prepare('SELECT * FROM merged_shards WHERE run_id = ? ORDER BY shard_index');
    this.mergedCandidatesStmt = db.prepare('SELECT run_id FROM merged_shards WHERE source_run_id = ? AND shard_index = ? AND shard_count = ?');
  }

  /** Creates a run in status pending; a shard run is shard i of n of a split replay. */
  create(id: string, suiteId: number, baselineTargetId: number, candidateTargetId: number, repeats: number, shard: Shard | null = null): RunRow {
    const now = new Date().toISOString();
    this.insertStmt.run(id, suiteId, baselineTargetId, candidateTargetId, repeats, now, now, shard?.index ?? null, shard?.count ?? null);
    return this.get(id)!;
  }

  /** One run, or undefined. */
  /**
   * Deletes a run with its results and scores (the response cache keeps the answers it paid for), unless batches were
   * submitted for it (their results still have to be collected) or it was merged; whether it did.
   */
  discard(id: string): boolean {
    return this.discardStmt.run(id, id, id).changes > 0;
  }

  get(id: string): RunRow | undefined {
    const r = this.getStmt.get(id) as RawRun | undefined;
    return r && toRun(r);
  }

  /** Newest first, paged. */
  list(limit: number, offset: number): { runs: RunRow[]; total: number } {
    return {
      runs: (this.listStmt.all(limit, offset) as RawRun[]).map(toRun),
      total: (this.countStmt.get() as { n: number }).n,
    };
  }

  /** Sets a run's status. */
  setStatus(id: string, status: RunStatus): void {
    this.statusStmt.run(status, new Date().toISOString(), id);
  }

  /**
   * The newest unfinished run with exactly this suite, these targets, repeats and shard (null: a whole run), to
   * resume instead of starting over. A merged run is never resumed here: it mirrors its shard runs, so it is
   * completed by resuming those and merging again.
   */
  findResumable(suiteId: number, baselineTargetId: number, candidateTargetId: number, repeats: number, shard: Shard | null = null): RunRow | undefined {
    const r = this.resumableStmt.get(suiteId, baselineTargetId, candidateTargetId, repeats, shard?.index ?? null, shard?.count ?? null) as RawRun | undefined;
    return r && toRun(r);
  }

  /** Every shard run, newest first. */
  shardRuns(): RunRow[] {
    return (this.shardRunsStmt.all() as RawRun[]).map(toRun);
  }

  /** Records (replacing) the shard runs a merged run was combined from. */
  setMergedShards(runId: string, shards: readonly MergedShard[]): void {
    this.db.transaction(() => {
      this.deleteMergedStmt.run(runId);
      for (const s of shards) this.insertMergedStmt.run(runId, s.shard.index, s.shard.count, s.sourceRunId, s.sourcePath, s.results);
    })();
  }

  /** The shard runs a merged run was combined from, by shard index; empty for any other run. */
  mergedShards(runId: string): MergedShard[] {
    const rows = this.mergedStmt.all(runId) as { shard_index: number; shard_count: number; source_run_id: string; source_path: string; results: number }[];
    return rows.map((r) => ({ shard: { index: r.shard_index, count: r.shard_count }, sourceRunId: r.source_run_id, sourcePath: r.source_path, results: r.results }));
  }

  /** The merged run combined from exactly these shard runs (one per shard index), if there is one. */
  findMerged(sources: readonly { shard: Shard; sourceRunId: string }[]): RunRow | undefined {
    const first = sources[0];
    if (!first) return undefined;
    const want = new Set(sources.map((s) => `${s.shard.index}/${s.shard.count}:${s.sourceRunId}`));
    for (const { run_id } of this.mergedCandidatesStmt.all(first.sourceRunId, first.shard.index, first.shard.count) as { run_id: string }[]) {
      const have = this.mergedShards(run_id).map((s) => `${s.shard.index}/${s.shard.count}:${s.sourceRunId}`);
      if (have.length === want.size && have.every((k) => want.has(k))) return this.get(run_id);
    }
    return undefined;
  }
}
