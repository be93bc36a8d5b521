import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatProvider, ProviderCompletion } from './provider.js';
import { ProviderError } from './provider.js';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /**
   * The longest Retry-After honoured (default 10 minutes). A server's Retry-After is waited in full — retrying
   * sooner only earns another 429 — unless it asks for longer than this: then the call ends as an infra error
   * that a resume retries, rather than holding the run.
   */
  maxRetryAfterMs?: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 20_000, timeoutMs: 60_000 };
const DEFAULT_MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Exponential backoff with full jitter; or the server's Retry-After, in full, when it gave one. */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs: number | null, random = Math.random): number {
  if (retryAfterMs !== null) return retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Calls the provider, retrying retryable failures (429, 5xx, timeouts, dropped connections) with backoff. */
export function callWithRetry(
  provider: ChatProvider,
  body: Record<string, unknown>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  /** Told of every failed attempt, retried or not (adaptive concurrency listens for 429s). */
  onAttemptError?: (e: ProviderError) => void,
  /** Awaited before each retry, after its backoff (a retry takes from the rate limits like any call). */
  beforeRetry?: () => Promise<void>,
  /** The JSON of `body` as bytes, when the caller has it (see ChatProvider.complete). */
  payload?: Uint8Array,
): Promise<{ completion: ProviderCompletion; retries: number } | { error: ProviderError; retries: number }> {
  const opts = { timeoutMs: policy.timeoutMs, ...(signal ? { signal } : {}), ...(payload ? { payload } : {}) };
  return withRetry(() => provider.complete(body, opts), policy, signal, onAttemptError, beforeRetry).then((r) =>
    'value' in r ? { completion: r.value, retries: r.retries } : r,
  );
}

/**
 * Runs one provider request, retrying retryable failures with backoff (or the server's Retry-After) until it
 * succeeds, fails for good, runs out of retries or the signal aborts. Every HTTP exchange with a provider goes
 * through here: completions, and the upload / create / poll / download steps of a batch.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onAttemptError?: (e: ProviderError) => void,
  beforeRetry?: () => Promise<void>,
): Promise<{ value: T; retries: number } | { error: ProviderError; retries: number }> {
  for (let retry = 0; ; retry++) {
    try {
      return { value: await attempt(), retries: retry };
    } catch (err) {
      const e = err instanceof ProviderError ? err : new ProviderError(String(err), 'network', null, false);
      onAttemptError?.(e);
      if (!e.retryable || retry >= policy.maxRetries || signal?.aborted) return { error: e, retries: retry };
      if (e.retryAfterMs !== null && e.retryAfterMs > (policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)) return { error: e, retries: retry };
      await sleep(backoffDelay(retry, policy, e.retryAfterMs), undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) return { error: e, retries: retry };
      await beforeRetry?.();
      if (signal?.aborted) return { error: e, retries: retry };
    }
  }
}
