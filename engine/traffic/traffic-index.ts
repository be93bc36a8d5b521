import type { Store } from '../store/index.js';
import { indexEntry } from './index-entry.js';

/** Samples read and indexed per transaction while catching up. */
const BATCH = 250;

export interface TrafficIndexState {
  /** Samples indexed by this call. */
  added: number;
  /** Samples the index holds now, and samples stored: they differ only when the time budget ran out. */
  indexed: number;
  samples: number;
}

/**
 * Brings the Traffic screen's index (migration 014) up to date with the stored samples: samples are only ever
 * appended, so it indexes those past the highest id it holds, and drops entries whose sample is gone. Done on
 * read rather than at import, so importing costs nothing more. With `budgetMs`, it stops after the batch that
 * passes the budget (a screen asks again; the serve process must not stall for the whole catch-up of a 100k
 * import, measured at 5-10 s); without, it indexes everything.
 */
export function syncTrafficIndex(store: Store, opts: { budgetMs?: number } = {}): TrafficIndexState {
  const browse = store.traffic.browse;
  let { watermark, indexed, samples } = browse.state();
  // A database opened read-only (another workspace's) is browsed with the index it has.
  if (store.db.readonly) return { added: 0, indexed, samples };
  const started = performance.now();
  let added = 0;
  while (indexed + added < samples || added === 0) {
    if (opts.budgetMs !== undefined && added > 0 && performance.now() - started >= opts.budgetMs) break;
    const rows = browse.samplesAfter(watermark, BATCH);
    if (rows.length === 0) break;
    browse.addEntries(rows.map((r) => indexEntry(r.id, r.slice, r.sample_json)));
    added += rows.length;
    watermark = rows[rows.length - 1]!.id;
  }
  ({ indexed, samples } = browse.state());
  // More entries than samples, or all caught up and still apart: samples below the watermark were deleted (a bulk
  // load's duplicate clean-up).
  if (indexed > samples || (indexed !== samples && browse.samplesAfter(watermark, 1).length === 0)) {
    browse.dropOrphans();
    ({ indexed, samples } = browse.state());
  }
  return { added, indexed, samples };
}
