import type { ProviderCompletion } from '../providers/provider.js';
import type { NewResult, Store } from '../store/index.js';

/**
 * Writes replay results and response-cache entries in one transaction per turn of the event loop, instead of one
 * per call: every answer that arrived in the same turn commits together, a few milliseconds after it arrived.
 * An answer is therefore at risk only while it waits for that turn — exactly like an answer still on the wire —
 * and its result and cache entry commit atomically. `flush` writes what is waiting now (call it at the end).
 */
export class ResultWriter {
  private rows: NewResult[] = [];
  private cacheEntries: { key: Buffer; completion: ProviderCompletion }[] = [];
  private scheduled: ReturnType<typeof setImmediate> | null = null;
  private readonly writeAll: (rows: readonly NewResult[], entries: readonly { key: Buffer; completion: ProviderCompletion }[]) => void;

  constructor(private readonly store: Store) {
    this.writeAll = store.db.transaction((rows: readonly NewResult[], entries: readonly { key: Buffer; completion: ProviderCompletion }[]) => {
      for (const e of entries) store.responseCache.put(e.key, e.completion);
      store.results.insertMany(rows);
    });
  }

  /** Queues a result row. */
  add(row: NewResult): void {
    this.rows.push(row);
    this.schedule();
  }

  /** Queues a response-cache entry. */
  cache(key: Buffer, completion: ProviderCompletion): void {
    this.cacheEntries.push({ key, completion });
    this.schedule();
  }

  /** Commits everything queued, now. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.rows.length === 0 && this.cacheEntries.length === 0) return;
    const rows = this.rows;
    const entries = this.cacheEntries;
    this.rows = [];
    this.cacheEntries = [];
    this.writeAll(rows, entries);
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => this.flush());
  }
}
