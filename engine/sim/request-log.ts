import type { FaultKind } from './faults.js';

/** One completion request the sim received (Chat Completions or Messages), on its own or as a line of a batch. */
export interface SimRequestLogEntry {
  /** The requested model ('' when the body could not be read). */
  model: string;
  /** requestHash(model, body), or sha256 of the raw bytes when they were not JSON. */
  requestHash: string;
  status: number;
  /** Arrival time, ISO 8601. */
  at: string;
  /** The injected fault, when this attempt was faulted (429 and 500 included). */
  fault?: FaultKind;
  /** The batch this request was a line of (answered when the batch was processed). */
  batchId?: string;
}
