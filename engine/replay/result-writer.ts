import type { ProviderCompletion } from '../providers/provider.js';
import type { NewResult, Store } from '../store/index.js';

interface CacheEntry {
  key: Buffer;
  completion: ProviderCompletion;
}

/**
 * Writes replay results and response-cache entries in one transaction per turn of the event loop, instead of one
 * per call: the answers that arrived in the same turn commit together, right after it. An answer is therefore at
 * risk only while it waits for that turn — like an answer still on the wire — and a result commits with (or after)
 * the cache entries of its calls. At most `maxWaiting` wait: past that the writer commits at once.
 * A commit that fails in the background goes to `onError` (the rows stay queued for the next attempt).
 */
export class ResultWriter {
  private rows: NewResult[] = [];
  private cacheEntries: CacheEntry[] = [];
  private scheduled: ReturnType<typeof setImmediate> | null = null;
  private closed = false;
  private readonly writeAll: (rows: readonly NewResult[], entries: readonly CacheEntry[]) => void;

  constructor(
    store: Store,
    private readonly maxWaiting: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.writeAll = store.db.transaction((rows: readonly NewResult[], entries: readonly CacheEntry[]) => {
      for (const e of entries) store.responseCache.put(e.key, e.completion);
      store.results.insertMany(rows);
    });
  }

  /** Queues a result row. */
  add(row: NewResult): void {
    this.assertOpen();
    this.rows.push(row);
    this.waiting();
  }

  /** Queues a response-cache entry. */
  cache(key: Buffer, completion: ProviderCompletion): void {
    this.assertOpen();
    this.cacheEntries.push({ key, completion });
    this.waiting();
  }

  /** Commits everything queued, now; throws (keeping the rows queued) when the commit fails. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.rows.length === 0 && this.cacheEntries.length === 0) return;
    const rows = this.rows;
    const entries = this.cacheEntries;
    this.rows = [];
    this.cacheEntries = [];
    try {
      this.writeAll(rows, entries);
    } catch (err) {
      this.rows = [...rows, ...this.rows];
      this.cacheEntries = [...entries, ...this.cacheEntries];
      throw err;
    }
  }

  /** Commits what waits and accepts nothing more: nothing can fire after the run has returned. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the replay has ended: no more results can be written');
  }

  private waiting(): void {
    if (this.rows.length + this.cacheEntries.length >= this.maxWaiting) this.flushReporting();
    else this.scheduled ??= setImmediate(() => this.flushReporting());
  }

  private flushReporting(): void {
    try {
      this.flush();
    } catch (err) {
      this.onError(err);
    }
  }
}
