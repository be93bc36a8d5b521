import { createRedactor, type Redactor } from '../../shared/redaction/index.js';
import { parseSlicePath, type PathStep } from '../../shared/slice-path.js';
import { detectFormat, mappers } from './formats/index.js';
import { MappingError, type CaptureFormat, type MappedRecord } from './formats/format.js';
import { prepareSample } from './prepare-sample.js';
import { describeJsonError } from './read/read-records.js';

/** Everything a chunk needs to be processed anywhere (this thread or a worker): plain, cloneable data. */
export interface ProcessSettings {
  redact: boolean;
  redactPatterns: { name: string; pattern: string; flags?: string }[];
  slicePaths: string[];
  sliceMap: Record<string, string>;
}

/** A run of raw records from one file. */
export interface RecordChunk {
  file: string;
  format: CaptureFormat | null;
  records: { line: number; text: string }[];
}

/** A sample ready for the database. */
export interface PreparedRow {
  line: number;
  sourceId: string;
  fingerprint: string;
  slice: string | null;
  capturedAt: string;
  json: string;
}

/** What a chunk turned into; `whole` rejects count as rejected records, the others as rejected parts. */
export interface ChunkResult {
  rows: PreparedRow[];
  rejects: { line: number; reason: string; whole: boolean }[];
  skipped: number;
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

/**
 * Parses, maps, slices, redacts and fingerprints one chunk of records. Pure of I/O, so the same function runs
 * in-process for small imports and in worker threads for large ones.
 */
export function processChunk(chunk: RecordChunk, p: Processor): ChunkResult {
  const out: ChunkResult = { rows: [], rejects: [], skipped: 0, redactions: {} };
  let format = chunk.format;
  for (const { line, text } of chunk.records) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      out.rejects.push({ line, reason: describeJsonError(err), whole: true });
      continue;
    }
    const f = format ?? (format = detectFormat(value));
    if (f === null) {
      out.rejects.push({ line, reason: 'not a recognised capture format (canonical, openai-chat, openai-responses, anthropic, otel, langfuse)', whole: true });
      continue;
    }
    let mapped: MappedRecord;
    try {
      mapped = mappers[f].map(value, { file: chunk.file, line });
    } catch (err) {
      out.rejects.push({ line, reason: err instanceof MappingError ? `${f}: ${err.field}: ${err.message}` : `${f}: ${(err as Error).message}`, whole: true });
      continue;
    }
    // Parts of a multi-part record (spans, observations) that failed while their siblings mapped.
    for (const e of mapped.errors ?? []) out.rejects.push({ line, reason: `${f}: ${e.field}: ${e.message}`, whole: false });
    out.skipped += mapped.skipped;
    // A canonical line is its own sample: its text can be stored as is when nothing changes it.
    const rawText = f === 'canonical' && mapped.samples.length === 1 ? text : undefined;
    for (const raw of mapped.samples) {
      const prepared = prepareSample(raw, p, p.redactor, rawText);
      for (const k in prepared.redactions) out.redactions[k] = (out.redactions[k] ?? 0) + prepared.redactions[k]!;
      out.rows.push({ line, sourceId: prepared.sample.id, fingerprint: prepared.fingerprint, slice: prepared.slice, capturedAt: prepared.sample.timestamp, json: prepared.json });
    }
  }
  return out;
}
