import type { Database, Statement } from 'better-sqlite3';

/** Where each exported report went and which digests it carried. */
export class ReportRepository {
  private readonly insertStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO reports (run_id, gate_evaluation_id, report_sha256, manifest_sha256, out_dir, signed, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
  }

  /** Records an export. */
  insert(r: { runId: string; gateEvaluationId: number; reportSha256: string; manifestSha256: string; outDir: string; signed: boolean }): number {
    return Number(this.insertStmt.run(r.runId, r.gateEvaluationId, r.reportSha256, r.manifestSha256, r.outDir, r.signed ? 1 : 0, new Date().toISOString()).lastInsertRowid);
  }
}
