import type { Database, Statement } from 'better-sqlite3';
import type { Arm } from '../../shared/domain/run.js';

/**
 * The latency and cost values of a run's answered attempts (status ok, not stopped at an unreplayable tool call),
 * sorted, read from the covering indexes of migration 013 so a 100,000-case run is read without touching its rows.
 */
export class RunDistributionRepository {
  private readonly latencyStmt: Statement;
  private readonly costStmt: Statement;

  constructor(db: Database) {
    this.latencyStmt = db
      .prepare(`SELECT latency_ms FROM results INDEXED BY results_ok_latency WHERE run_id = ? AND arm = ? AND status = 'ok' AND unreplayable_tool_call IS NULL
        AND latency_ms IS NOT NULL ORDER BY latency_ms`)
      .pluck();
    this.costStmt = db
      .prepare(`SELECT cost_usd FROM results INDEXED BY results_ok_cost WHERE run_id = ? AND arm = ? AND status = 'ok' AND unreplayable_tool_call IS NULL
        AND cost_usd IS NOT NULL ORDER BY cost_usd`)
      .pluck();
  }

  /** An arm's latencies in ms, ascending. */
  sortedLatencies(runId: string, arm: Arm): number[] {
    return this.latencyStmt.all(runId, arm) as number[];
  }

  /** An arm's costs in USD, ascending. */
  sortedCosts(runId: string, arm: Arm): number[] {
    return this.costStmt.all(runId, arm) as number[];
  }
}
