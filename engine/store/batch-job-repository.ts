import type { Database, Statement } from 'better-sqlite3';
import type { Arm } from '../../shared/domain/run.js';

/** A provider batch submitted for one arm of a run. */
export interface BatchJob {
  runId: string;
  arm: Arm;
  part: number;
  provider: string;
  batchId: string;
  /** 'submitted' until its results are stored, then 'collected'; 'lost' when the provider no longer knows it. */
  status: 'submitted' | 'collected' | 'lost';
  /** The provider's own status, as last seen (e.g. in_progress, completed, ended). */
  providerStatus: string;
  customIds: string[];
  createdAt: string;
}

interface RawJob {
  run_id: string;
  arm: Arm;
  part: number;
  provider: string;
  batch_id: string;
  status: BatchJob['status'];
  provider_status: string;
  custom_ids_json: string;
  created_at: string;
}

const toJob = (r: RawJob): BatchJob => ({
  runId: r.run_id, arm: r.arm, part: r.part, provider: r.provider, batchId: r.batch_id, status: r.status,
  providerStatus: r.provider_status, customIds: JSON.parse(r.custom_ids_json) as string[], createdAt: r.created_at,
});

/** The provider batches of replay runs, so an interrupted batch replay polls instead of resubmitting. */
export class BatchJobRepository {
  private readonly insertStmt: Statement;
  private readonly byRunStmt: Statement;
  private readonly statusStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO batch_jobs (run_id, arm, part, provider, batch_id, status, provider_status, custom_ids_json, created_at, updated_at)
      VALUES (?, ?, (SELECT COALESCE(MAX(part) + 1, 0) FROM batch_jobs WHERE run_id = ? AND arm = ?), ?, ?, 'submitted', ?, ?, ?, ?)
      RETURNING *`);
    this.byRunStmt = db.prepare('SELECT * FROM batch_jobs WHERE run_id = ? ORDER BY created_at, arm, part');
    this.statusStmt = db.prepare('UPDATE batch_jobs SET status = ?, provider_status = ?, updated_at = ? WHERE run_id = ? AND arm = ? AND part = ?');
  }

  /** Records a batch the provider accepted, as the arm's next part. */
  add(job: Pick<BatchJob, 'runId' | 'arm' | 'provider' | 'batchId' | 'providerStatus' | 'customIds'>): BatchJob {
    const now = new Date().toISOString();
    return toJob(this.insertStmt.get(job.runId, job.arm, job.runId, job.arm, job.provider, job.batchId, job.providerStatus, JSON.stringify(job.customIds), now, now) as RawJob);
  }

  /** Every batch of a run, oldest first. */
  byRun(runId: string): BatchJob[] {
    return (this.byRunStmt.all(runId) as RawJob[]).map(toJob);
  }

  /** Records the provider's latest status, and whether the batch's results are stored. */
  update(job: Pick<BatchJob, 'runId' | 'arm' | 'part'>, status: BatchJob['status'], providerStatus: string): void {
    this.statusStmt.run(status, providerStatus, new Date().toISOString(), job.runId, job.arm, job.part);
  }
}
