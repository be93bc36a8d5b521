import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compileSettings, processChunk, type ChunkResult, type ProcessSettings, type Processor, type RecordChunk } from './process-records.js';
import { BufferPool } from './buffer-pool.js';
import { firstLineOf, mergeResults, rejectedResult, splitChunk } from './split-chunk.js';

/** Processes chunks, in this thread or in workers; results come back in submission order. */
export interface ChunkPool {
  submit(chunk: RecordChunk): Promise<ChunkResult>;
  /** How many chunks may be in flight before the reader should wait for the oldest. */
  readonly depth: number;
  /** Hands back row buffers of results that nothing refers to any more, to be reused (they are detached here). */
  release(buffers: ArrayBuffer[]): void;
  /**
   * Processes one queued chunk that no worker has started, here and now; false when there is none. A caller
   * about to wait for a result calls this instead of idling: on two cores the inserting thread would otherwise
   * wait for the one worker about half the time.
   */
  helpOne(): boolean;
  /** A buffer for a block of lines (at least `size` bytes): one handed back by a processed chunk, when there is one. */
  allocBlock(size: number): Buffer;
  close(): Promise<void>;
}

/** Runs chunks synchronously in this thread: small imports, previews, tests. */
export function inProcessPool(settings: ProcessSettings): ChunkPool {
  const p = compileSettings(settings);
  return {
    submit: async (chunk) => processChunk(chunk, p),
    depth: 1,
    release: () => undefined,
    helpOne: () => false,
    allocBlock: (size) => Buffer.allocUnsafeSlow(size),
    close: async () => undefined,
  };
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

export interface WorkerPoolOptions {
  /** The workers' heap limit (tests set a low one); by default room to parse the largest allowed record. */
  maxOldGenerationSizeMb?: number;
}

/**
 * A chunk holding a record this large is kept here while a worker processes it, and nothing else is queued on that
 * worker meanwhile: if the worker dies of it, it can be processed again record by record and no other chunk was
 * lost with it. Chunks of smaller records (however many: each is garbage once processed) are handed over without
 * a copy, several at a time.
 */
const RISKY_BYTES = 1 << 20;

/**
 * Chunks posted to a worker ahead of the one it is processing: enough that it never waits for the next while the
 * main thread is inserting; the rest stay queued here, where the main thread can take them (helpOne).
 */
const POSTED_AHEAD = 1;

/**
 * The main thread takes a queued chunk only when at least this many wait behind what the worker holds: the worker
 * is behind, and will still be busy while the main thread processes one. Below that, the main thread had better
 * wait and keep its time for inserting (it is the one that inserts).
 */
const HELP_WHEN_QUEUED = 4;

/**
 * Blocks of lines are read 1 MiB at a time: with what is left of the last line (up to 64 KiB) they fit in this;
 * a block grown for a longer line is not kept.
 */
const BLOCK_BYTES = (1 << 20) + (64 << 10);

/** The size of a chunk's largest record (characters of a document's record, bytes of a line). */
function largestRecord(chunk: RecordChunk): number {
  if ('records' in chunk) return chunk.records.reduce((a, r) => Math.max(a, r.text.length), 0);
  return chunk.block.longest ?? chunk.block.bytes.length;
}

interface Job {
  id: number;
  chunk: RecordChunk;
  /** The chunk's content is still here (not handed over): it can be processed again. */
  kept: boolean;
  /** Nothing else goes to the worker while it runs. */
  alone: boolean;
  /** Processed again after a worker died on it (or beside it). */
  retry: boolean;
  resolve: (r: ChunkResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Job[];
  backlog: Job[];
}

/**
 * A pool of worker threads; the parse/map/redact work runs there while the main thread inserts. A worker that
 * dies (out of memory on a huge record) is replaced: the record it died on is rejected with its line, and the
 * chunks it held are processed again.
 */
export function workerPool(settings: ProcessSettings, size: number, maxRecordBytes: number, opts: WorkerPoolOptions = {}): ChunkPool {
  // Parsing, mapping and redacting a dense record takes ~25 times its size in heap (a 15 MB record: ~370 MB).
  // It is a limit, not a reservation: workers processing ordinary records stay far below it.
  const maxOldGenerationSizeMb = opts.maxOldGenerationSizeMb ?? Math.max(256, Math.ceil(maxRecordBytes / (1 << 20)) * 32);
  let closing = false;
  let nextId = 0;
  let nextRelease = 0;

  const start = (): Worker => {
    // Explicit heap limits: each worker is a whole V8 isolate, and the import's peak RSS is the sum of them. A young
    // generation of 8 MB rather than 16 lowered the peak RSS of a 1M-line import by ~13 MB at the same speed
    // (measured twice each, redaction on: 246/237 -> 232/225 MB): what a chunk allocates dies young.
    const w = new Worker(WORKER_FILE, { workerData: settings, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb } });
    w.on('message', (msg: { id: number; result?: ChunkResult; spent?: ArrayBuffer; error?: string }) => {
      if (msg.spent) blocks.give(msg.spent);
      const s = slots.find((x) => x.worker === w);
      if (!s) return;
      const i = s.inFlight.findIndex((j) => j.id === msg.id);
      if (i === -1) return;
      const [job] = s.inFlight.splice(i, 1);
      if (msg.error !== undefined) job!.reject(new Error(msg.error));
      else job!.resolve(msg.result!);
      pump(s);
    });
    let failed = false;
    const fail = (err: Error) => {
      if (failed || closing) return;
      failed = true;
      void w.terminate();
      const s = slots.find((x) => x.worker === w);
      if (!s) return;
      s.worker = start();
      const lost = s.inFlight;
      s.inFlight = [];
      // A job that ran alone is what the worker died of; others may have been beside the one that was.
      const culprit = lost.length === 1 && lost[0]!.alone;
      for (const job of lost) recover(s, job, err, culprit);
      pump(s);
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`worker exited (code ${code})`)));
    return w;
  };
  const slots: Slot[] = [];
  for (let i = 0; i < size; i++) slots.push({ worker: start(), inFlight: [], backlog: [] });

  /** Posts queued jobs to the worker, a few ahead, unless one that must run alone is in flight. */
  const pump = (s: Slot) => {
    while (s.backlog.length > 0 && s.inFlight.length <= POSTED_AHEAD && !s.inFlight.some((j) => j.alone)) {
      const job = s.backlog[0]!;
      if (job.alone && s.inFlight.length > 0) return;
      s.backlog.shift();
      s.inFlight.push(job);
      // A block of lines owns its buffer (see splitLineBlocks): handed over, not copied, unless it is kept.
      const chunk = job.chunk;
      const transfer = !job.kept && 'block' in chunk && chunk.block.bytes.buffer instanceof ArrayBuffer ? [chunk.block.bytes.buffer] : [];
      s.worker.postMessage({ id: job.id, chunk }, transfer);
    }
  };

  const enqueue = (s: Slot, chunk: RecordChunk, retry: boolean, front = false): Promise<ChunkResult> =>
    new Promise<ChunkResult>((resolve, reject) => {
      const big = largestRecord(chunk) >= RISKY_BYTES;
      // Records of a JSON document are copied to the worker anyway: they stay here as they are.
      const kept = retry || big || 'records' in chunk;
      const job: Job = { id: nextId++, chunk, kept, alone: retry || big, retry, resolve, reject };
      if (front) s.backlog.unshift(job);
      else s.backlog.push(job);
      pump(s);
    });

  /** A job the worker died with: processed again alone, then record by record; the record it dies on is rejected. */
  const recover = (s: Slot, job: Job, err: Error, culprit: boolean) => {
    const { chunk } = job;
    const where = `${chunk.file}${firstLineOf(chunk) !== null ? ` line ${firstLineOf(chunk)}` : ''}`;
    if (!job.kept) {
      job.reject(new Error(`import worker failed while processing ${where} and following lines (${err.message})`));
      return;
    }
    if (!job.retry && !culprit) {
      enqueue(s, chunk, true, true).then(job.resolve, job.reject);
      return;
    }
    const parts = splitChunk(chunk);
    if (parts.length <= 1) {
      const only = parts[0];
      if (only === undefined || !('file' in only)) {
        job.resolve(only ?? { format: chunk.format, records: 0, rows: [], rejects: [], skipped: 0, redactions: {} });
        return;
      }
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ERR_WORKER_OUT_OF_MEMORY' ? `record too large to parse within memory limit (worker heap ${maxOldGenerationSizeMb} MB)` : `record could not be processed (${err.message})`;
      job.resolve(rejectedResult(firstLineOf(only) ?? 0, reason));
      return;
    }
    const retried = parts.map((p) => ('file' in p ? enqueue(s, p, true) : Promise.resolve(p)));
    Promise.all(retried).then((results) => job.resolve(mergeResults(results, chunk.format)), job.reject);
  };

  let here: Processor | null = null;
  // Blocks of lines (read ~1 MB at a time) and, for chunks processed here, row buffers: reused (see BufferPool).
  // Per worker: the chunk it is on, those posted ahead, those queued before the main thread helps, and two
  // finished results waiting to be inserted.
  const depth = size * (POSTED_AHEAD + 1 + HELP_WHEN_QUEUED + 2);
  // A few kept are enough: blocks come back about as fast as they are taken.
  const blocks = new BufferPool(4, BLOCK_BYTES, BLOCK_BYTES);
  const rowBuffers = new BufferPool(4, 64 << 10);

  return {
    depth,
    submit(chunk) {
      return enqueue(slots[nextId % slots.length]!, chunk, false);
    },
    helpOne() {
      // Never a job that must run alone: a record that exhausts the heap must do so in a worker, which can be replaced.
      for (const s of slots) {
        if (s.backlog.length < HELP_WHEN_QUEUED) continue;
        const i = s.backlog.findIndex((j) => !j.alone);
        if (i === -1) continue;
        const [job] = s.backlog.splice(i, 1);
        let result: ChunkResult;
        try {
          result = processChunk(job!.chunk, (here ??= compileSettings(settings)), (n) => rowBuffers.take(n));
        } catch (err) {
          job!.reject(err as Error);
          return true;
        }
        // Its block was never handed over: it is free now (the rows were copied out of it).
        if ('block' in job!.chunk && !job!.kept && job!.chunk.block.bytes.buffer instanceof ArrayBuffer) blocks.give(job!.chunk.block.bytes.buffer);
        job!.resolve(result);
        return true;
      }
      return false;
    },
    release(buffers) {
      const rest = buffers.filter((b) => !rowBuffers.give(b));
      if (rest.length === 0) return;
      slots[nextRelease++ % slots.length]!.worker.postMessage({ release: rest }, rest);
    },
    allocBlock: (n) => blocks.take(n),
    close: async () => {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
