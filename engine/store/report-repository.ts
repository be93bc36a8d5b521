import type { Database, Statement } from 'better-sqlite3';
import type { Verdict } from '../../shared/domain/gate-result.js';

/** One recorded export, with the verdict of the evaluation it reported. */
export interface StoredReport {
  id: number;
  runId: string;
  gateEvaluationId: number;
  reportSha256: string;
  manifestSha256: string;
  outDir: string;
  signed: boolean;
  createdAt: string;
  /** The linked gate evaluation's verdict; null if that evaluation is gone. */
  verdict: Verdict | null;
}

interface RawReport {
  id: number;
  run_id: string;
  gate_evaluation_id: number;
  report_sha256: string;
  manifest_sha256: string;
  out_dir: string;
  signed: number;
  created_at: string;
  verdict: Verdict | null;
}

/** Where each exported report went and which digests it carried. */
export class ReportRepository {
  private readonly insertStmt: Statement;
  private readonly byRunStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO reports (run_id, gate_evaluation_id, report_sha256, manifest_sha256, out_dir, signed, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.byRunStmt = db.prepare(`SELECT r.id, r.run_id, r.gate_evaluation_id, r.report_sha256, r.manifest_sha256, r.out_dir, r.signed, r.created_at, g.verdict
      FROM reports r LEFT JOIN gate_evaluations g ON g.id = r.gate_evaluation_id WHERE r.run_id = ? ORDER BY r.id DESC`);
  }

  /** Records an export. */
  insert(r: { runId: string; gateEvaluationId: number; reportSha256: string; manifestSha256: string; outDir: string; signed: boolean }): number {
    return Number(this.insertStmt.run(r.runId, r.gateEvaluationId, r.reportSha256, r.manifestSha256, r.outDir, r.signed ? 1 : 0, new Date().toISOString()).lastInsertRowid);
  }

  /** A run's exports, newest first, each with its evaluation's verdict. */
  byRun(runId: string): StoredReport[] {
    return (this.byRunStmt.all(runId) as RawReport[]).map((r) => ({
      id: r.id,
      runId: r.run_id,
      gateEvaluationId: r.gate_evaluation_id,
      reportSha256: r.report_sha256,
      manifestSha256: r.manifest_sha256,
      outDir: r.out_dir,
      signed: r.signed === 1,
      createdAt: r.created_at,
      verdict: r.verdict,
    }));
  }
}
