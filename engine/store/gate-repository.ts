import type { Database, Statement } from 'better-sqlite3';
import type { GateEvaluation } from '../../shared/domain/gate-result.js';

/** Stored gate evaluations; the newest per run is what the UI shows. */
export class GateRepository {
  private readonly insertStmt: Statement;
  private readonly latestStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO gate_evaluations (run_id, policy_name, policy_digest, verdict, evaluation_json, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.latestStmt = db.prepare('SELECT id, evaluation_json, created_at FROM gate_evaluations WHERE run_id = ? ORDER BY id DESC LIMIT 1');
  }

  /** Stores one evaluation; returns its id. */
  insert(runId: string, evaluation: GateEvaluation): number {
    return Number(
      this.insertStmt.run(runId, evaluation.policy.name, evaluation.policy.digest, evaluation.verdict, JSON.stringify(evaluation), new Date().toISOString()).lastInsertRowid,
    );
  }

  /** The newest evaluation of a run, or undefined. */
  latest(runId: string): { id: number; evaluation: GateEvaluation; createdAt: string } | undefined {
    const r = this.latestStmt.get(runId) as { id: number; evaluation_json: string; created_at: string } | undefined;
    return r && { id: r.id, evaluation: JSON.parse(r.evaluation_json) as GateEvaluation, createdAt: r.created_at };
  }
}
