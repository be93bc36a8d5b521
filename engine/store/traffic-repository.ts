import type { Database, Statement } from 'better-sqlite3';
import type { TrafficSample } from '../../shared/domain/capture.js';

export interface NewTrafficSample {
  sourceId: string;
  /** Hex; the first 32 digits (128 bits) are stored. */
  fingerprint: string;
  slice: string | null;
  capturedAt: string;
  sampleJson: string;
  sourceFile: string | null;
  sourceLine: number | null;
}

/** Imported production traffic, de-duplicated by request fingerprint. */
export class TrafficRepository {
  private readonly insertStmt: Statement;
  private readonly countStmt: Statement;
  private readonly bySliceStmt: Statement;
  private readonly slicesStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO traffic_samples
      (source_id, fingerprint, slice, captured_at, sample_json, source_file, source_line, imported_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING`);
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM traffic_samples');
    this.bySliceStmt = db.prepare('SELECT id, sample_json FROM traffic_samples WHERE slice IS ? ORDER BY id');
    this.slicesStmt = db.prepare('SELECT slice, COUNT(*) AS n FROM traffic_samples GROUP BY slice ORDER BY slice');
  }

  /** Inserts a batch in one transaction; returns how many were new (the rest were duplicates). */
  insertMany(samples: readonly NewTrafficSample[]): number {
    const now = new Date().toISOString();
    return this.db.transaction((rows: readonly NewTrafficSample[]) => {
      let inserted = 0;
      for (const s of rows) {
        inserted += this.insertStmt.run(s.sourceId, Buffer.from(s.fingerprint.slice(0, 32), 'hex'), s.slice, s.capturedAt, s.sampleJson, s.sourceFile, s.sourceLine, now).changes;
      }
      return inserted;
    })(samples);
  }

  /** Number of stored samples. */
  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }

  /** Sample counts per slice. */
  slices(): { slice: string | null; n: number }[] {
    return this.slicesStmt.all() as { slice: string | null; n: number }[];
  }

  /** All samples of one slice, oldest import first. */
  bySlice(slice: string | null): { id: number; sample: TrafficSample }[] {
    return (this.bySliceStmt.all(slice) as { id: number; sample_json: string }[]).map((r) => ({
      id: r.id,
      sample: JSON.parse(r.sample_json) as TrafficSample,
    }));
  }
}
