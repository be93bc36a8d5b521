import { createReadStream, mkdirSync, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { canonicalJson } from '../../shared/canonical-json.js';
import { trafficSampleSchema, type TrafficSample } from '../../shared/domain/capture.js';
import { InputError } from '../errors.js';
import { sha256Hex } from '../hashing.js';
import type { NewTrafficSample, Store } from '../store/index.js';

/** One line that could not be imported, and why. */
export interface RejectedLine {
  file: string;
  line: number;
  reason: string;
}

/** What an import did; imported + duplicates + rejected = lines read (blank lines are not counted). */
export interface ImportSummary {
  files: string[];
  lines: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejects: RejectedLine[];
  rejectsFile: string | null;
  slices: Record<string, number>;
}

const BATCH = 2000;

/** The request fields that define "the same call": what de-duplication compares. */
export function requestFingerprint(sample: TrafficSample): string {
  const { model, messages, tools } = sample.request;
  return sha256Hex(canonicalJson({ model, messages, tools: tools ?? null }));
}

/** Why a JSON value is not a capture, as "field: message". */
function describeShapeError(value: unknown): string {
  const parsed = trafficSampleSchema.safeParse(value);
  if (parsed.success) return '';
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

/**
 * Streams canonical capture JSONL files into the store. Valid lines are imported in batches (one transaction
 * each, so an interrupted import leaves whole batches and a re-run adds the rest: duplicates are skipped);
 * invalid lines are listed with file and line and written to a rejects file, and never stop the valid ones.
 */
export async function importCaptureFiles(
  files: readonly string[],
  store: Store,
  opts: { rejectsDir?: string; onProgress?: (linesRead: number) => void } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { files: [...files], lines: 0, imported: 0, duplicates: 0, rejected: 0, rejects: [], rejectsFile: null, slices: {} };
  let rejectsOut: WriteStream | null = null;
  const reject = (r: RejectedLine) => {
    summary.rejected++;
    if (summary.rejects.length < 1000) summary.rejects.push(r);
    if (opts.rejectsDir) {
      if (!rejectsOut) {
        mkdirSync(opts.rejectsDir, { recursive: true });
        summary.rejectsFile = join(opts.rejectsDir, `rejects-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
        rejectsOut = createWriteStream(summary.rejectsFile, { flags: 'a' });
      }
      rejectsOut.write(`${JSON.stringify(r)}\n`);
    }
  };

  let batch: NewTrafficSample[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const inserted = store.traffic.insertMany(batch);
    summary.imported += inserted;
    summary.duplicates += batch.length - inserted;
    batch = [];
  };
  const seenInBatch = new Set<string>();

  try {
    for (const file of files) {
      let stream;
      try {
        stream = createReadStream(file, { encoding: 'utf8' });
        await new Promise<void>((resolve, reject) => {
          stream!.once('open', () => resolve());
          stream!.once('error', reject);
        });
      } catch (err) {
        throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
      }
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      let lineNo = 0;
      for await (const raw of lines) {
        lineNo++;
        const text = raw.trim();
        if (text === '') continue;
        summary.lines++;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (err) {
          reject({ file, line: lineNo, reason: `not JSON: ${(err as Error).message}` });
          continue;
        }
        const parsed = trafficSampleSchema.safeParse(value);
        if (!parsed.success) {
          reject({ file, line: lineNo, reason: describeShapeError(value) });
          continue;
        }
        const sample = parsed.data;
        const fp = requestFingerprint(sample);
        if (seenInBatch.has(fp)) {
          summary.duplicates++;
          continue;
        }
        seenInBatch.add(fp);
        const slice = sample.metadata.slice ?? null;
        summary.slices[slice ?? '(none)'] = (summary.slices[slice ?? '(none)'] ?? 0) + 1;
        batch.push({
          sourceId: sample.id,
          fingerprint: fp,
          slice,
          capturedAt: sample.timestamp,
          sampleJson: JSON.stringify(sample),
          sourceFile: file,
          sourceLine: lineNo,
        });
        if (batch.length >= BATCH) {
          flush();
          seenInBatch.clear();
          opts.onProgress?.(summary.lines);
        }
      }
    }
    flush();
    opts.onProgress?.(summary.lines);
  } finally {
    const out = rejectsOut as WriteStream | null;
    if (out) await new Promise<void>((resolve) => out.end(resolve));
  }
  return summary;
}
