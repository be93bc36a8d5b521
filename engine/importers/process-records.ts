import { createRedactor, nestsDeeperThan, NestingTooDeepError, type Redactor } from '../../shared/redaction/index.js';
import { parseSlicePath, type PathStep } from '../../shared/slice-path.js';
import { detectFormat, mappers } from './formats/index.js';
import { MappingError, type CaptureFormat, type MappedRecord } from './formats/format.js';
import { prepareSample } from './prepare-sample.js';
import { decodeUtf8Strict } from './read/decode-utf8.js';
import { describeJsonError } from './read/read-records.js';
import { linesOfBlock, tooLongReason } from './read/split-line-blocks.js';

/** Everything a chunk needs to be processed anywhere (this thread or a worker): plain, cloneable data. */
export interface ProcessSettings {
  redact: boolean;
  redactPatterns: { name: string; pattern: string; flags?: string }[];
  slicePaths: string[];
  sliceMap: Record<string, string>;
}

/**
 * A run of raw records from one file: the elements of a JSON document as text, or a block of whole JSON lines as
 * bytes (split, checked against the line cap and decoded where the chunk is processed; `longest`, when known,
 * is the length of its longest line).
 */
export type RecordChunk = { file: string; format: CaptureFormat | null } & (
  | { records: { line: number; text: string }[] }
  | { block: { firstLine: number; bytes: Uint8Array; longest?: number }; maxRecordBytes: number }
);

/** A sample ready for the database; `fingerprint` and `json` (UTF-8) are views into one buffer per chunk. */
export interface PreparedRow {
  line: number;
  sourceId: string;
  fingerprint: Uint8Array;
  slice: string | null;
  capturedAt: string;
  json: Uint8Array;
}

/** What a chunk turned into; `whole` rejects count as rejected records, the others as rejected parts. */
export interface ChunkResult {
  /** The chunk's format: as given, or detected from its first recognisable record (null if none was). */
  format: CaptureFormat | null;
  /** Records seen: non-blank lines or document elements, rejected ones included. */
  records: number;
  rows: PreparedRow[];
  rejects: { line: number; reason: string; whole: boolean }[];
  skipped: number;
  /** The skipped parts by reason (absent when none were skipped). */
  skippedBy?: Record<string, number>;
  redactions: Record<string, number>;
}

/** The compiled form of the settings: built once per thread. */
export interface Processor {
  redactor: Redactor | null;
  slicePaths: PathStep[][];
  sliceMap: Record<string, string>;
}

/** Compiles settings (validating custom patterns and slice paths). */
export function compileSettings(s: ProcessSettings): Processor {
  return {
    redactor: s.redact ? createRedactor({ custom: s.redactPatterns }) : null,
    slicePaths: s.slicePaths.map(parseSlicePath),
    sliceMap: s.sliceMap,
  };
}

/** A prepared row before packing: its JSON as the record's own bytes (unchanged) or as new text. */
type Pending = Omit<PreparedRow, 'json'> & { json: Uint8Array | string };

/**
 * Parses, maps, slices, redacts and fingerprints one chunk of records. Pure of I/O, so the same function runs
 * in-process for small imports and in worker threads for large ones. The rows' bytes come back packed in one
 * buffer, so a worker hands them over without copying and the main thread binds them without making strings.
 */
export function processChunk(chunk: RecordChunk, p: Processor, alloc: (size: number) => Buffer = Buffer.allocUnsafeSlow): ChunkResult {
  const out: ChunkResult = { format: chunk.format, records: 0, rows: [], rejects: [], skipped: 0, redactions: {} };
  const pending: Pending[] = [];
  if ('records' in chunk) {
    for (const { line, text } of chunk.records) {
      out.records++;
      processRecord(chunk.file, line, text, null, p, out, pending);
    }
  } else {
    for (const l of linesOfBlock(chunk.block.bytes, chunk.block.firstLine, chunk.maxRecordBytes)) {
      if (l.tooLong) {
        out.records++;
        out.rejects.push({ line: l.line, reason: tooLongReason(l.length, chunk.maxRecordBytes), whole: true });
        continue;
      }
      if (l.bytes.length === 0 || (l.bytes.length < 8 && l.bytes.toString().trim() === '')) continue;
      const text = decodeUtf8Strict(l.bytes);
      if (text === null) {
        out.records++;
        out.rejects.push({ line: l.line, reason: 'invalid UTF-8', whole: true });
        continue;
      }
      if (text.trim() === '') continue;
      out.records++;
      processRecord(chunk.file, l.line, text, l.bytes, p, out, pending);
    }
  }
  out.rows = pack(pending, alloc);
  return out;
}

function processRecord(file: string, line: number, text: string, bytes: Uint8Array | null, p: Processor, out: ChunkResult, rows: Pending[]): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    out.rejects.push({ line, reason: describeJsonError(err), whole: true });
    return;
  }
  const f = out.format ?? (out.format = detectFormat(value));
  if (f === null) {
    out.rejects.push({ line, reason: 'not a recognised capture format (canonical, openai-chat, openai-responses, anthropic, otel, langfuse)', whole: true });
    return;
  }
  // What to roll back to should the record fail half-way (plain locals: this runs for every record).
  const rowsBefore = rows.length;
  const rejectsBefore = out.rejects.length;
  try {
    mapRecord(file, line, text, bytes, value, f, p, out, rows);
  } catch (err) {
    rows.length = rowsBefore;
    out.rejects.length = rejectsBefore;
    // Too deep to walk: the walks stop at the one nesting limit; any other recursion that ran out of stack is
    // measured against the same limit (iteratively), so the verdict does not depend on the thread's stack size.
    if (!(err instanceof NestingTooDeepError || err instanceof RangeError)) throw err;
    const reason = err instanceof NestingTooDeepError || nestsDeeperThan(value) ? new NestingTooDeepError().message : 'too deeply nested to process (stack overflow)';
    out.rejects.push({ line, reason: `${f}: ${reason}`, whole: true });
  }
}

function mapRecord(file: string, line: number, text: string, bytes: Uint8Array | null, value: unknown, f: CaptureFormat, p: Processor, out: ChunkResult, rows: Pending[]): void {
  let mapped: MappedRecord;
  try {
    mapped = mappers[f].map(value, { file, line });
  } catch (err) {
    if (err instanceof NestingTooDeepError || err instanceof RangeError) throw err;
    out.rejects.push({ line, reason: err instanceof MappingError ? `${f}: ${err.field}: ${err.message}` : `${f}: ${(err as Error).message}`, whole: true });
    return;
  }
  // Parts of a multi-part record (spans, observations) that failed while their siblings mapped.
  for (const e of mapped.errors ?? []) out.rejects.push({ line, reason: `${f}: ${e.field}: ${e.message}`, whole: false });
  // A canonical line is its own sample: its text (and bytes) can be stored as is when nothing changes it.
  const raw = f === 'canonical' && mapped.samples.length === 1 ? { text, bytes } : undefined;
  for (const sample of mapped.samples) {
    const prepared = prepareSample(sample, p, p.redactor, raw?.text);
    for (const k in prepared.redactions) out.redactions[k] = (out.redactions[k] ?? 0) + prepared.redactions[k]!;
    const json = prepared.unchanged && raw?.bytes ? raw.bytes : prepared.json;
    rows.push({ line, sourceId: prepared.sample.id, fingerprint: prepared.fingerprint, slice: prepared.slice, capturedAt: prepared.sample.timestamp, json });
  }
  // Counted last: a record rejected while its samples were prepared has no skipped parts either.
  out.skipped += mapped.skipped;
  if (mapped.skippedBy) addCounts((out.skippedBy ??= {}), mapped.skippedBy);
}

/** Adds counts by key into `into`. */
export function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const k in counts) into[k] = (into[k] ?? 0) + counts[k]!;
}

/** Copies the rows' fingerprints and JSON into one buffer (from `alloc`, owning its memory) and points the rows at it. */
function pack(rows: Pending[], alloc: (size: number) => Buffer): PreparedRow[] {
  if (rows.length === 0) return [];
  let size = 0;
  for (const r of rows) size += r.fingerprint.length + (typeof r.json === 'string' ? Buffer.byteLength(r.json) : r.json.length);
  const buf = alloc(size);
  let at = 0;
  const view = (n: number) => new Uint8Array(buf.buffer, (at += n) - n, n);
  return rows.map((r) => {
    buf.set(r.fingerprint, at);
    const fingerprint = view(r.fingerprint.length);
    const n = typeof r.json === 'string' ? buf.write(r.json, at) : (buf.set(r.json, at), r.json.length);
    return { ...r, fingerprint, json: view(n) };
  });
}
