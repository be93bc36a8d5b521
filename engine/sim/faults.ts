import { createRng } from './prng.js';

/** Injected infrastructure failures, as shares of first attempts. All rates together must not exceed 1. */
export interface SimFaults {
  /** 429 with Retry-After. */
  rate429?: number;
  /** 500 with an error body. */
  rate500?: number;
  /** The Retry-After a 429 carries; default 1 second. */
  retryAfterSeconds?: number;
  /** 503 with an error body (provider overloaded). */
  rate503?: number;
  /** A correct answer that only starts after `slowMs` wall-clock milliseconds. */
  slowRate?: number;
  /** The slow fault's delay; never scaled by timeScale, so client timeouts can be tested. Default 5000. */
  slowMs?: number;
  /** The socket is closed right after the response headers, before any body. */
  dropRate?: number;
  /** A non-streaming request gets a 200 whose JSON body is cut in half (streaming requests are unaffected). */
  truncatedRate?: number;
  /** A streaming request gets some events, then the socket closes without [DONE] / message_stop (non-streaming requests are unaffected). */
  brokenStreamRate?: number;
}

/** The name of an injected fault, as recorded in the request log. */
export type FaultKind = 'rate_limit' | 'server_error' | 'unavailable' | 'slow' | 'drop' | 'truncated' | 'broken_stream';

/** What happens to one attempt. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'server_error' }
  | { kind: 'unavailable' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' }
  | { kind: 'truncated' }
  | { kind: 'broken_stream' };

const DEFAULT_SLOW_MS = 5000;

// The order fixes which slice of [0, 1) each fault owns; 429 and 500 stay first so that existing
// configurations fault exactly the same requests as before the other kinds existed.
const RATE_ORDER = ['rate429', 'rate500', 'rate503', 'slowRate', 'dropRate', 'truncatedRate', 'brokenStreamRate'] as const;
type RateName = (typeof RATE_ORDER)[number];

// Rates like 0.1 + 0.2 + 0.7 add up to a hair over 1 in floating point; that is still a valid configuration.
const SUM_TOLERANCE = 1e-9;

/** Checks fault options: each rate in [0, 1], all rates together at most 1, delays non-negative. */
export function validateFaults(faults: SimFaults): void {
  let sum = 0;
  for (const name of RATE_ORDER) {
    const v = faults[name] ?? 0;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`sim faults: ${name} must be in [0, 1], got ${v}`);
    sum += v;
  }
  if (sum > 1 + SUM_TOLERANCE) throw new RangeError(`sim faults: ${RATE_ORDER.join(' + ')} must not exceed 1, got ${sum}`);
  if (faults.retryAfterSeconds !== undefined && !(faults.retryAfterSeconds >= 0)) throw new RangeError('sim faults: retryAfterSeconds must be >= 0');
  if (faults.slowMs !== undefined && !(faults.slowMs >= 0 && Number.isFinite(faults.slowMs))) throw new RangeError(`sim faults: slowMs must be a finite number >= 0, got ${faults.slowMs}`);
}

function decisionFor(name: RateName, faults: SimFaults): FaultDecision {
  switch (name) {
    case 'rate429':
      return { kind: 'rate_limit', retryAfterSeconds: faults.retryAfterSeconds ?? 1 };
    case 'rate500':
      return { kind: 'server_error' };
    case 'rate503':
      return { kind: 'unavailable' };
    case 'slowRate':
      return { kind: 'slow', delayMs: faults.slowMs ?? DEFAULT_SLOW_MS };
    case 'dropRate':
      return { kind: 'drop' };
    case 'truncatedRate':
      return { kind: 'truncated' };
    case 'brokenStreamRate':
      return { kind: 'broken_stream' };
  }
}

/**
 * Decides whether an attempt fails. Deterministic per (request hash, attempt): only the first attempt of a
 * request can fail, so a client that retries always gets through — like a transient provider hiccup.
 */
export function decideFault(requestHash: string, attempt: number, faults: SimFaults): FaultDecision {
  if (attempt > 0) return { kind: 'none' };
  const u = createRng(`${requestHash}:fault`)();
  let upper = 0;
  for (const name of RATE_ORDER) {
    upper += faults[name] ?? 0;
    if (u < upper) return decisionFor(name, faults);
  }
  return { kind: 'none' };
}
