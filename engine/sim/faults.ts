import { createRng } from './prng.js';

/** Injected infrastructure failures, as shares of first attempts. */
export interface SimFaults {
  rate429?: number;
  rate500?: number;
  /** The Retry-After a 429 carries; default 1 second. */
  retryAfterSeconds?: number;
}

/** What happens to one attempt. */
export type FaultDecision = { kind: 'none' } | { kind: 'rate_limit'; retryAfterSeconds: number } | { kind: 'server_error' };

/** Checks fault rates: each in [0, 1] and together at most 1. */
export function validateFaults(faults: SimFaults): void {
  const r429 = faults.rate429 ?? 0;
  const r500 = faults.rate500 ?? 0;
  for (const [name, v] of [['rate429', r429], ['rate500', r500]] as const) {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`sim faults: ${name} must be in [0, 1], got ${v}`);
  }
  if (r429 + r500 > 1) throw new RangeError('sim faults: rate429 + rate500 must not exceed 1');
  if (faults.retryAfterSeconds !== undefined && !(faults.retryAfterSeconds >= 0)) throw new RangeError('sim faults: retryAfterSeconds must be >= 0');
}

/**
 * Decides whether an attempt fails. Deterministic per (request hash, attempt): only the first attempt of a
 * request can fail, so a client that retries always gets through — like a transient provider hiccup.
 */
export function decideFault(requestHash: string, attempt: number, faults: SimFaults): FaultDecision {
  if (attempt > 0) return { kind: 'none' };
  const u = createRng(`${requestHash}:fault`)();
  const r429 = faults.rate429 ?? 0;
  if (u < r429) return { kind: 'rate_limit', retryAfterSeconds: faults.retryAfterSeconds ?? 1 };
  if (u < r429 + (faults.rate500 ?? 0)) return { kind: 'server_error' };
  return { kind: 'none' };
}
