import type { Database, Statement } from 'better-sqlite3';
import type { Target } from '../../shared/domain/target.js';

export interface StoredTarget {
  id: number;
  name: string;
  fingerprint: string;
  target: Target;
  simulated: boolean;
}

/** Frozen targets, one row per fingerprint (the same config under a new name is the same target). */
export class TargetRepository {
  private readonly findStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement;

  constructor(private readonly db: Database) {
    this.findStmt = db.prepare('SELECT id FROM targets WHERE fingerprint = ?');
    this.insertStmt = db.prepare('INSERT INTO targets (name, fingerprint, config_json, simulated, created_at) VALUES (?, ?, ?, ?, ?)');
    this.getStmt = db.prepare('SELECT id, name, fingerprint, config_json, simulated FROM targets WHERE id = ?');
  }

  /** Stores the target if its fingerprint is new; returns its id. */
  upsert(name: string, fingerprint: string, target: Target, simulated: boolean): number {
    const existing = this.findStmt.get(fingerprint) as { id: number } | undefined;
    if (existing) return existing.id;
    return Number(this.insertStmt.run(name, fingerprint, JSON.stringify(target), simulated ? 1 : 0, new Date().toISOString()).lastInsertRowid);
  }

  /** One target by id. */
  get(id: number): StoredTarget | undefined {
    const r = this.getStmt.get(id) as { id: number; name: string; fingerprint: string; config_json: string; simulated: number } | undefined;
    return r && { id: r.id, name: r.name, fingerprint: r.fingerprint, target: JSON.parse(r.config_json) as Target, simulated: r.simulated === 1 };
  }
}
