import { randomBytes } from 'node:crypto';
import { answerRequest, type SimAnswer, type SimContext } from './serve-completion.js';
import type { SimDialect } from './sim-dialect.js';

/** One request of a batch: the caller's id for it and the request body, in the batch's dialect. */
export interface SimBatchLine {
  customId: string;
  body: unknown;
}

/** What became of one line once its batch was processed: the sim's answer, or cancelled before its turn. */
export type SimLineOutcome = { customId: string } & (SimAnswer | { kind: 'cancelled' });

/** An uploaded or produced file (OpenAI Files API), held in memory. */
export interface SimFile {
  id: string;
  filename: string;
  purpose: 'batch' | 'batch_output';
  content: string;
  bytes: number;
  createdAt: number;
}

/** A batch of either provider: its lines, its clock and, once processed, every line's outcome. */
export interface SimBatch {
  id: string;
  dialect: SimDialect;
  lines: SimBatchLine[];
  bytes: number;
  createdMs: number;
  /** When validation ends and processing starts. */
  startedMs: number;
  /** When processing ends unless cancelled first. */
  deadlineMs: number;
  cancelRequestedMs: number | null;
  endedMs: number | null;
  /** Every line's outcome, in line order, once the batch ended (null before). */
  outcomes: SimLineOutcome[] | null;
  /** Validation errors that fail the whole batch (OpenAI input files), with 1-based line numbers. */
  validationErrors: { code: string; message: string; line: number | null; param: string | null }[];
  /** Provider-specific fields (file ids, endpoint, metadata…). */
  extra: Record<string, unknown>;
}

/** The most the sim keeps: batches and files together, and their bytes. Ended batches are evicted first. */
export interface SimBatchLimits {
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: SimBatchLimits = { maxEntries: 1000, maxBytes: 256 * 1024 * 1024 };

/** The storage is full of batches still running; nothing could be evicted. */
export class BatchStoreFull extends Error {}

/** A new id with the provider's prefix, e.g. batch_sim_…, msgbatch_sim_…, file-sim-…. */
export function simId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

/**
 * The batches and files of one sim server, in memory and bounded. Time drives a batch: it validates for the
 * first tenth of its processing time, then is in progress; the first look after its deadline (or after a cancel)
 * answers its lines through the same simulation as the interactive endpoints.
 */
export class SimBatchStore {
  readonly files = new Map<string, SimFile>();
  readonly batches = new Map<string, SimBatch>();
  private bytes = 0;

  constructor(
    private readonly ctx: SimContext,
    /** Wall-clock processing time of every batch, in ms. */
    private readonly processingMs: number,
    private readonly limits: SimBatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  /** Stores a file, evicting old finished work to make room; throws BatchStoreFull when there is none. */
  addFile(file: Omit<SimFile, 'id' | 'bytes' | 'createdAt'>, id = simId('file-sim-')): SimFile {
    const bytes = Buffer.byteLength(file.content);
    this.makeRoom(bytes);
    const stored: SimFile = { ...file, id, bytes, createdAt: Math.floor(Date.now() / 1000) };
    this.files.set(id, stored);
    this.bytes += bytes;
    return stored;
  }

  /** Starts a batch of lines (validation errors, if any, fail it once validation is over). */
  addBatch(id: string, dialect: SimDialect, lines: SimBatchLine[], extra: Record<string, unknown>, validationErrors: SimBatch['validationErrors'] = []): SimBatch {
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(JSON.stringify(l.body)), 0);
    this.makeRoom(bytes);
    const now = Date.now();
    const batch: SimBatch = {
      id, dialect, lines, bytes, createdMs: now,
      startedMs: now + Math.round(this.processingMs / 10), deadlineMs: now + this.processingMs,
      cancelRequestedMs: null, endedMs: null, outcomes: null, validationErrors, extra,
    };
    this.batches.set(id, batch);
    this.bytes += bytes;
    return batch;
  }

  /** Asks a running batch to stop: lines not yet answered are cancelled at the next look. */
  cancel(batch: SimBatch): void {
    if (batch.endedMs === null && batch.cancelRequestedMs === null) batch.cancelRequestedMs = Date.now();
  }

  /** Share of a batch's lines answered by now (it processes them at an even pace). */
  progress(batch: SimBatch, now = Date.now()): number {
    if (batch.endedMs !== null) return 1;
    const span = batch.deadlineMs - batch.startedMs;
    return span <= 0 ? (now >= batch.startedMs ? 1 : 0) : Math.min(1, Math.max(0, (now - batch.startedMs) / span));
  }

  /**
   * Brings a batch up to date: once its deadline passed or it was cancelled, answers its lines (a cancelled
   * batch only those it had reached) and records the outcomes. Returns the batch.
   */
  settle(batch: SimBatch, now = Date.now()): SimBatch {
    if (batch.endedMs !== null) return batch;
    const failed = batch.validationErrors.length > 0;
    if (failed) {
      if (now < batch.startedMs && batch.cancelRequestedMs === null) return batch;
      batch.endedMs = batch.cancelRequestedMs ?? batch.startedMs;
      batch.outcomes = [];
      return batch;
    }
    const cancelled = batch.cancelRequestedMs !== null;
    if (!cancelled && now < batch.deadlineMs) return batch;
    const reached = cancelled ? Math.floor(batch.lines.length * this.progress(batch, batch.cancelRequestedMs!)) : batch.lines.length;
    batch.outcomes = batch.lines.map((line, i) =>
      i < reached ? { customId: line.customId, ...answerRequest(this.ctx, batch.dialect, line.body, batch.id) } : { customId: line.customId, kind: 'cancelled' as const },
    );
    batch.endedMs = cancelled ? batch.cancelRequestedMs! : batch.deadlineMs;
    return batch;
  }

  // Evicts the oldest ended batches (with the files they produced), then the oldest files no running batch
  // reads, until `bytes` more fit; a store full of running work refuses instead.
  private makeRoom(bytes: number): void {
    const fits = () => this.batches.size + this.files.size < this.limits.maxEntries && this.bytes + bytes <= this.limits.maxBytes;
    if (bytes > this.limits.maxBytes) throw new BatchStoreFull(`the sim keeps at most ${this.limits.maxBytes} bytes of batches`);
    for (const batch of this.batches.values()) {
      if (fits()) return;
      if (batch.endedMs === null) continue;
      this.batches.delete(batch.id);
      this.bytes -= batch.bytes;
      for (const key of ['output_file_id', 'error_file_id']) {
        const fileId = batch.extra[key];
        if (typeof fileId === 'string') this.dropFile(fileId);
      }
    }
    const inUse = new Set([...this.batches.values()].filter((b) => b.endedMs === null).map((b) => b.extra.input_file_id));
    for (const file of this.files.values()) {
      if (fits()) return;
      if (!inUse.has(file.id)) this.dropFile(file.id);
    }
    if (!fits()) throw new BatchStoreFull(`the sim's batch storage is full (${this.limits.maxEntries} batches and files, ${this.limits.maxBytes} bytes) of batches still running`);
  }

  private dropFile(id: string): void {
    const file = this.files.get(id);
    if (!file) return;
    this.files.delete(id);
    this.bytes -= file.bytes;
  }
}
