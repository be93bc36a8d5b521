// Messages between the scorer pool (scorer-pool.ts) and its workers (scorer-worker.ts).
import type { MessagePort } from 'node:worker_threads';
import type { CustomScorerInput } from '../../shared/scorers/custom-scorer-api.js';

/** One call: which module, on what. */
export interface ScorerCall {
  moduleUrl: string;
  input: CustomScorerInput;
}

/** Parent to worker: a batch of calls, made one after the other in this order. */
export interface BatchMessage {
  batch: number;
  calls: ScorerCall[];
}

/** Worker to parent, over the port handed over in workerData. */
export type WorkerReply =
  | { kind: 'ready' }
  /** The worker starts (`loading`) or has finished (`loaded`) importing a module, before calls[index] runs. */
  | { kind: 'loading'; batch: number; index: number }
  | { kind: 'loaded'; batch: number; index: number }
  /** The call returned (or resolved to) `result`; `threshold` is what the module exports under that name. */
  | { kind: 'result'; batch: number; index: number; result: unknown; threshold: unknown }
  /** The call, or loading its module, failed; `message` says how (without the scorer and case, which the parent adds). */
  | { kind: 'failed'; batch: number; index: number; message: string };

/** What a worker is started with. */
export interface ScorerWorkerData {
  port: MessagePort;
}
