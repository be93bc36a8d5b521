import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as ChunkPoolModule from './chunk-pool.js';
import type { ChunkResult, RecordChunk } from './process-records.js';

// Workers run compiled code: the pool is taken from dist/ (built by `npm run build`, as the CLI tests need).
const { workerPool } = (await import(new URL('../../dist/engine/importers/chunk-pool.js', import.meta.url).href)) as typeof ChunkPoolModule;

const fixture = readFileSync(new URL('../../fixtures/capture-formats/canonical.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
const canonical = [...fixture, fixture[0]!.replace('"id":"', '"id":"copy-')];
/** A valid record of many small messages: cheap to write, ~25 times its size in heap to parse and map. */
const dense = (() => {
  const r = JSON.parse(canonical[0]!) as { request: { messages: unknown[] } };
  r.request.messages = Array.from({ length: 60_000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
  return JSON.stringify(r);
})();
const settings = { redact: true, redactPatterns: [], slicePaths: ['metadata.slice'], sliceMap: {} };
const LIMIT = 16 << 20;
const block = (firstLine: number, ...lines: string[]): RecordChunk => ({ file: 'cap.jsonl', format: null, block: { firstLine, bytes: Buffer.from(`${lines.join('\n')}\n`) }, maxRecordBytes: LIMIT });
const summary = (r: ChunkResult) => ({ records: r.records, rows: r.rows.map((x) => x.line), rejects: r.rejects });
const TOO_BIG = { reason: 'record too large to parse within memory limit (worker heap 16 MB)', whole: true };

describe('workerPool', () => {
  it('rejects by line a record the worker runs out of memory on, keeps the others, and goes on with a new worker', async () => {
    const pool = workerPool(settings, 1, LIMIT, { maxOldGenerationSizeMb: 16 });
    try {
      const results = await Promise.all([
        pool.submit(block(1, canonical[0]!)),
        pool.submit(block(2, canonical[1]!, '', dense, canonical[2]!)),
        pool.submit(block(6, canonical[1]!)),
        pool.submit({ file: 'doc.json', format: null, records: [{ line: 10, text: canonical[0]! }, { line: 11, text: dense }, { line: 12, text: canonical[2]! }] }),
        pool.submit(block(13, canonical[2]!)),
      ]);
      expect(results.map(summary)).toEqual([
        { records: 1, rows: [1], rejects: [] },
        { records: 3, rows: [2, 5], rejects: [{ line: 4, ...TOO_BIG }] },
        { records: 1, rows: [6], rejects: [] },
        { records: 3, rows: [10, 12], rejects: [{ line: 11, ...TOO_BIG }] },
        { records: 1, rows: [13], rejects: [] },
      ]);
      // The rows of a result put together after a failure are whole and readable.
      expect(JSON.parse(Buffer.from(results[1]!.rows[1]!.json).toString()).id).toBe(JSON.parse(canonical[2]!).id);
    } finally {
      await pool.close();
    }
  });

  it('lets the calling thread process a queued chunk when the worker is behind, never one holding a risky record', async () => {
    const { inProcessPool } = (await import(new URL('../../dist/engine/importers/chunk-pool.js', import.meta.url).href)) as typeof ChunkPoolModule;
    const here = inProcessPool(settings);
    // Marked as holding a record over 1 MiB: it must go to a worker (which can die of it and be replaced).
    const risky: RecordChunk = { file: 'cap.jsonl', format: null, block: { firstLine: 3, bytes: Buffer.from(`${canonical[1]!}\n`), longest: 2 << 20 }, maxRecordBytes: LIMIT };
    const pool = workerPool(settings, 1, LIMIT);
    // Blocks from the pool, as the reader takes them.
    const pooled = (firstLine: number, line: string): RecordChunk => {
      const b = pool.allocBlock(1 << 10);
      return { file: 'cap.jsonl', format: null, block: { firstLine, bytes: b.subarray(0, b.write(`${line}\n`)) }, maxRecordBytes: LIMIT };
    };
    const chunks = [pooled(1, canonical[0]!), pooled(2, canonical[1]!), risky, pooled(4, canonical[2]!), pooled(5, canonical[3]!), pooled(6, canonical[0]!)];
    const stolenBlock = (chunks[3] as { block: { bytes: Uint8Array } }).block.bytes.buffer;
    const copy = (c: RecordChunk): RecordChunk => ('block' in c ? { ...c, block: { ...c.block, bytes: Buffer.from(c.block.bytes) } } : c);
    const expected = await Promise.all(chunks.map((c) => here.submit(copy(c))));
    try {
      const pending = chunks.map((c) => pool.submit(c));
      const settled = pending.map(() => false);
      pending.forEach((p, i) => void p.then(() => (settled[i] = true)));
      // The worker holds the first two; four wait here (the risky one first). The first that may be processed
      // here is taken; then three wait: the worker is not behind enough to be helped.
      expect(pool.helpOne()).toBe(true);
      expect(pool.helpOne()).toBe(false);
      // Microtasks only (no worker message can arrive): just the chunk processed here has its result.
      await null;
      await null;
      expect(settled).toEqual([false, false, false, true, false, false]);
      const results = await Promise.all(pending);
      const texts = (rs: ChunkResult[]) => rs.flatMap((r) => r.rows.map((x) => Buffer.from(x.json).toString()));
      expect(results.map(summary)).toEqual(expected.map(summary));
      expect(texts(results)).toEqual(texts(expected));
      expect(texts(expected).length).toBeGreaterThanOrEqual(5);
      // The block processed here went back to the pool first: it is the next one handed out for reading.
      expect(pool.allocBlock(1000).buffer).toBe(stolenBlock);
    } finally {
      await pool.close();
    }
  });

  it('processes the same record with the default heap limit', async () => {
    const pool = workerPool(settings, 1, LIMIT);
    try {
      expect(summary(await pool.submit(block(1, dense)))).toEqual({ records: 1, rows: [1], rejects: [] });
    } finally {
      await pool.close();
    }
  });
});
