import { createWriteStream, mkdirSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { TrafficSample } from '../../shared/domain/capture.js';
import { StratifiedSampler } from '../../shared/sampling/stratified-sample.js';
import { parseSlicePath } from '../../shared/slice-path.js';
import { InputError } from '../errors.js';
import { startBackgroundCheckpoints } from '../store/background-checkpoints.js';
import type { NewTrafficSample, Store } from '../store/index.js';
import { limitPageCache } from '../store/open-database.js';
import { defaultWorkerCount, inProcessPool, workerPool, workersAvailable, type ChunkPool } from './chunk-pool.js';
import type { CaptureFormat } from './formats/format.js';
import { addCounts, compileSettings, type ChunkResult, type PreparedRow, type ProcessSettings, type RecordChunk } from './process-records.js';
import { discoverFiles } from './read/discover-files.js';
import { isStreamInput, spoolStream, type SpooledInput } from './read/spool-stream.js';
import { readRecords } from './read/read-records.js';

/** One line (or element) that could not be imported, and why. Never holds the content: it may hold secrets. */
export interface RejectedRecord {
  file: string;
  line: number | null;
  reason: string;
}

/** What happened to one input file. */
export interface FileSummary {
  file: string;
  format: CaptureFormat | null;
  records: number;
  rejected: number;
  samples: number;
  skipped: number;
  error: string | null;
}

/**
 * What an import did. Every record (non-blank line, or element of a JSON document) is either rejected or
 * accepted; accepted records yield samples (and skipped parts that are not model calls); every sample is
 * imported, a duplicate, or left out by sampling: records = rejected + accepted, samples = imported +
 * duplicates + not_sampled.
 */
export interface ImportSummary {
  files: FileSummary[];
  records: number;
  rejected: number;
  /** Failing parts (spans, observations) of records whose other parts imported; listed with the rejects. */
  rejected_parts: number;
  samples: number;
  skipped: number;
  /** The skipped parts by reason (`not a GenAI span`, `GenAI operation "embeddings" (not a model call)`…). */
  skipped_by: Record<string, number>;
  imported: number;
  duplicates: number;
  not_sampled: number;
  redacted: boolean;
  redactions: Record<string, number>;
  slices: Record<string, number>;
  rejects: RejectedRecord[];
  rejects_file: string | null;
  file_errors: RejectedRecord[];
  interrupted: boolean;
  sample_allocation: Record<string, number> | null;
  /** With `preview`: the first samples as they would be stored (redacted); nothing was written. */
  preview: TrafficSample[] | null;
}

export interface ImportOptions {
  format?: CaptureFormat;
  redact: boolean;
  redactPatterns?: { name: string; pattern: string; flags?: string }[];
  slicePaths?: string[];
  sliceMap?: Record<string, string>;
  maxRecordBytes?: number;
  /** Stratified sampling by slice: keep n samples, at least minPerSlice of each slice, seeded. */
  sample?: { n: number; minPerSlice: number; seed: number };
  rejectsDir?: string;
  cwd?: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytesRead: number; bytesTotal: number; records: number }) => void;
  /** Dry run: stop after this many samples and return them instead of storing anything. */
  preview?: number;
}

// Rows per transaction: a few milliseconds of inserting, so the main thread gets back to feeding the worker soon.
const BATCH = 500;
const NO_SLICE = '(none)';

/** Where samples go: the database in batches, or a sampler that writes once at the end. */
interface Sink {
  add(row: PreparedRow, file: string): void;
  /** The rows just added came in `buffer`: the sink releases it once it no longer needs their bytes. */
  settle(buffer: ArrayBuffer, rows: number): void;
  /** Writes what is left (not called when the import failed). */
  finish(): void;
  /** Always called last, also after a failure. */
  close(): void;
}

/**
 * Imports capture files (any supported format, plain or gzip; folders recursively) into the store. Records
 * stream through one at a time; batches are committed in single transactions, so an interrupted import leaves
 * whole batches and a re-run adds the rest (duplicates are recognised by request fingerprint).
 */
export async function importCaptures(paths: readonly string[], store: Store, opts: ImportOptions): Promise<ImportSummary> {
  const settings = {
    redact: opts.redact,
    redactPatterns: opts.redactPatterns ?? [],
    slicePaths: opts.slicePaths ?? ['metadata.slice'],
    sliceMap: opts.sliceMap ?? {},
  };
  validateSettings(settings);
  const maxRecordBytes = opts.maxRecordBytes ?? 16 * 1024 * 1024;
  const { files, unreadable } = discoverFiles(paths, opts.cwd ?? process.cwd());
  const summary: ImportSummary = {
    files: [], records: 0, rejected: 0, rejected_parts: 0, samples: 0, skipped: 0, skipped_by: {}, imported: 0, duplicates: 0, not_sampled: 0,
    redacted: opts.redact, redactions: {}, slices: {}, rejects: [], rejects_file: null,
    file_errors: unreadable.map((u) => ({ file: u.file, line: null, reason: u.reason })), interrupted: false, sample_allocation: null, preview: null,
  };

  let rejectsOut: WriteStream | null = null;
  const writeReject = (r: RejectedRecord) => {
    if (!opts.rejectsDir) return;
    if (!rejectsOut) {
      mkdirSync(opts.rejectsDir, { recursive: true });
      summary.rejects_file = join(opts.rejectsDir, `rejects-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
      rejectsOut = createWriteStream(summary.rejects_file, { flags: 'a', mode: 0o600 });
    }
    rejectsOut.write(`${JSON.stringify(r)}\n`);
  };
  for (const e of summary.file_errors) writeReject(e);
  const reject = (r: RejectedRecord, wholeRecord: boolean) => {
    if (wholeRecord) summary.rejected++;
    else summary.rejected_parts++;
    if (summary.rejects.length < 1000) summary.rejects.push(r);
    writeReject(r);
  };

  const bytesTotal = files.reduce((a, f) => a + safeSize(f), 0);
  const release = (buffers: ArrayBuffer[]) => pool.release(buffers);
  const sink = opts.preview !== undefined
    ? previewSink(summary, opts.preview, release)
    : opts.sample
      ? samplingSink(store, summary, opts.sample, release)
      : batchSink(store, summary, isBulk(bytesTotal, store), release);
  const done = () => opts.signal?.aborted || (summary.preview !== null && summary.preview.length >= (opts.preview ?? Infinity));
  const pool = choosePool(settings, bytesTotal, maxRecordBytes, opts);
  // A large import writes its input's size to the log and copies it again into the database: the copying goes to
  // another thread. Measured at 300k lines, three interleaved pairs: 9.3-9.8 s against 10.4-11.1 s with SQLite's
  // own checkpoints on this thread.
  const large = opts.preview === undefined && bytesTotal >= BULK_THRESHOLD_BYTES;
  const checkpoints = large ? startBackgroundCheckpoints(store.db) : null;
  // Appending needs few cached pages (the right edges of the table and its slice index), and the import's peak RSS
  // counts every one: 4 MB instead of 16 (peak RSS at 1M lines, three interleaved pairs: 226-236 MB against
  // 234-242 MB). Kept while the fingerprint index is built at the end: its sort sizes its runs by the cache, and
  // with 16 MB it took 39 MB more memory and longer (1M rows: 1.4-1.6 s against 1.2-1.3 s).
  const restorePageCache = large ? limitPageCache(store.db, 4000) : () => undefined;
  let bytesDone = 0;

  /** Folds one processed chunk into the summary and the sink, in file order. */
  const absorb = (fs: FileSummary, result: ChunkResult) => {
    if (fs.format === null) fs.format = result.format;
    summary.records += result.records;
    fs.records += result.records;
    for (const r of result.rejects) {
      if (r.whole) fs.rejected++;
      reject({ file: fs.file, line: r.line, reason: r.reason }, r.whole);
    }
    fs.skipped += result.skipped;
    summary.skipped += result.skipped;
    if (result.skippedBy) addCounts(summary.skipped_by, result.skippedBy);
    for (const k in result.redactions) summary.redactions[k] = (summary.redactions[k] ?? 0) + result.redactions[k]!;
    for (const row of result.rows) {
      fs.samples++;
      summary.samples++;
      const key = row.slice ?? NO_SLICE;
      summary.slices[key] = (summary.slices[key] ?? 0) + 1;
      sink.add(row, fs.file);
    }
    const buffer = result.rows[0]?.json.buffer;
    if (buffer instanceof ArrayBuffer) sink.settle(buffer, result.rows.length);
  };

  try {
    for (const file of files) {
      if (done()) break;
      const fs: FileSummary = { file, format: opts.format ?? null, records: 0, rejected: 0, samples: 0, skipped: 0, error: null };
      summary.files.push(fs);
      // Results are folded in submission order; a reader's own reject waits its turn behind the chunks before it.
      const inFlight: Pending[] = [];
      const drain = async (keep: number) => {
        while (inFlight.length > keep) {
          const oldest = inFlight[0]!;
          // Rather than wait for a worker, process a chunk no worker has started (then let its messages in).
          while (!oldest.settled && pool.helpOne()) await yieldToEvents();
          inFlight.shift();
          absorb(fs, await oldest.result);
        }
      };
      let records: { line: number; text: string }[] = [];
      let recordBytes = 0;
      const submit = async (chunk: RecordChunk) => {
        inFlight.push(pending(pool.submit(chunk)));
        // Until the file's format is known (from its first recognisable record), one chunk at a time.
        await drain(fs.format === null ? 0 : pool.depth - 1);
      };
      const submitRecords = async () => {
        if (records.length === 0) return;
        const chunk = { file, format: fs.format, records };
        records = [];
        recordBytes = 0;
        await submit(chunk);
      };
      let progressAt = 0;
      // Standard input and pipes are read once into a private temporary file, then like any file.
      let source = file;
      let spooled: SpooledInput | null = null;
      if (isStreamInput(file)) {
        try {
          spooled = await spoolStream(file, opts.signal);
        } catch (err) {
          const e = { file, line: null, reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
          fs.error = e.reason;
          summary.file_errors.push(e);
          writeReject(e);
          continue;
        }
        if (spooled === null) break;
        source = spooled.file;
      }
      try {
        for await (const ev of readRecords(source, {
          maxRecordBytes,
          allocBlock: pool.allocBlock,
          onBytes: (b) => {
            if (b - progressAt > 1 << 20) {
              progressAt = b;
              opts.onProgress?.({ bytesRead: bytesDone + b, bytesTotal, records: summary.records });
            }
          },
        })) {
          if (ev.kind === 'file-error') {
            fs.error = ev.reason;
            const e = { file, line: ev.line, reason: ev.reason };
            summary.file_errors.push(e);
            writeReject(e);
            continue;
          }
          if (ev.kind === 'reject') {
            await submitRecords();
            inFlight.push(pending(Promise.resolve({ format: null, records: 1, rows: [], rejects: [{ line: ev.line, reason: ev.reason, whole: true }], skipped: 0, redactions: {} })));
            continue;
          }
          if (ev.kind === 'block') await submit({ file, format: fs.format, block: { firstLine: ev.firstLine, bytes: ev.bytes, longest: ev.longest }, maxRecordBytes });
          else {
            records.push({ line: ev.line, text: ev.text });
            recordBytes += ev.text.length;
            if (records.length >= CHUNK_RECORDS || recordBytes >= CHUNK_BYTES || fs.format === null) await submitRecords();
          }
          if (done()) break;
        }
        await submitRecords();
        await drain(0);
        bytesDone += safeSize(source);
      } finally {
        spooled?.remove();
      }
      opts.onProgress?.({ bytesRead: bytesDone, bytesTotal, records: summary.records });
    }
    summary.interrupted = Boolean(opts.signal?.aborted);
    sink.finish();
  } finally {
    await pool.close();
    const out = rejectsOut as WriteStream | null;
    if (out) await new Promise<void>((resolve) => out.end(resolve));
    // Last: a bulk load rebuilds the unique index here, after a failure too.
    try {
      sink.close();
    } finally {
      restorePageCache();
      await checkpoints?.stop();
    }
  }
  return summary;
}

/**
 * Inputs this large are bulk loads (the unique fingerprint index is set aside and rebuilt at the end) unless the
 * store already holds many samples: rebuilding the index costs about as much per stored row as keeping it up to
 * date saves per new row (measured at 1M rows: ~35 µs per row saved), so it pays while the input brings at least
 * a tenth of the rows (rows estimated at 256 bytes, generously few).
 */
const BULK_THRESHOLD_BYTES = 32 << 20;

function isBulk(bytesTotal: number, store: Store): boolean {
  return bytesTotal >= BULK_THRESHOLD_BYTES && store.traffic.count() <= bytesTotal / 256;
}

/** A chunk's result to come, and whether it has come (seen once the event loop has run). */
interface Pending {
  result: Promise<ChunkResult>;
  settled: boolean;
}

function pending(result: Promise<ChunkResult>): Pending {
  const p: Pending = { result, settled: false };
  result.then(
    () => (p.settled = true),
    () => (p.settled = true),
  );
  return p;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

const CHUNK_RECORDS = 512;
const CHUNK_BYTES = 4 << 20;
/** Below this much input, worker start-up costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 32 << 20;

function choosePool(settings: ProcessSettings, bytesTotal: number, maxRecordBytes: number, opts: ImportOptions): ChunkPool {
  const workers = defaultWorkerCount();
  const forced = process.env.CANARY_GATE_IMPORT_WORKERS !== undefined;
  if (opts.preview === undefined && workers > 0 && workersAvailable() && (forced || bytesTotal >= WORKER_THRESHOLD_BYTES)) return workerPool(settings, workers, maxRecordBytes);
  return inProcessPool(settings);
}

/** Fails early, naming the setting, when a custom pattern or a slice path is invalid. */
function validateSettings(settings: ProcessSettings): void {
  try {
    compileSettings({ ...settings, slicePaths: [] });
  } catch (err) {
    throw new InputError((err as Error).message, { field: 'import.redact_patterns' });
  }
  try {
    settings.slicePaths.forEach(parseSlicePath);
  } catch (err) {
    throw new InputError((err as Error).message, { field: 'import.slice_from' });
  }
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function toRow(p: PreparedRow, file: string): NewTrafficSample {
  // A released (detached) buffer reads as empty: storing from it would be a bug, never an empty sample.
  if (p.json.byteLength === 0) throw new Error('internal error: a row was stored after its buffer was released');
  return { sourceId: p.sourceId, fingerprint: p.fingerprint, slice: p.slice, capturedAt: p.capturedAt, sampleJson: p.json, sourceFile: file, sourceLine: p.line };
}

function batchSink(store: Store, summary: ImportSummary, bulk: boolean, release: (buffers: ArrayBuffer[]) => void): Sink {
  const load = bulk ? store.traffic.beginBulkLoad() : null;
  let batch: NewTrafficSample[] = [];
  // Row buffers in arrival order, each with the count of rows added up to its last one: a buffer is free once
  // that many rows are stored (batches cut across buffers).
  const held: { buffer: ArrayBuffer; through: number }[] = [];
  let added = 0;
  let stored = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const inserted = load ? load.insertMany(batch) : store.traffic.insertMany(batch);
    summary.imported += inserted;
    summary.duplicates += batch.length - inserted;
    stored += batch.length;
    batch = [];
    let done = 0;
    while (done < held.length && held[done]!.through <= stored) done++;
    if (done > 0) release(held.splice(0, done).map((h) => h.buffer));
  };
  return {
    add: (p, file) => {
      batch.push(toRow(p, file));
      added++;
      if (batch.length >= BATCH) flush();
    },
    // Released by a later flush, also when this one's rows are already stored.
    settle: (buffer) => held.push({ buffer, through: added }),
    finish: flush,
    close: () => load?.finish(),
  };
}

function previewSink(summary: ImportSummary, limit: number, release: (buffers: ArrayBuffer[]) => void): Sink {
  summary.preview = [];
  return {
    add: (p) => {
      if (summary.preview!.length < limit) summary.preview!.push(JSON.parse(Buffer.from(p.json.buffer, p.json.byteOffset, p.json.length).toString('utf8')) as TrafficSample);
    },
    settle: (buffer) => release([buffer]),
    finish: () => undefined,
    close: () => undefined,
  };
}

function samplingSink(store: Store, summary: ImportSummary, sample: { n: number; minPerSlice: number; seed: number }, release: (buffers: ArrayBuffer[]) => void): Sink {
  const sampler = new StratifiedSampler<NewTrafficSample>(sample.n, sample.seed);
  return {
    // Copies of the bytes: a view would keep its whole chunk's buffer alive for the rows not drawn.
    add: (p, file) => sampler.offer(p.slice ?? NO_SLICE, toRow({ ...p, fingerprint: p.fingerprint.slice(), json: p.json.slice() }, file)),
    settle: (buffer) => release([buffer]),
    finish: () => {
      const { items, allocation } = sampler.select(sample.minPerSlice);
      summary.sample_allocation = allocation;
      const inserted = store.traffic.insertMany(items);
      summary.imported += inserted;
      summary.duplicates += items.length - inserted;
      summary.not_sampled += summary.samples - items.length;
    },
    close: () => undefined,
  };
}
