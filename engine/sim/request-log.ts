import type { FaultKind } from './faults.js';

/** One completion request the sim received (Chat Completions or Messages). */
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
}
