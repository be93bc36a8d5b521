import type { Store } from '../store/index.js';
import { caseIndexFor, caseIndexReady } from './case-index-cache.js';

/** The handle of a pending warm-up: calls push it back, cancel drops it. */
export interface WarmUp {
  /** An API call arrived: the engine is busy answering someone, so the warm-up waits for the next quiet moment. */
  touch(): void;
  cancel(): void;
}

/**
 * Builds the newest run's case index once the engine host has been quiet for a moment, before anyone asks: on a
 * large run the build takes seconds (and blocks the engine meanwhile), and the newest run is the one the app opens
 * by default, so its case list is then ready when a reviewer clicks into it. Waiting for quiet keeps the build from
 * delaying the overview the app loads first.
 */
export function warmNewestRunIndex(store: Store, databaseFile: string, quietMs = 1500): WarmUp {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    done = true;
    const newest = store.db.open ? store.runs.list(1, 0).runs[0] : undefined;
    if (!newest) return;
    // A large run is indexed on a worker thread; a small one inline (caseIndexFor), which is quick.
    caseIndexReady(store, databaseFile, newest.id)
      .then(() => {
        if (store.db.open) caseIndexFor(store, newest.id);
      })
      .catch(() => {
        // A convenience only: the first cases.list builds the index anyway and reports any error properly.
      });
  };
  const arm = () => {
    if (done) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, quietMs);
    timer.unref();
  };
  arm();
  return {
    touch: arm,
    cancel() {
      done = true;
      if (timer) clearTimeout(timer);
    },
  };
}
