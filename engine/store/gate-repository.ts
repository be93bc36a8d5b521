import type { Database, Statement } from 'better-sqlite3';
import type { GateEvaluation } from '../../shared/domain/gate-result.js';

/** One stored gate evaluation. */
export interface StoredGateEvaluation {
  id: number;
  evaluation: GateEvaluation;
  createdAt: string;
  /** The exact YAML text of the policy it was decided with; null for evaluations stored before it was kept. */
  policyText: string | null;
}

interface RawEvaluation {
  id: number;
  evaluation_json: string;
  created_at: string;
  policy_text: string | null;
}

const toStored = (r: RawEvaluation): StoredGateEvaluation => ({
  id: r.id,
  evaluation: JSON.parse(r.evaluation_json) as GateEvaluation,
  createdAt: r.created_at,
  policyText: r.policy_text,
});

/** Stored gate evaluations; the newest per run is what the UI shows. */
export class GateRepository {
  private readonly insertStmt: Statement;
  private readonly latestStmt: Statement;
  private readonly slicesStmt: Statement;
  private readonly storeSlicesStmt: Statement;
  private readonly resultsStateStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO gate_evaluations (run_id, policy_name, policy_digest, verdict, evaluation_json, created_at, policy_text)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.latestStmt = db.prepare('SELECT id, evaluation_json, created_at, policy_text FROM gate_evaluations WHERE run_id = ? ORDER BY id DESC LIMIT 1');
    this.slicesStmt = db.prepare('SELECT slices_json FROM gate_slice_results WHERE gate_evaluation_id = ? AND results_key = ?');
    this.resultsStateStmt = db.prepare(`SELECT COUNT(*) AS total, COALESCE(SUM(status = 'infra_error'), 0) AS infra, COALESCE(MAX(id), 0) AS newest
      FROM results WHERE run_id = ?`);
    this.storeSlicesStmt = db.prepare(`INSERT INTO gate_slice_results (gate_evaluation_id, results_key, slices_json, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (gate_evaluation_id) DO UPDATE SET results_key = excluded.results_key, slices_json = excluded.slices_json, created_at = excluded.created_at`);
  }

  /**
   * Stores one evaluation; returns its id. policyText is the policy file's exact text (what its digest covers), kept
   * so views can evaluate the same policy again on parts of the run (its slices).
   */
  insert(runId: string, evaluation: GateEvaluation, policyText: string | null = null): number {
    return Number(
      this.insertStmt.run(runId, evaluation.policy.name, evaluation.policy.digest, evaluation.verdict, JSON.stringify(evaluation), new Date().toISOString(), policyText)
        .lastInsertRowid,
    );
  }

  /** The newest evaluation of a run, or undefined. */
  latest(runId: string): StoredGateEvaluation | undefined {
    const r = this.latestStmt.get(runId) as RawEvaluation | undefined;
    return r && toStored(r);
  }

  /** The slice results stored for an evaluation when computed on these results (resultsKey), as stored JSON; or undefined. */
  slicesJson(evaluationId: number, resultsKey: string): string | undefined {
    const r = this.slicesStmt.get(evaluationId, resultsKey) as { slices_json: string } | undefined;
    return r?.slices_json;
  }

  /** Stores (replacing) an evaluation's slice results, computed on the results resultsKey names. */
  storeSlicesJson(evaluationId: number, resultsKey: string, slicesJson: string): void {
    this.storeSlicesStmt.run(evaluationId, resultsKey, slicesJson, new Date().toISOString());
  }

  /**
   * Which results of a run derived views were computed on: their count, infra errors and newest row. A resumed run
   * (new rows) or a retried infra error (deleted and answered again) changes it.
   */
  resultsState(runId: string): { results: number; key: string } {
    const r = this.resultsStateStmt.get(runId) as { total: number; infra: number; newest: number };
    return { results: r.total, key: `${r.total}/${r.infra}/${r.newest}` };
  }
}
