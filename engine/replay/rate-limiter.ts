import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Requests-per-minute and tokens-per-minute limits of one target, as token buckets refilled continuously:
 * a call waits until both buckets hold what it needs. A call larger than a whole minute's tokens is let
 * through alone once the bucket is full, rather than blocking forever.
 */
export class RateLimiter {
  private requests: number;
  private tokens: number;
  private last: number;
  /** Whether calls must say how many tokens they use (only a tokens-per-minute limit reads the count). */
  readonly countsTokens: boolean;
  /** Whether there is any limit to wait for. */
  readonly limits: boolean;

  constructor(
    private readonly rpm: number | undefined,
    private readonly tpm: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.countsTokens = Boolean(tpm);
    this.limits = Boolean(rpm) || Boolean(tpm);
    this.requests = rpm ?? 0;
    this.tokens = tpm ?? 0;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    const minutes = (t - this.last) / 60_000;
    this.last = t;
    if (this.rpm) this.requests = Math.min(this.rpm, this.requests + minutes * this.rpm);
    if (this.tpm) this.tokens = Math.min(this.tpm, this.tokens + minutes * this.tpm);
  }

  /** How long (ms) until a call of this many tokens may start; 0 takes the capacity now. */
  tryAcquire(tokens: number): number {
    this.refill();
    const need = this.tpm ? Math.min(tokens, this.tpm) : 0;
    const waitReq = this.rpm && this.requests < 1 ? ((1 - this.requests) / this.rpm) * 60_000 : 0;
    const waitTok = this.tpm && this.tokens < need ? ((need - this.tokens) / this.tpm) * 60_000 : 0;
    const wait = Math.max(waitReq, waitTok);
    if (wait > 0) return wait;
    if (this.rpm) this.requests -= 1;
    if (this.tpm) this.tokens -= need;
    return 0;
  }

  /** Waits until a call of this many tokens may start. */
  async acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.tryAcquire(tokens);
      if (wait === 0) return;
      await sleep(Math.ceil(wait), undefined, signal ? { signal } : undefined);
    }
  }
}
