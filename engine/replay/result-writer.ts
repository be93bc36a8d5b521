import type { ProviderCompletion } from '../providers/provider.js';
import type { NewResult, Store } from '../store/index.js';

export interface GroupCommit {
  /** Commit as soon as this many rows and cache entries are waiting. */
  maxWaiting: number;
  /** Commit at the latest this long after the first of them arrived. */
  maxDelayMs: number;
}

/**
 * Writes replay results and response-cache entries by group commit: the answers that arrive within a few
 * milliseconds commit in one transaction, instead of one transaction each. At a few thousand calls a second a
 * transaction per answer (or per event-loop turn, which holds one or two) spent more time writing WAL pages than
 * the rest of the replay. An answer is at risk only while it waits — like an answer still on the wire — and at
 * most `maxWaiting` of them wait, so a kill repeats at most that many calls beyond those in flight. A result and
 * the cache entries of its calls commit together or after them, never before. `flush` writes what waits now.
 */
export class ResultWriter {
  private rows: NewResult[] = [];
  private cacheEntries: { key: Buffer; completion: ProviderCompletion }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly writeAll: (rows: readonly NewResult[], entries: readonly { key: Buffer; completion: ProviderCompletion }[]) => void;

  constructor(
    store: Store,
    private readonly policy: GroupCommit,
  ) {
    this.writeAll = store.db.transaction((rows: readonly NewResult[], entries: readonly { key: Buffer; completion: ProviderCompletion }[]) => {
      for (const e of entries) store.responseCache.put(e.key, e.completion);
      store.results.insertMany(rows);
    });
  }

  /** Queues a result row. */
  add(row: NewResult): void {
    this.rows.push(row);
    this.waiting();
  }

  /** Queues a response-cache entry. */
  cache(key: Buffer, completion: ProviderCompletion): void {
    this.cacheEntries.push({ key, completion });
    this.waiting();
  }

  /** Commits everything queued, now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.rows.length === 0 && this.cacheEntries.length === 0) return;
    const rows = this.rows;
    const entries = this.cacheEntries;
    this.rows = [];
    this.cacheEntries = [];
    this.writeAll(rows, entries);
  }

  private waiting(): void {
    if (this.rows.length + this.cacheEntries.length >= this.policy.maxWaiting) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.policy.maxDelayMs);
  }
}
