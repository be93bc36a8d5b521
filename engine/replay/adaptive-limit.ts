/**
 * Adaptive concurrency (AIMD, as TCP does): a 429 halves how many calls may be in flight, and every run of
 * `limit` successes widens it by one again, up to the configured maximum. Workers wait for a slot.
 */
export class AdaptiveLimit {
  private current: number;
  private active = 0;
  private successesSinceChange = 0;
  private readonly waiters: (() => void)[] = [];
  /** The lowest limit it came down to (for reports and tests). */
  lowest: number;

  constructor(private readonly max: number) {
    this.current = max;
    this.lowest = max;
  }

  /** How many calls may be in flight now. */
  get limit(): number {
    return this.current;
  }

  /** Waits for a slot. */
  async acquire(): Promise<void> {
    while (this.active >= this.current) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active++;
  }

  /** Frees a slot. */
  release(): void {
    this.active--;
    this.waiters.shift()?.();
  }

  /** The provider said slow down. */
  onRateLimited(): void {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.lowest = Math.min(this.lowest, this.current);
    this.successesSinceChange = 0;
  }

  /** A call went through. */
  onSuccess(): void {
    if (this.current >= this.max) return;
    if (++this.successesSinceChange >= this.current) {
      this.current++;
      this.successesSinceChange = 0;
      this.waiters.shift()?.();
    }
  }
}
