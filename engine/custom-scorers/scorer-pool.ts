// A small pool of scorer workers. Calls travel in batches (10,000 calls are not 10,000 round trips), each worker
// runs one batch at a time, call after call, and reports every call as it finishes. A call that hangs gets its
// worker terminated: the calls of the batch that finished keep their outcomes, the hung one gets an error, and the
// rest go to a fresh worker.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';
import type { BatchMessage, ScorerCall, ScorerWorkerData, WorkerReply } from './worker-protocol.js';

/** What became of one call: what it returned, or why there is nothing (without the scorer's and case's names). */
export type CallOutcome = { ok: true; result: unknown; threshold: unknown } | { ok: false; message: string };

export interface ScorerPoolOptions {
  /** Most workers running at once. */
  size: number;
  /** Per call. */
  timeoutMs: number;
  /** For importing a module in a worker (default the larger of 10 s and timeoutMs). */
  loadTimeoutMs?: number;
  /** Each worker's JS heap. */
  memoryMb: number;
  /** How long a new worker may take to start (a cold start from TypeScript sources registers tsx first). */
  startupMs?: number;
  /** After this many calls of one module that hung or killed their worker, its other calls are not run (default 3). */
  maxStrikes?: number;
}

interface Batch {
  id: number;
  calls: ScorerCall[];
  /** Records the outcome of calls[i]. */
  settle: (i: number, outcome: CallOutcome) => void;
  /** Called once every call has an outcome. */
  finished: () => void;
}

interface Slot {
  worker: Worker;
  port: MessagePort;
  ready: boolean;
  dying: boolean;
  batch: Batch | null;
  /** The batch's first call without an outcome: the one running now. */
  next: number;
  /** The worker is importing the module of calls[next]. */
  loading: boolean;
  /** Counts the worker's replies: a timer that fires after one came in has nothing to stop. */
  replies: number;
  timer: NodeJS.Timeout | null;
}

/** Larger batches save round trips but cost more to redo after a worker dies; the queue is split at least 4 per worker. */
const MAX_BATCH = 100;
const DEFAULT_STARTUP_MS = 20_000;
/** A module that imports large packages may need longer to load than a call may take. */
const DEFAULT_LOAD_MS = 10_000;
/**
 * A module that hangs on every call would otherwise cost the time limit (and a new worker) for each of thousands of
 * cases; after a few such calls its remaining ones are skipped with an error that says why.
 */
const DEFAULT_MAX_STRIKES = 3;

/** A pool of worker threads that run scorer calls under a time and memory limit; never rejects a call. */
export class ScorerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Batch[] = [];
  private nextBatchId = 0;
  private closed = false;
  /** Calls that hung or killed their worker, by module, and the last such failure. */
  private readonly strikes = new Map<string, { count: number; last: string }>();

  constructor(private readonly opts: ScorerPoolOptions) {}

  /** The outcome of every call, in the calls' order. */
  run(calls: readonly ScorerCall[]): Promise<CallOutcome[]> {
    if (calls.length === 0) return Promise.resolve([]);
    if (this.closed) return Promise.resolve(calls.map(() => ({ ok: false as const, message: 'the scorer runner is closed' })));
    const outcomes = new Array<CallOutcome>(calls.length);
    const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(calls.length / (this.opts.size * 4))));
    let pending = Math.ceil(calls.length / size);
    return new Promise((resolve) => {
      for (let from = 0; from < calls.length; from += size) {
        this.queue.push({
          id: this.nextBatchId++,
          calls: calls.slice(from, from + size),
          settle: (i, outcome) => (outcomes[from + i] = outcome),
          finished: () => {
            if (--pending === 0) resolve(outcomes);
          },
        });
      }
      this.pump();
    });
  }

  /** Terminates the workers; calls still queued or running get an error outcome. */
  async close(): Promise<void> {
    this.closed = true;
    for (const batch of this.queue.splice(0)) this.failFrom(batch, 0, 'the scorer runner was closed before this call ran');
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (slot) => {
        slot.dying = true;
        this.clearTimer(slot);
        if (slot.batch) this.failFrom(slot.batch, slot.next, 'the scorer runner was closed while this call ran');
        slot.batch = null;
        await slot.worker.terminate().catch(() => undefined);
        slot.port.close();
      }),
    );
  }

  /** Hands queued batches to idle workers, starting workers up to the pool's size. */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => !s.dying && s.batch === null);
      if (!slot) {
        if (this.slots.length >= this.opts.size) return;
        slot = this.start();
      }
      const batch = this.withoutStruckOut(this.queue.shift()!);
      if (batch) this.assign(slot, batch);
    }
  }

  /** The batch without the calls of modules that struck out (those get their error now), or null when none is left. */
  private withoutStruckOut(batch: Batch): Batch | null {
    const max = this.opts.maxStrikes ?? DEFAULT_MAX_STRIKES;
    const keep: number[] = [];
    batch.calls.forEach((call, i) => {
      const s = this.strikes.get(call.moduleUrl);
      if (s && s.count >= max) batch.settle(i, { ok: false, message: `not run: this scorer hung or ended its worker on ${s.count} other calls (last: ${s.last})` });
      else keep.push(i);
    });
    if (keep.length === batch.calls.length) return batch;
    if (keep.length === 0) {
      batch.finished();
      return null;
    }
    return { id: batch.id, calls: keep.map((i) => batch.calls[i]!), settle: (i, o) => batch.settle(keep[i]!, o), finished: batch.finished };
  }

  private start(): Slot {
    const { port1, port2 } = new MessageChannel();
    const memoryMb = this.opts.memoryMb;
    const worker = startWorker(import.meta.url, 'scorer-worker', {
      workerData: { port: port2 } satisfies ScorerWorkerData,
      transferList: [port2],
      // Scorers get no secrets: process.env in the worker is empty (API keys and tokens stay in the parent).
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(2, Math.min(16, Math.floor(memoryMb / 8))) },
    });
    const slot: Slot = { worker, port: port1, ready: false, dying: false, batch: null, next: 0, loading: false, replies: 0, timer: null };
    port1.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (err: Error & { code?: string }) =>
      this.kill(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `ran out of memory (limit ${memoryMb} MB)` : `crashed its worker: ${err.message}`),
    );
    worker.on('exit', (code) => this.kill(slot, `ended its worker (exit code ${code})`));
    worker.unref();
    port1.unref();
    this.slots.push(slot);
    return slot;
  }

  private assign(slot: Slot, batch: Batch): void {
    slot.batch = batch;
    slot.next = 0;
    slot.loading = false;
    try {
      slot.worker.postMessage({ batch: batch.id, calls: batch.calls } satisfies BatchMessage);
    } catch (err) {
      slot.batch = null;
      this.failFrom(batch, 0, `could not be sent to a worker: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    // Busy workers keep the process alive; idle ones do not (a caller that forgets close() must still exit).
    slot.worker.ref();
    this.arm(slot);
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    slot.replies++;
    if (reply.kind === 'ready') {
      slot.ready = true;
      if (slot.batch) this.arm(slot);
      return;
    }
    const batch = slot.batch;
    if (!batch || batch.id !== reply.batch) return;
    if (reply.kind === 'loading' || reply.kind === 'loaded') {
      slot.loading = reply.kind === 'loading';
      this.arm(slot);
      return;
    }
    slot.loading = false;
    batch.settle(reply.index, reply.kind === 'result' ? { ok: true, result: reply.result, threshold: reply.threshold } : { ok: false, message: reply.message });
    slot.next = reply.index + 1;
    if (slot.next < batch.calls.length) {
      this.arm(slot);
      return;
    }
    this.clearTimer(slot);
    slot.batch = null;
    slot.worker.unref();
    batch.finished();
    if (!slot.dying) this.pump();
  }

  /** Times the running call (or the worker's start, or a module's import). */
  private arm(slot: Slot): void {
    this.clearTimer(slot);
    const loadMs = this.opts.loadTimeoutMs ?? Math.max(DEFAULT_LOAD_MS, this.opts.timeoutMs);
    const ms = !slot.ready ? (this.opts.startupMs ?? DEFAULT_STARTUP_MS) : slot.loading ? loadMs : this.opts.timeoutMs;
    const replies = slot.replies;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      // The call may have finished while this thread was busy: read what the worker already posted first.
      this.drain(slot);
      if (slot.replies !== replies || slot.dying) return;
      this.kill(slot, !slot.ready ? `its worker did not start within ${ms} ms` : slot.loading ? `timed out loading the module after ${ms} ms` : `timed out after ${ms} ms`);
    }, ms);
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
  }

  /** Handles the replies the worker posted that this thread has not read yet. */
  private drain(slot: Slot): void {
    for (let m = receiveMessageOnPort(slot.port); m; m = receiveMessageOnPort(slot.port)) this.onReply(slot, m.message as WorkerReply);
  }

  /**
   * Ends a worker that hung, ran out of memory or crashed: the running call gets `message`, the calls after it go
   * to a fresh worker. A worker that dies before it started fails its whole batch instead: the next one would too.
   */
  private kill(slot: Slot, message: string): void {
    if (slot.dying) return;
    slot.dying = true;
    this.drain(slot);
    this.clearTimer(slot);
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    void slot.worker.terminate().catch(() => undefined);
    slot.port.close();
    const batch = slot.batch;
    slot.batch = null;
    if (batch) {
      if (!slot.ready) {
        this.failFrom(batch, slot.next, message);
      } else {
        const hung = slot.next;
        batch.settle(hung, { ok: false, message });
        const url = batch.calls[hung]!.moduleUrl;
        this.strikes.set(url, { count: (this.strikes.get(url)?.count ?? 0) + 1, last: message });
        if (hung + 1 < batch.calls.length) {
          this.queue.unshift({ id: this.nextBatchId++, calls: batch.calls.slice(hung + 1), settle: (i, o) => batch.settle(hung + 1 + i, o), finished: batch.finished });
        } else {
          batch.finished();
        }
      }
    }
    this.pump();
  }

  private failFrom(batch: Batch, from: number, message: string): void {
    for (let i = from; i < batch.calls.length; i++) batch.settle(i, { ok: false, message });
    batch.finished();
  }
}
