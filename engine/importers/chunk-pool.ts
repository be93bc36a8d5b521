import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compileSettings, processChunk, type ChunkResult, type ProcessSettings, type RecordChunk } from './process-records.js';

/** Processes chunks, in this thread or in workers; results come back in submission order. */
export interface ChunkPool {
  submit(chunk: RecordChunk): Promise<ChunkResult>;
  /** How many chunks may be in flight before the reader should wait for the oldest. */
  readonly depth: number;
  /** Hands back row buffers of results that nothing refers to any more, to be reused (they are detached here). */
  release(buffers: ArrayBuffer[]): void;
  close(): Promise<void>;
}

/** Runs chunks synchronously in this thread: small imports, previews, tests. */
export function inProcessPool(settings: ProcessSettings): ChunkPool {
  const p = compileSettings(settings);
  return { submit: async (chunk) => processChunk(chunk, p), depth: 1, release: () => undefined, close: async () => undefined };
}

const WORKER_FILE = fileURLToPath(new URL('./prepare-worker.js', import.meta.url));

/** True when compiled worker code is available (running from dist/, not from TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

/** How many worker threads a large import uses: one per core but one (the main thread writes to SQLite). */
export function defaultWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.CANARY_GATE_IMPORT_WORKERS);
  if (Number.isInteger(forced) && forced >= 0) return forced;
  return Math.max(1, availableParallelism() - 1);
}

/** A pool of worker threads; the parse/map/redact work runs there while the main thread inserts. */
export function workerPool(settings: ProcessSettings, size: number, maxRecordBytes: number): ChunkPool {
  // Room to parse the largest allowed record several times over; otherwise capped, so memory stays flat.
  const maxOldGenerationSizeMb = Math.max(128, Math.ceil(maxRecordBytes / (1 << 20)) * 8);
  // Explicit heap limits: each worker is a whole V8 isolate, and the import's peak RSS is the sum of them.
  const workers = Array.from({ length: size }, () => new Worker(WORKER_FILE, { workerData: settings, resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb } }));
  const pending = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let nextRelease = 0;
  let failure: Error | null = null;
  for (const w of workers) {
    w.on('message', (msg: { id: number; result?: ChunkResult; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result!);
    });
    w.on('error', (err) => {
      failure = err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  return {
    depth: size * 3,
    submit(chunk) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<ChunkResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // A block of lines owns its buffer (see splitLineBlocks): handed over, not copied.
        const transfer = 'block' in chunk && chunk.block.bytes.buffer instanceof ArrayBuffer ? [chunk.block.bytes.buffer] : [];
        workers[id % workers.length]!.postMessage({ id, chunk }, transfer);
      });
    },
    release(buffers) {
      if (failure || buffers.length === 0) return;
      workers[nextRelease++ % workers.length]!.postMessage({ release: buffers }, buffers);
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
