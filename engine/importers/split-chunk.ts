import { addCounts, type ChunkResult, type PreparedRow, type RecordChunk } from './process-records.js';
import { linesOfBlock, tooLongReason } from './read/split-line-blocks.js';

/**
 * A chunk cut into chunks of one record each (blank lines dropped), or a result where none is needed (an over-long
 * line): used to find which record of a chunk a worker could not process, and keep the others.
 */
export function splitChunk(chunk: RecordChunk): (RecordChunk | ChunkResult)[] {
  if ('records' in chunk) return chunk.records.map((r) => ({ file: chunk.file, format: chunk.format, records: [r] }));
  const out: (RecordChunk | ChunkResult)[] = [];
  for (const l of linesOfBlock(chunk.block.bytes, chunk.block.firstLine, chunk.maxRecordBytes)) {
    if (l.tooLong) out.push(rejectedResult(l.line, tooLongReason(l.length, chunk.maxRecordBytes)));
    else if (l.bytes.toString().trim() !== '') out.push({ file: chunk.file, format: chunk.format, block: { firstLine: l.line, bytes: Buffer.from(l.bytes) }, maxRecordBytes: chunk.maxRecordBytes });
  }
  return out;
}

/** The line a chunk starts on. */
export function firstLineOf(chunk: RecordChunk): number | null {
  return 'records' in chunk ? (chunk.records[0]?.line ?? null) : chunk.block.firstLine;
}

/** The result of one record rejected whole. */
export function rejectedResult(line: number, reason: string): ChunkResult {
  return { format: null, records: 1, rows: [], rejects: [{ line, reason, whole: true }], skipped: 0, redactions: {} };
}

/**
 * The results of a split chunk as one, in order. The rows are copied into one buffer: the importer releases
 * a result's rows by the buffer of its first row.
 */
export function mergeResults(results: ChunkResult[], format: ChunkResult['format']): ChunkResult {
  const out: ChunkResult = { format, records: 0, rows: [], rejects: [], skipped: 0, redactions: {} };
  const rows: PreparedRow[] = [];
  for (const r of results) {
    out.format ??= r.format;
    out.records += r.records;
    out.rejects.push(...r.rejects);
    out.skipped += r.skipped;
    if (r.skippedBy) addCounts((out.skippedBy ??= {}), r.skippedBy);
    for (const k in r.redactions) out.redactions[k] = (out.redactions[k] ?? 0) + r.redactions[k]!;
    rows.push(...r.rows);
  }
  const buffer = new ArrayBuffer(rows.reduce((a, r) => a + r.fingerprint.length + r.json.length, 0));
  let at = 0;
  const copy = (bytes: Uint8Array) => {
    const view = new Uint8Array(buffer, at, bytes.length);
    view.set(bytes);
    at += bytes.length;
    return view;
  };
  out.rows = rows.map((r) => ({ ...r, fingerprint: copy(r.fingerprint), json: copy(r.json) }));
  return out;
}
