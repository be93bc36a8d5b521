import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry, type RetryPolicy } from './call-with-retry.js';
import { ProviderError } from './provider.js';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 1000 };
const rateLimited = (retryAfterMs: number | null) => new ProviderError('HTTP 429', 'http', 429, true, retryAfterMs);

describe('retries', () => {
  it("waits a server's Retry-After in full, not capped by the backoff ceiling", () => {
    expect(backoffDelay(0, policy, 60_000)).toBe(60_000);
    // Without one: exponential with jitter between half and all of min(maxDelay, base * 2^attempt).
    expect(backoffDelay(10, policy, null, () => 0)).toBe(3); // ceiling 5, half of it rounded
    expect(backoffDelay(10, policy, null, () => 0.999_999)).toBe(5);
    expect(backoffDelay(1, policy, null, () => 0.5)).toBe(2); // ceiling 2: 1 + 0.5
  });

  it('gives up (a resumable infra error) when the server asks to wait longer than maxRetryAfterMs', async () => {
    let calls = 0;
    const out = await withRetry(async () => {
      calls++;
      throw rateLimited(120_000);
    }, { ...policy, maxRetryAfterMs: 60_000 });
    expect(calls).toBe(1);
    expect(out).toMatchObject({ retries: 0, error: { status: 429, retryAfterMs: 120_000 } });
  });

  it('honours a short Retry-After and takes from the rate limits before every retry', async () => {
    let calls = 0;
    const limitCalls: number[] = [];
    const started = performance.now();
    const out = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw rateLimited(40);
        return 'answer';
      },
      policy,
      undefined,
      undefined,
      async () => {
        limitCalls.push(calls);
      },
    );
    expect(out).toEqual({ value: 'answer', retries: 2 });
    expect(limitCalls).toEqual([1, 2]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75); // two full 40 ms waits, not the 5 ms ceiling
  });
});
