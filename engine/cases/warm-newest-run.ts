import type { Store } from '../store/index.js';
import { caseIndexFor } from './case-index-cache.js';

/**
 * Builds the newest run's case index shortly after the engine host starts, before anyone asks: on a large run the
 * build takes seconds, and the newest run is the one the app opens by default, so its case list is then ready by
 * the time a reviewer clicks into it. Returns the function that cancels it if the host stops first.
 */
export function warmNewestRunIndex(store: Store, delayMs = 200): () => void {
  const timer = setTimeout(() => {
    try {
      const newest = store.runs.list(1, 0).runs[0];
      if (newest && store.db.open) caseIndexFor(store, newest.id);
    } catch {
      // A convenience only: the first cases.list builds the index anyway and reports any error properly.
    }
  }, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
}
