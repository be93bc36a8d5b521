import type { ReplayProgress } from '../../shared/domain/run.js';
import type { Store } from '../store/index.js';

/** Counts of a replay at one moment. */
export interface ProgressCounts {
  done: number;
  total: number;
  infraErrors: number;
}

export interface ProgressMeterOptions {
  /** Fewest milliseconds between two running events (default 100: at most ~10 a second). */
  minIntervalMs?: number;
  /** The window calls per second are measured over (default 5 s). */
  windowMs?: number;
  now?: () => number;
}

/**
 * The spend of a run's answers stored after a cursor, added up as they arrive: each read looks only at the rows
 * written since the last one, so a progress event on a 100,000-case run costs as little as on a small one.
 */
export class SpendTracker {
  private total = 0;

  constructor(
    private readonly store: Store,
    private readonly runId: string,
    private cursor: number,
  ) {}

  /** USD spent on calls (not response-cache answers) since the cursor it started at. */
  read(): number {
    const next = this.store.replayWatch.spendAfter(this.runId, this.cursor);
    this.total += next.spentUsd;
    this.cursor = next.cursor;
    return this.total;
  }
}

/**
 * Turns a replay's progress callbacks into `replay.progress` events: throttled (the last count before a pause is
 * still sent), with calls per second over a sliding window and the spend so far, and a final event with the state.
 */
export class ReplayProgressMeter {
  private readonly samples: { at: number; done: number }[] = [];
  private last: ProgressCounts | null = null;
  private lastEmitAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private finished = false;
  private readonly minIntervalMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    readonly runId: string,
    private readonly emit: (p: ReplayProgress) => void,
    private readonly spent: () => number,
    opts: ProgressMeterOptions = {},
  ) {
    this.minIntervalMs = opts.minIntervalMs ?? 100;
    this.windowMs = opts.windowMs ?? 5000;
    this.now = opts.now ?? Date.now;
  }

  /** The newest counts (null before the first). */
  get counts(): ProgressCounts | null {
    return this.last;
  }

  /** Records counts; sends them now, or once the throttle interval has passed. */
  update(p: ProgressCounts): void {
    if (this.finished) return;
    const at = this.now();
    this.last = { ...p };
    this.samples.push({ at, done: p.done });
    while (this.samples.length > 2 && this.samples[0]!.at < at - this.windowMs) this.samples.shift();
    const wait = this.lastEmitAt + this.minIntervalMs - at;
    if (wait <= 0) {
      this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
    this.timer.unref();
  }

  /** Sends the last event, saying how the replay ended; nothing is sent after it. */
  finish(state: Exclude<NonNullable<ReplayProgress['state']>, 'running'>, extra: { counts?: ProgressCounts; spentUsd?: number; message?: string } = {}): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const counts = extra.counts ?? this.last ?? { done: 0, total: 0, infraErrors: 0 };
    const rate = this.rate();
    const spentUsd = extra.spentUsd ?? this.safeSpent();
    this.emit({
      runId: this.runId, ...counts, state,
      ...(rate !== undefined ? { callsPerSecond: rate } : {}),
      ...(spentUsd !== undefined ? { spentUsd } : {}),
      ...(extra.message !== undefined ? { message: extra.message } : {}),
    });
  }

  private flush(): void {
    if (this.finished || !this.last) return;
    this.lastEmitAt = this.now();
    const rate = this.rate();
    const spentUsd = this.safeSpent();
    this.emit({ runId: this.runId, ...this.last, state: 'running', ...(rate !== undefined ? { callsPerSecond: rate } : {}), ...(spentUsd !== undefined ? { spentUsd } : {}) });
  }

  /** Calls per second across the window; undefined until two samples at least 200 ms apart exist. */
  private rate(): number | undefined {
    const first = this.samples[0];
    const newest = this.samples[this.samples.length - 1];
    if (!first || !newest || newest.at - first.at < 200) return undefined;
    return Math.round(((newest.done - first.done) / ((newest.at - first.at) / 1000)) * 10) / 10;
  }

  /** The spend, or undefined when it cannot be read right now (a busy or closed database must not stop a replay). */
  private safeSpent(): number | undefined {
    try {
      return Math.round(this.spent() * 1e6) / 1e6;
    } catch {
      return undefined;
    }
  }
}
