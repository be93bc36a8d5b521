import { hostname } from 'node:os';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { TrafficSample } from '../../shared/domain/capture.js';
import { InfraError } from '../errors.js';
import { BulkLoadLock, bulkLoadLockHeld } from './bulk-load-lock.js';
import { FingerprintSet } from './fingerprint-set.js';

export interface NewTrafficSample {
  sourceId: string;
  /** The request fingerprint: 16 bytes (the first 128 bits of its sha256). */
  fingerprint: Uint8Array;
  slice: string | null;
  capturedAt: string;
  /** The sample as JSON: text, or its UTF-8 bytes (stored as the same text, without a copy into a JS string). */
  sampleJson: string | Uint8Array;
  sourceFile: string | null;
  sourceLine: number | null;
}

const COLUMNS = '(source_id, fingerprint, slice, captured_at, sample_json, source_file, source_line, imported_at) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)';
const UNIQUE_INDEX = 'CREATE UNIQUE INDEX IF NOT EXISTS traffic_samples_fingerprint ON traffic_samples(fingerprint)';

/**
 * Builds the unique fingerprint index (inside the caller's transaction). Should two bulk loads ever have run at
 * once (a live owner judged dead), the table may hold a fingerprint twice and the index could never be built
 * again: then the later copies are deleted first (the earliest row stays), so the store always recovers. Tried
 * first without that pass, which would cost a scan of the whole table on every bulk load.
 */
function buildUniqueIndex(db: Database): void {
  // The build sorts every fingerprint: a second thread for SQLite's sorter makes it ~30% faster (measured at
  // 300k rows: 450-480 -> 250-340 ms); the import's worker is idle by then.
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma('threads = 2');
  try {
    db.exec(UNIQUE_INDEX);
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    db.exec('DELETE FROM traffic_samples WHERE id NOT IN (SELECT MIN(id) FROM traffic_samples GROUP BY fingerprint)');
    db.exec(UNIQUE_INDEX);
  } finally {
    db.pragma(`threads = ${threads}`);
  }
}

/** Fingerprints a bulk load holds in memory at most (64-128 MB): past it, it goes on through the index. */
const MAX_FINGERPRINTS = 4_000_000;

/** The marker of a bulk load. Its pid and host only name the load in messages: liveness is its lock's. */
interface BulkLoadOwner {
  pid: number;
  host: string;
  started_at: string;
}

/** Imported production traffic, de-duplicated by request fingerprint. */
export class TrafficRepository {
  private insertStmt: Statement | null = null;
  private readonly countStmt: Statement;
  private readonly bySliceStmt: Statement;
  private idsBySliceStmt: Statement | null = null;
  private readonly slicesStmt: Statement;
  private readonly ownerStmt: Statement;
  private browseRepo: TrafficIndexRepository | null = null;

  constructor(private readonly db: Database) {
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM traffic_samples');
    this.bySliceStmt = db.prepare('SELECT id, sample_json FROM traffic_samples WHERE slice IS ? ORDER BY id');
    this.slicesStmt = db.prepare('SELECT slice, COUNT(*) AS n FROM traffic_samples GROUP BY slice ORDER BY slice');
    this.ownerStmt = db.prepare('SELECT pid, host, started_at FROM traffic_bulk_load WHERE id = 1');
  }

  /** Inserts a batch in one transaction; returns how many were new (the rest were duplicates). */
  insertMany(samples: readonly NewTrafficSample[]): number {
    const now = new Date().toISOString();
    return this.db.transaction((rows: readonly NewTrafficSample[]) => {
      this.restoreUniqueIndex();
      // Prepared after the index exists: ON CONFLICT names it.
      const insert = (this.insertStmt ??= this.db.prepare(`INSERT INTO traffic_samples ${COLUMNS} ON CONFLICT (fingerprint) DO NOTHING`));
      let inserted = 0;
      for (const s of rows) inserted += insert.run(s.sourceId, s.fingerprint, s.slice, s.capturedAt, s.sampleJson, s.sourceFile, s.sourceLine, now).changes;
      return inserted;
    }).immediate(samples);
  }

  /**
   * Starts a bulk load: the unique fingerprint index is set aside (duplicates are recognised in memory instead)
   * and rebuilt by `finish()`. Only one bulk load at a time; one whose process died is taken over. The set of
   * fingerprints in memory is capped (16-32 bytes an entry): past `maxFingerprints`, the index is rebuilt and
   * the rest of the load goes in through it, as plain inserts do. While the index is aside, this process holds
   * the workspace's bulk-load lock (see bulk-load-lock.ts), which tells other imports that the load is alive.
   */
  beginBulkLoad(opts: { maxFingerprints?: number } = {}): TrafficBulkLoad {
    const cap = opts.maxFingerprints ?? MAX_FINGERPRINTS;
    const plain = (rows: readonly NewTrafficSample[]) => this.insertMany(rows);
    return this.db.transaction(() => {
      const owner = this.liveOwner();
      const indexed = owner === undefined;
      // Already past the cap with what is stored: setting the index aside would not pay.
      if (indexed && this.count() >= cap) return new TrafficBulkLoad(this.db, null, null, null, cap, plain);
      // Taken before the marker is written, so a marker without a held lock is always a dead load's.
      const lock = BulkLoadLock.acquire(this.db);
      if (lock === null) throw new InfraError('another import into this workspace is running; try again when it has finished');
      try {
        const seen = new FingerprintSet();
        const existing = this.db.prepare(`SELECT fingerprint FROM traffic_samples${indexed ? ' INDEXED BY traffic_samples_fingerprint' : ''}`).pluck();
        for (const fp of existing.iterate() as IterableIterator<Buffer>) seen.add(fp);
        if (indexed) this.db.exec('DROP INDEX traffic_samples_fingerprint');
        const me: BulkLoadOwner = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
        this.db.prepare('INSERT OR REPLACE INTO traffic_bulk_load (id, pid, host, started_at) VALUES (1, ?, ?, ?)').run(me.pid, me.host, me.started_at);
        return new TrafficBulkLoad(this.db, seen, me, lock, cap, plain);
      } catch (err) {
        // The transaction rolls back: no marker names this lock.
        lock.release();
        throw err;
      }
    }).immediate();
  }

  /** The Traffic screen's index and queries over these samples (prepared on first use). */
  get browse(): TrafficIndexRepository {
    return (this.browseRepo ??= new TrafficIndexRepository(this.db));
  }

  /** Number of stored samples. */
  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }

  /** Sample counts per slice. */
  slices(): { slice: string | null; n: number }[] {
    return this.slicesStmt.all() as { slice: string | null; n: number }[];
  }

  /** The ids of one slice's samples, oldest import first (from the slice index alone: no sample is read). */
  idsBySlice(slice: string | null): number[] {
    this.idsBySliceStmt ??= this.db.prepare('SELECT id FROM traffic_samples WHERE slice IS ? ORDER BY id').pluck();
    return this.idsBySliceStmt.all(slice) as number[];
  }

  /** All samples of one slice, oldest import first. */
  bySlice(slice: string | null): { id: number; sample: TrafficSample }[] {
    return (this.bySliceStmt.all(slice) as { id: number; sample_json: string }[]).map((r) => ({
      id: r.id,
      sample: JSON.parse(r.sample_json) as TrafficSample,
    }));
  }

  /**
   * The bulk load that holds the index aside, if any. Throws while its process is alive (it holds the lock); a
   * dead one's marker is returned (the caller takes over or rebuilds the index). Called in a write transaction,
   * which keeps lock probes, takes and deletes of the side file in order.
   */
  private liveOwner(): BulkLoadOwner | undefined {
    const owner = this.ownerStmt.get() as BulkLoadOwner | undefined;
    if (owner && bulkLoadLockHeld(this.db)) {
      throw new InfraError(`another import into this workspace is running (process ${owner.pid} on ${owner.host}, since ${owner.started_at}); try again when it has finished`);
    }
    return owner;
  }

  /** After a bulk load that was killed: rebuilds the unique index. */
  private restoreUniqueIndex(): void {
    if (this.liveOwner() === undefined) return;
    buildUniqueIndex(this.db);
    this.db.exec('DELETE FROM traffic_bulk_load');
  }
}

/** One sample's row of the Traffic screen's index (see migration 014). */
export interface TrafficIndexEntry {
  sampleId: number;
  slice: string | null;
  model: string;
  redactions: number;
  preview: string;
  /** The sample's searchable text. */
  text: string;
}

/** A Traffic screen filter as SQL sees it: `match` is an FTS5 query (already built from the user's words). */
export interface TrafficQuery {
  slice?: string | null;
  model?: string;
  redacted?: boolean;
  match?: string;
}

export interface TrafficListRow {
  id: number;
  source_id: string;
  slice: string | null;
  model: string;
  captured_at: string;
  preview: string;
  redactions: number;
  source_file: string | null;
  source_line: number | null;
}

export interface TrafficStoredSample {
  id: number;
  source_id: string;
  slice: string | null;
  captured_at: string;
  source_file: string | null;
  source_line: number | null;
  sample_json: string;
}

interface FacetValue {
  value: string;
  count: number;
}

/** Counts per value of the Traffic screen's facets. */
export interface TrafficFacets {
  slice: FacetValue[];
  model: FacetValue[];
  redacted: number;
}

/** The slice facet's value for samples without a slice. */
export const NO_SLICE = '(none)';

/**
 * The Traffic screen's reads: the side index of slice, model, redactions and text (migration 014), filled lazily
 * from traffic_samples, and the filtered, paged queries over it.
 */
export class TrafficIndexRepository {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** The highest sample id the index holds (0 when empty), and how many samples it and the table hold. */
  state(): { watermark: number; indexed: number; samples: number } {
    return this.stmt(
      `SELECT (SELECT COALESCE(MAX(sample_id), 0) FROM traffic_sample_index) AS watermark,
              (SELECT COUNT(*) FROM traffic_sample_index) AS indexed,
              (SELECT COUNT(*) FROM traffic_samples) AS samples`,
    ).get() as { watermark: number; indexed: number; samples: number };
  }

  /** Stored samples after an id, in id order, a page at a time (what the index has not seen yet). */
  samplesAfter(id: number, limit: number): { id: number; slice: string | null; sample_json: string }[] {
    return this.stmt('SELECT id, slice, sample_json FROM traffic_samples WHERE id > ? ORDER BY id LIMIT ?').all(id, limit) as {
      id: number;
      slice: string | null;
      sample_json: string;
    }[];
  }

  /** Adds entries to the index and its full-text table, in one transaction. */
  addEntries(entries: readonly TrafficIndexEntry[]): void {
    const meta = this.stmt('INSERT OR REPLACE INTO traffic_sample_index (sample_id, slice, model, redactions, preview) VALUES (?, ?, ?, ?, ?)');
    const text = this.stmt('INSERT OR REPLACE INTO traffic_search (rowid, text) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const e of entries) {
        meta.run(e.sampleId, e.slice, e.model, e.redactions, e.preview);
        text.run(e.sampleId, e.text);
      }
    })();
  }

  /** Drops index entries whose sample is gone (a bulk load's duplicate clean-up deletes rows); returns how many. */
  dropOrphans(): number {
    return this.db.transaction(() => {
      this.stmt('DELETE FROM traffic_search WHERE rowid NOT IN (SELECT id FROM traffic_samples)').run();
      return this.stmt('DELETE FROM traffic_sample_index WHERE sample_id NOT IN (SELECT id FROM traffic_samples)').run().changes;
    })();
  }

  /**
   * The FROM and WHERE of a query under a filter (one facet's own filter skipped). SQLite, left to itself, groups a
   * facet by scanning the grouping column's index and looking every row up to test the filter (100k lookups for a
   * redacted-only filter matching nothing, ~100 ms); so the rows are driven from the narrowest filter instead: the
   * search's matches, else the redacted, model or slice index.
   */
  private where(q: TrafficQuery, skip: 'slice' | 'model' | 'redacted' | null): { from: string; sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    let from = 'traffic_sample_index m';
    if (q.slice !== undefined && skip !== 'slice') {
      parts.push('m.slice IS ?');
      params.push(q.slice);
      from = 'traffic_sample_index m INDEXED BY traffic_sample_index_slice';
    }
    if (q.model !== undefined && skip !== 'model') {
      parts.push('m.model = ?');
      params.push(q.model);
      from = 'traffic_sample_index m INDEXED BY traffic_sample_index_model';
    }
    if (q.redacted && skip !== 'redacted') {
      parts.push('m.redactions > 0');
      from = 'traffic_sample_index m INDEXED BY traffic_sample_index_redacted';
    }
    // The search's matches, found once per query (see `query`), not once per count.
    if (q.match !== undefined) from = 'temp.traffic_match t CROSS JOIN traffic_sample_index m ON m.sample_id = t.id';
    return { from, sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  /**
   * A page of matching samples in import order, how many match in all, and the facet counts: per slice and per
   * model under every filter but the facet's own, and the redacted count likewise. One read transaction, so the
   * counts and the page agree; a search runs its FTS5 match once into a temporary table that every count joins.
   */
  query(q: TrafficQuery, offset: number, limit: number): { rows: TrafficListRow[]; total: number; facets: TrafficFacets } {
    return this.db.transaction(() => {
      if (q.match !== undefined) {
        this.db.exec('CREATE TEMP TABLE IF NOT EXISTS traffic_match (id INTEGER PRIMARY KEY)');
        this.stmt('DELETE FROM temp.traffic_match').run();
        this.stmt('INSERT INTO temp.traffic_match (id) SELECT rowid FROM traffic_search WHERE traffic_search MATCH ?').run(q.match);
      }
      const w = this.where(q, null);
      const total = (this.stmt(`SELECT COUNT(*) AS n FROM ${w.from} ${w.sql}`).get(...w.params) as { n: number }).n;
      const rows = this.stmt(
        `SELECT s.id, s.source_id, m.slice, m.model, s.captured_at, m.preview, m.redactions, s.source_file, s.source_line
           FROM (SELECT m.sample_id, m.slice, m.model, m.preview, m.redactions FROM ${w.from} ${w.sql} ORDER BY m.sample_id LIMIT ? OFFSET ?) m
           JOIN traffic_samples s ON s.id = m.sample_id
          ORDER BY m.sample_id`,
      ).all(...w.params, limit, offset) as TrafficListRow[];
      const bySlice = this.where(q, 'slice');
      const byModel = this.where(q, 'model');
      const byRedacted = this.where(q, 'redacted');
      const slice = this.stmt(
        `SELECT COALESCE(m.slice, '${NO_SLICE}') AS value, COUNT(*) AS count FROM ${bySlice.from} ${bySlice.sql} GROUP BY m.slice ORDER BY count DESC, value`,
      ).all(...bySlice.params) as FacetValue[];
      const model = this.stmt(`SELECT m.model AS value, COUNT(*) AS count FROM ${byModel.from} ${byModel.sql} GROUP BY m.model ORDER BY count DESC, value`).all(
        ...byModel.params,
      ) as FacetValue[];
      const redactedWhere = byRedacted.sql ? `${byRedacted.sql} AND m.redactions > 0` : 'WHERE m.redactions > 0';
      // Counted through the redacted index unless the search's matches drive the rows.
      const redactedFrom = q.match !== undefined ? byRedacted.from : 'traffic_sample_index m INDEXED BY traffic_sample_index_redacted';
      const redacted = (this.stmt(`SELECT COUNT(*) AS n FROM ${redactedFrom} ${redactedWhere}`).get(...byRedacted.params) as { n: number }).n;
      return { rows, total, facets: { slice, model, redacted } };
    })();
  }

  /** One stored sample with its provenance, or undefined. */
  sample(id: number): TrafficStoredSample | undefined {
    return this.stmt('SELECT id, source_id, slice, captured_at, source_file, source_line, sample_json FROM traffic_samples WHERE id = ?').get(id) as
      | TrafficStoredSample
      | undefined;
  }

  /** The redaction count the index holds for a sample (0 when it is not indexed). */
  redactionsOf(id: number): number {
    return ((this.stmt('SELECT redactions FROM traffic_sample_index WHERE sample_id = ?').get(id) as { redactions: number } | undefined)?.redactions) ?? 0;
  }
}

/**
 * A bulk load in progress: plain inserts, duplicates told apart by an in-memory set of every stored fingerprint;
 * once that set passes its cap (or from the start, when `seen` is null), inserts through the unique index.
 */
export class TrafficBulkLoad {
  private readonly insertStmt: Statement;
  private readonly ownerStmt: Statement;
  private readonly insertBatch: Transaction<(rows: readonly NewTrafficSample[], now: string) => number>;
  private finished = false;

  constructor(
    private readonly db: Database,
    private seen: FingerprintSet | null,
    private readonly owner: BulkLoadOwner | null,
    private readonly lock: BulkLoadLock | null,
    private readonly maxFingerprints: number,
    private readonly insertIndexed: (rows: readonly NewTrafficSample[]) => number,
  ) {
    this.insertStmt = db.prepare(`INSERT INTO traffic_samples ${COLUMNS}`);
    this.ownerStmt = db.prepare('SELECT pid, host, started_at FROM traffic_bulk_load WHERE id = 1');
    this.insertBatch = db.transaction((rows: readonly NewTrafficSample[], now: string) => {
      const seen = this.seen!;
      // Duplicates are told apart only by this load's set: rows inserted by another load (one that judged this
      // one dead and took over) would not be in it.
      const marker = this.currentOwner();
      if (!this.owns(marker)) throw new BulkLoadLost(marker);
      let inserted = 0;
      for (const s of rows) {
        if (!seen.add(s.fingerprint)) continue;
        this.insertStmt.run(s.sourceId, s.fingerprint, s.slice, s.capturedAt, s.sampleJson, s.sourceFile, s.sourceLine, now);
        inserted++;
      }
      // The set would grow without bound: the rest of the load goes in through the index, built here while
      // this load still owns it (checked above, in this transaction).
      if (seen.size > this.maxFingerprints) {
        buildUniqueIndex(this.db);
        this.db.exec('DELETE FROM traffic_bulk_load');
        this.lock?.release({ deleteFile: true });
      }
      return inserted;
    });
  }

  /** True once the load inserts through the unique index (its set of fingerprints was dropped). */
  get indexed(): boolean {
    return this.seen === null;
  }

  /** Inserts a batch in one transaction; returns how many were new (the rest were duplicates). */
  insertMany(samples: readonly NewTrafficSample[]): number {
    if (this.finished) throw new Error('bulk load already finished');
    if (this.seen === null) return this.insertIndexed(samples);
    let inserted: number;
    try {
      // Immediate: the ownership check and the inserts see the same state of the marker.
      inserted = this.insertBatch.immediate(samples, new Date().toISOString());
    } catch (err) {
      // The set may now hold fingerprints of rows that were rolled back: no further batch may trust it.
      this.finished = true;
      this.restore();
      throw err;
    }
    if (this.seen.size > this.maxFingerprints) this.seen = null;
    return inserted;
  }

  /** Builds the unique fingerprint index again and ends the bulk load. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.seen !== null) this.restore();
  }

  /**
   * Rebuilds the index and removes the marker, unless another load took them over (it rebuilds them itself),
   * then lets the lock go: in the same transaction, so no other import sees the marker without the lock.
   */
  private restore(): void {
    try {
      this.db.transaction(() => {
        const marker = this.currentOwner();
        // Taken over: the side file is the new owner's now, so it stays.
        if (marker !== undefined && !this.owns(marker)) return;
        buildUniqueIndex(this.db);
        this.db.exec('DELETE FROM traffic_bulk_load');
        this.lock?.release({ deleteFile: true });
      }).immediate();
    } finally {
      this.seen = null;
      // Whatever failed, the lock must not outlive the load (the marker, if left, is then judged dead).
      this.lock?.release();
    }
  }

  private currentOwner(): BulkLoadOwner | undefined {
    return this.ownerStmt.get() as BulkLoadOwner | undefined;
  }

  private owns(marker: BulkLoadOwner | undefined): boolean {
    const me = this.owner;
    return marker !== undefined && me !== null && marker.pid === me.pid && marker.host === me.host && marker.started_at === me.started_at;
  }
}

/** This bulk load's marker was replaced or removed: another import judged it dead and took over the workspace. */
export class BulkLoadLost extends InfraError {
  constructor(marker: BulkLoadOwner | undefined) {
    super(
      marker
        ? `this import stopped: another import (process ${marker.pid} on ${marker.host}, since ${marker.started_at}) took over the workspace's bulk load; run it again when that one has finished (what was stored is kept)`
        : 'this import stopped: its bulk load was ended by another import; run it again (what was stored is kept)',
    );
  }
}
